# feature: refcount, exceptions
import sys

class Res:
    def __del__(self):
        print("Res freed")

def fails(r):
    local = r
    raise ValueError("x")

r = Res()
base = sys.getrefcount(r)
try:
    fails(r)
except ValueError as e:
    print("in handler", sys.getrefcount(r) - base)
    saved_tb = e.__traceback__
print("after handler", sys.getrefcount(r) - base)
del saved_tb
print("tb dropped", sys.getrefcount(r) - base)
err = None
try:
    fails(r)
except ValueError as e:
    err = e
print("kept exception", sys.getrefcount(r) - base)
err = None
print("dropped exception", sys.getrefcount(r) - base)
try:
    raise KeyError(r)
except KeyError:
    pass
print("arg released", sys.getrefcount(r) - base)
del r
print("end")
