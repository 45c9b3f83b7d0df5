# feature: weakref
import weakref

class Target:
    def __init__(self, name):
        self.name = name
    def hello(self):
        return "hello from " + self.name
    def __len__(self):
        return 3
    def __del__(self):
        print("del", self.name)

t = Target("t1")
calls = []
p = weakref.proxy(t, lambda ref: calls.append("proxy callback"))
r = weakref.ref(t, lambda ref: calls.append("ref callback %s" % (ref() is None)))
print(p.name, p.hello(), len(p), weakref.getweakrefcount(t))
print(r() is t, r is weakref.ref(t))
p.name = "renamed"
print(t.name)
del t
print(calls)
try:
    p.name
except ReferenceError as e:
    print("ReferenceError:", e)
print(r(), weakref.getweakrefcount(r))
u = Target("u")
refs = [weakref.ref(u, lambda ref, i=i: print("callback", i)) for i in range(3)]
del u
print("after u")
