# feature: refcount
# While an exception is handled its class is referenced by the exception, by the
# handler's saved state and (3.8-3.10) by the thread's (type, value, traceback).
import sys

class E(Exception):
    pass

class F(E):
    pass

print(sys.getrefcount(E))
try:
    raise E("x")
except E as e:
    print(sys.getrefcount(E))
    try:
        raise F
    except F:
        print(sys.getrefcount(E), sys.getrefcount(F))
    print(sys.getrefcount(E), sys.getrefcount(F), sys.exc_info()[0] is E)
print(sys.getrefcount(E), sys.getrefcount(F))

def gen():
    try:
        raise F("in a generator")
    except F:
        yield sys.getrefcount(F)
        yield sys.getrefcount(F)
    yield sys.getrefcount(F)

g = gen()
print(next(g), sys.getrefcount(F))
print(next(g), next(g), sys.getrefcount(F))
g = gen()
next(g)
del g
print(sys.getrefcount(F))

def reraise():
    try:
        raise E
    except E:
        raise

try:
    reraise()
except E:
    print(sys.getrefcount(E))
print(sys.getrefcount(E))
