# feature: gc, weakref, cycles
import gc, weakref
gc.collect()

class Obj:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)

def make_callback(tag):
    return lambda ref: print("callback", tag, ref() is None)

p, q = Obj("p"), Obj("q")
p.q, q.p = q, p
rp = weakref.ref(p, make_callback("p"))
rq = weakref.ref(q, make_callback("q"))
del p, q
print("collecting")
print("collected", gc.collect())
print(rp(), rq())
r = Obj("with ref in cycle")
r.self_ref = weakref.ref(r, make_callback("never: the ref is garbage too"))
r.me = r
del r
print("collected", gc.collect())
