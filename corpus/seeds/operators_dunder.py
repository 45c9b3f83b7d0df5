# feature: operators
class V:
    def __init__(self, *c):
        self.c = c
    def __repr__(self):
        return "V%r" % (self.c,)
    def __mul__(self, k):
        return V(*(x * k for x in self.c))
    __rmul__ = __mul__
    def __len__(self):
        return len(self.c)
    def __getitem__(self, i):
        return self.c[i]
    def __lt__(self, other):
        return sum(self.c) < sum(other.c)
    def __bool__(self):
        return any(self.c)
    def __contains__(self, x):
        return x in self.c
print(V(1, 2) * 3, 2 * V(1), len(V(1, 2, 3)), V(4, 5)[1], V(1) < V(2), bool(V(0)), 5 in V(5))
print(sorted([V(3), V(1), V(2)]))
try:
    V(1) + V(2)
except TypeError as e:
    print(e)
try:
    V(1) > 3
except TypeError as e:
    print(e)
