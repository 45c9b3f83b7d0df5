# feature: refcount
import sys
class Obj:
    def method(self):
        return sys.getrefcount(self)
o = Obj()
print(sys.getrefcount(o), o.method())
def pass_through(x, y):
    return sys.getrefcount(x)
print(pass_through(o, o))
items = [o] * 5
print(sys.getrefcount(o))
items.clear()
print(sys.getrefcount(o))
