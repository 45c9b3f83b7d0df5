# feature: gc, cycles
import gc
gc.collect()

lst = [1, 2]
lst.append(lst)
del lst
print("list", gc.collect())
d = {"k": None}
d["k"] = d
del d
print("dict", gc.collect())
s = []
t = (s,)
s.append(t)
del s, t
print("list+tuple", gc.collect())
class Box:
    pass
x, y = Box(), Box()
x.other, y.other = y, x
del x, y
print("instances", gc.collect())
z = Box()
z.items = [z]
del z
print("instance+list", gc.collect())
print("nothing", gc.collect())
print(gc.is_tracked([]), gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked({}), gc.is_tracked({"a": []}))
