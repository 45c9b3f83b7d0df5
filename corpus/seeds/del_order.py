# feature: del, refcount
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
a = D("a")
b = D("b")
del a
print("after del a")
c = [D("c1"), D("c2")]
c = None
print("after list")
def f():
    x = D("local1")
    y = D("local2")
    print("in f")
f()
print("after f")
d = {"k1": D("v1"), "k2": D("v2")}
del d
print("end")
