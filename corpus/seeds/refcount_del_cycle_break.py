# feature: del, refcount
class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        print("del", self.name)
a = Node("a")
b = Node("b")
a.other = b
b.other = a
a.other = None
del b
print("b still referenced by nothing after a.other reset")
del a
print("done")
