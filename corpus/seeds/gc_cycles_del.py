# feature: gc, del, cycles
import gc
gc.collect()

class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None
    def __del__(self):
        print("del", self.name)

a, b = Node("a"), Node("b")
a.peer, b.peer = b, a
del a, b
print("before collect")
print("collected", gc.collect())
ring = [Node("r%d" % i) for i in range(3)]
for i, n in enumerate(ring):
    n.peer = ring[(i + 1) % 3]
ring = None
print("collected", gc.collect())
n = None
print("collected", gc.collect())
solo = Node("self")
solo.peer = solo
solo = None
print("collected", gc.collect(), gc.collect())
print(gc.isenabled(), gc.get_threshold() == gc.get_threshold())
print("end of program")
