# feature: refcount
import sys

class Box:
    pass

payload = object()
print(sys.getrefcount(payload))
b = Box()
b.item = payload
print(sys.getrefcount(payload))
b.other = payload
print(sys.getrefcount(payload))
del b.item
print(sys.getrefcount(payload))
del b
print(sys.getrefcount(payload))

class WithMethod:
    def m(self):
        return self
w = WithMethod()
before = sys.getrefcount(w)
bound = w.m
print(sys.getrefcount(w) - before)
del bound
print(sys.getrefcount(w) - before)
lst = [w, w, w]
print(sys.getrefcount(w) - before)
dct = {1: w, 2: w}
print(sys.getrefcount(w) - before)
tup = (w,)
print(sys.getrefcount(w) - before)
del lst, dct, tup
print(sys.getrefcount(w) - before)
print(sys.getrefcount(Box), sys.getrefcount(None) > 1000)
class Sub(Box):
    pass
print(sys.getrefcount(Box), sys.getrefcount(Sub))
instances = [Sub(), Sub()]
print(sys.getrefcount(Sub))
del instances
print(sys.getrefcount(Sub))
