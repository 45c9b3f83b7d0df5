# feature: refcount, closures
import sys

class Obj:
    pass

o = Obj()
base = sys.getrefcount(o)

def make(x):
    def inner():
        return x
    return inner

f = make(o)
print("closure", sys.getrefcount(o) - base)
g = make(o)
print("two closures", sys.getrefcount(o) - base)
del f
print("one closure", sys.getrefcount(o) - base)
cell = g.__closure__[0]
print("cell", sys.getrefcount(cell), cell.cell_contents is o)
del g
print("cell alive", sys.getrefcount(o) - base)
del cell
print("all gone", sys.getrefcount(o) - base)
lam = lambda y=o: y
print("default", sys.getrefcount(o) - base)
del lam
print("default gone", sys.getrefcount(o) - base)
def gen():
    yield o
    yield o
it = gen()
print("created gen", sys.getrefcount(o) - base)
next(it)
print("suspended gen", sys.getrefcount(o) - base)
del it
print("gen gone", sys.getrefcount(o) - base)
