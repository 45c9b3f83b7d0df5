# feature: classes, dunder-methods, lists, parameters, properties, sets, slicing
# requires: 3.12
# regression: exec|3.12|stdout line N|->-
import functools
xs1 = list(range(8))
print(xs1[0:-1], xs1[::-1])
xs1[1:3] = [42, 7, 16]
print(xs1)
del xs1[::2]
print(xs1, ('-45'[-5:])[0:10], slice(1, None, 2).indices(7))
@functools.total_ordering
class Vec2:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __add__(self, other):
        pass
    def __mul__(self, k):
        pass
    __rmul__ = __mul__
    def __eq__(self, other):
        pass
    def __lt__(self, other):
        pass
    __hash__ = None
    def __len__(self):
        return len(self.xs)
    def __getitem__(self, i):
        return self.xs[i]
    def __contains__(self, v):
        pass
    def __bool__(self):
        return any(self.xs)
    def __repr__(self):
        return 'Vec2(%s)' % ', '.join(map(repr, self.xs))
v3 = Vec2(2, 16, 16)
v4 = Vec2(-3, -1)
print(v3 + v4, v3 * 3, 2 * v4, v3 == v4, v3 <= v4, len(v3), v3[-1], 42 in v3)
print(bool(v4), list(v3), sorted([v3, v4]), v4[::2])
class C5:
    kind = 'spam'
    def __init__(self, v):
        self.v = v
    def scaled(self, k=2):
        pass
    @classmethod
    def make(cls):
        return cls(10)
    @staticmethod
    def helper(x):
        return x - 1
    def __repr__(self):
        return 'C5(%r)' % (self.v,)
o6 = C5(7)
print(o6, o6.scaled(), C5.make(), C5.helper(3), o6.kind, sorted(vars(o6)))
st7 = set([2, 1, 10])
st8 = {0, 10, -3}
st7.add(29)
st8.discard(12)
print(st7 | st8, st7 & st8, st7 - st8, st7 ^ st8)
print(sorted(frozenset(st7) | {42}), st7 <= st8, len(st7))
st9 = set([42])
st10 = {16, 5, 1}
st9.add(39)
st10.discard(-1)
print(st9 | st10, st9 & st10, st9 - st10, st9 ^ st10)
print(sorted(frozenset(st9) | {3}), st9 <= st10, len(st9))
def params11(a, b=12, /, c=3, *, d, e=7):
    return (a, b, c, d, e)
print(params11(1, d=4), params11(1, 2, c=5, d=6, e=7))
try:
    params11(a=1, d=2)
except TypeError as exc:
    print(type(exc).__name__)
@functools.total_ordering
class Vec12:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __add__(self, other):
        return Vec12(*[a + b for a, b in zip(self.xs, other.xs)])
    def __mul__(self, k):
        return Vec12(*[a * k for a in self.xs])
    __rmul__ = __mul__
    def __eq__(self, other):
        return isinstance(other, Vec12) and self.xs == other.xs
    def __lt__(self, other):
        return sum(self.xs) < sum(other.xs)
    __hash__ = None
    def __len__(self):
        return len(self.xs)
    def __getitem__(self, i):
        return self.xs[i]
    def __contains__(self, v):
        return v in self.xs
    def __bool__(self):
        return any(self.xs)
    def __repr__(self):
        return 'Vec12(%s)' % ', '.join(map(repr, self.xs))
v13 = Vec12(-3, 42, -3)
