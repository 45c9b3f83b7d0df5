# feature: weakref, WeakValueDictionary
import weakref

class Entry:
    def __init__(self, key):
        self.key = key
    def __repr__(self):
        return "Entry(%r)" % self.key

cache = weakref.WeakValueDictionary()
a, b, c = Entry("a"), Entry("b"), Entry("c")
cache["a"] = a
cache["b"] = b
cache["c"] = c
print(sorted(cache.keys()), len(cache), cache["a"], "b" in cache)
del b
print(sorted(cache.keys()), len(cache), "b" in cache)
print(cache.get("b", "gone"), cache.get("c"))
c = None
print(sorted(cache.items()))
cache.setdefault("d", a)
print(sorted(cache), cache.pop("d"))
try:
    cache["zzz"]
except KeyError as e:
    print("KeyError:", e)
print([r() for r in cache.valuerefs()])
