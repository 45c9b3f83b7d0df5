# During a collection: weakrefs to garbage are cleared, callbacks of live weakrefs run,
# then __del__, in the collector's order.
import gc
import weakref


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


gc.disable()
gc.collect()
a = A("a")
b = A("b")
a.peer = b
b.peer = a
refs = [weakref.ref(a, lambda r: print("callback a", r() is None)),
        weakref.ref(b, lambda r: print("callback b", r() is None))]
del a, b
print(gc.collect())
print([r() for r in refs])
