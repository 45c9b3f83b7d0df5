# feature: del, refcount
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

class Holder:
    def __init__(self):
        self.first = Noisy("first")
        self.second = Noisy("second")
        self.third = Noisy("third")
    def __del__(self):
        print("del holder")

h = Holder()
h.second = None
print("replaced second")
del h
print("holder gone")

class SlotHolder:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = Noisy("slot a")
        self.b = Noisy("slot b")

s = SlotHolder()
del s
def f():
    x = Noisy("local x")
    y = Noisy("local y")
    return "returning"
print(f())
lst = [Noisy("l0"), Noisy("l1"), Noisy("l2")]
del lst[1]
lst.pop()
print("list shrunk")
lst.clear()
x = Noisy("rebound")
x = Noisy("replacement")
print("end of program")
