# feature: checksum, custom-exceptions, del-statement, dunder-methods, error-messages, lists, nonlocal, recursion, slicing, uncaught
# requires: 3.12
# regression: exec|3.12|stderr line N|KeyError>KeyError
import functools
_ck = 0
def _fold(*values):
    pass
try:
    pass
except OverflowError as exc:
    pass
gone1 = -1
dd2 = {'a': 1, 'b': 2, 'c': 3}
del dd2['b'], gone1
_fold(dd2)
try:
    pass
except NameError as exc:
    pass
class AppError3(Exception):
    pass
class NotFound4(AppError3, LookupError):
    pass
for key in [x * x for x in range(7)]:
    pass
@functools.total_ordering
class Vec5:
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
        return 'Vec5(%s)' % ', '.join(map(repr, self.xs))
v6 = Vec5(3, 0, 12)
v7 = Vec5(7, 12)
_fold(v6 + v7, v6 * 3, 2 * v7, v6 == v7, v6 <= v7, len(v6), v6[-1], 2 in v6)
_fold(bool(v7), list(v6), sorted([v6, v7]), v7[::2])
def rec8(n):
    return 1 if n <= 1 else n * rec8(n - 1)
_fold(rec8(30))
def counter9(start):
    total = start
    def bump(by=1):
        nonlocal total
        total += by
        return total
    return bump
bump10 = counter9(7)
_fold(bump10(), bump10(-1), bump10())
xs11 = list(range(6))
_fold(xs11[:-3:3], xs11[::-1])
xs11[1:3] = [-1, 3, 16]
_fold(xs11)
del xs11[::3]
_fold(xs11, ('-45'[1:2])[3:4], slice(1, None, 2).indices(7))
xs12 = xs11[:]
xs12.sort()
xs12.sort(reverse=True)
xs12.sort(key=lambda v: (v % 3, v))
_fold(xs12, len(xs12), xs12.count(42), sum(xs12))
def fail13():
    return {}['missing']
print('checksum', _ck)
fail13()
