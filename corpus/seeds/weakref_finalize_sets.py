# feature: weakref, finalize, WeakSet, WeakKeyDictionary
import weakref

class Node:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return "Node(%s)" % self.name

def report(tag):
    print("finalized", tag)

n1, n2 = Node("x"), Node("y")
f = weakref.finalize(n1, report, "x")
print(f.alive, f.peek()[0] is n1)
del n1
print(f.alive, f())
ws = weakref.WeakSet([n2])
n3 = Node("z")
ws.add(n3)
print(len(ws), n2 in ws)
del n3
print(len(ws), sorted(n.name for n in ws))
wk = weakref.WeakKeyDictionary()
wk[n2] = "payload"
print(wk[n2], len(wk))
del n2
print(len(wk), len(ws))
g = weakref.finalize(Node("temp"), report, "temp")
print("temp done", g.alive)
h = weakref.finalize(Node("never"), report, "at exit")
h2 = weakref.finalize(Node("detached"), report, "no")
print(h2.detach() is not None)
