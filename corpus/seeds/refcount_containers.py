# feature: refcount
import sys
x = [1, 2, 3]
print(sys.getrefcount(x))
d = {"k": x}
t = (x,)
print(sys.getrefcount(x))
class Holder:
    def __init__(self, v):
        self.v = v
h = Holder(x)
print(sys.getrefcount(x))
d.clear()
del t
h.v = None
print(sys.getrefcount(x))
