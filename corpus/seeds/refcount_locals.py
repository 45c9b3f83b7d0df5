# feature: refcount
import sys
class A:
    pass
a = A()
print(sys.getrefcount(a))
b = a
print(sys.getrefcount(a))
lst = [a, a]
print(sys.getrefcount(a))
del lst
print(sys.getrefcount(a))
def f(x):
    return sys.getrefcount(x)
print(f(a))
print(sys.getrefcount(None) > 1000, sys.getrefcount(5) > 1000)
