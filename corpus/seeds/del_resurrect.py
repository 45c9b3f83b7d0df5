# feature: del, refcount
import sys
saved = []

class Phoenix:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)
        saved.append(self)

p = Phoenix("first")
del p
print("saved", len(saved), sys.getrefcount(saved[0]))
q = saved.pop()
print("popped", q.name)
del q
print("after second drop", len(saved))

class Chain:
    def __init__(self, name, nxt=None):
        self.name = name
        self.nxt = nxt
    def __del__(self):
        print("del", self.name)

c = Chain("a", Chain("b", Chain("c")))
del c
print("chain gone")
items = [Chain("x"), Chain("y"), Chain("z")]
items = None
d = {"k1": Chain("v1"), "k2": Chain("v2")}
d.clear()
t = (Chain("t1"), Chain("t2"))
del t
print("end")
