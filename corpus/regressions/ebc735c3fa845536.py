# feature: checksum, dunder-methods, except-star, inheritance, lists, nonlocal, sets, try-except, varargs, with
# requires: 3.13
# regression: exec|3.13|stdout line N|->-
import functools
_ck = 0
def _fold(*values):
    global _ck
    for value in values:
        for ch in repr(value):
            _ck = (_ck * 131 + ord(ch)) % 2305843009213693951
def va1(first, *args, sep='-', **kwargs):
    pass
_fold(va1(10), va1(1, 2, 3, sep='+', z=3, a=1), va1(*[7, 1], **{'k': 'v'}))
class Base2:
    def __init__(self):
        self.trail = ['Base2']
    def who(self):
        pass
class Left3(Base2):
    pass
class Right4(Base2):
    pass
class Diamond5(Left3, Right4):
    pass
o6 = Left3()
_fold(o6.trail, o6.who(), [k.__name__ for k in Diamond5.__mro__], isinstance(o6, Right4), issubclass(Diamond5, Base2))
xs7 = [0][:]
xs7.remove(0) if 0 in xs7 else None
xs7.extend([0, 2])
xs7.extend([7, 16])
_fold(xs7, len(xs7), xs7.count(42), sum(xs7))
class Ctx8:
    def __init__(self, name, swallow=False):
        pass
    def __enter__(self):
        pass
    def __exit__(self, kind, value, tb):
        pass
with Ctx8('a') as first, Ctx8('b', swallow=True) as second:
    pass
_fold('after')
try:
    pass
except (ValueError, ArithmeticError) as exc:
    _fold('caught', type(exc).__name__)
except Exception:
    _fold('other')
else:
    pass
finally:
    _fold('finally')
try:
    raise ExceptionGroup('group', [ValueError(1), TypeError(2)])
except* ValueError as eg:
    _fold('values', repr(eg.exceptions))
except* (TypeError, KeyError) as eg:
    _fold('others', len(eg.exceptions))
st9 = set([-3, 1])
st10 = {42, 7, 7}
st9.add(37)
st10.discard(42)
_fold(st9 | st10, st9 & st10, st9 - st10, st9 ^ st10)
_fold(sorted(frozenset(st9) | {5}), st9 <= st10, len(st9))
def counter11(start):
    total = start
    def bump(by=1):
        nonlocal total
        total += by
        return total
    return bump
bump12 = counter11(5)
_fold(bump12(), bump12(5), bump12())
@functools.total_ordering
class Vec13:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __add__(self, other):
        return Vec13(*[a + b for a, b in zip(self.xs, other.xs)])
    def __mul__(self, k):
        return Vec13(*[a * k for a in self.xs])
    __rmul__ = __mul__
    def __eq__(self, other):
        return isinstance(other, Vec13) and self.xs == other.xs
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
        return 'Vec13(%s)' % ', '.join(map(repr, self.xs))
v14 = Vec13(-1, -3, 2)
v15 = Vec13(1, 10)
_fold(v14 + v15, v14 * 3, 2 * v15, v14 == v15, v14 <= v15, len(v14), v14[-1], 5 in v14)
_fold(bool(v15), list(v14), sorted([v14, v15]), v15[::2])
try:
    _fold(float('inf') // 0)
except (ZeroDivisionError, ArithmeticError) as exc:
    _fold('caught', type(exc).__name__)
except Exception:
    _fold('other')
else:
    _fold('no error')
finally:
    _fold('finally')
print('checksum', _ck)
