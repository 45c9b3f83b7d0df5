# feature: weakref
import weakref
class T:
    def __init__(self, n):
        self.n = n
t = T(1)
r = weakref.ref(t)
print(r() is t, r().n)
def cb(ref):
    print("callback", ref() is None)
r2 = weakref.ref(t, cb)
r3 = weakref.ref(t, lambda ref: print("second callback"))
del t
print(r(), r2())
