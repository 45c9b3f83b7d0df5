# gc.is_tracked of dicts and tuples holding containers: an empty dict, list or set
# can be filled later, so a dict or tuple holding one stays tracked; a tuple only
# keeps its holder tracked while it is tracked itself.
import gc
def nt(t):
    gc.collect(); gc.collect(); return gc.is_tracked(t)
def tr(t):
    a = gc.is_tracked(t); gc.collect(); gc.collect(); return a, gc.is_tracked(t)
x, y, z, w = 1.5, "a", (1, None), []
print(nt({}), nt({x: (), y: x, z: 1}), nt({1: "a", "b": 2}), nt({1: 2, (None, True, False, ()): int}), nt({1: object()}))
print(tr({1: []}), tr({1: ([],)}), tr({1: {}}), tr({1: set()}), tr({1: frozenset()}), tr({1: (1, 2)}), tr({1: ((),)}))
d = {}; dd = {}; d[1] = dd
print(nt(dd), tr(d)); dd[1] = d; print(tr(dd))
t = ({},); print(tr(t)); t2 = ((1,), "x"); print(tr(t2)); t3 = ([],); print(tr(t3))
class O: pass
print(tr({1: O()}), tr({1: O}), tr((O,)), tr({1: len}))
