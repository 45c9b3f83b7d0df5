# feature: refcount, generators
import sys

class Token:
    pass

tok = Token()
base = sys.getrefcount(tok)
def gen(t):
    yield t
    yield t
g = gen(tok)
print("created", sys.getrefcount(tok) - base)
first = next(g)
print("after next", sys.getrefcount(tok) - base)
del first
print("dropped yielded value", sys.getrefcount(tok) - base)
list(g)
print("exhausted", sys.getrefcount(tok) - base)
def local_holder():
    here = tok
    return sys.getrefcount(tok) - base
print("inside function", local_holder())
print("after return", sys.getrefcount(tok) - base)
items = [tok] * 5
print("list of five", sys.getrefcount(tok) - base)
items = items[:2]
print("sliced", sys.getrefcount(tok) - base)
d = dict.fromkeys("abc", tok)
print("dict values", sys.getrefcount(tok) - base)
d.clear()
del items
print("cleared", sys.getrefcount(tok) - base)
