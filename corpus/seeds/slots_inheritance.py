# feature: slots
class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y

class Q(P):
    __slots__ = ("z",)

class R(P):
    pass

p = P(1, 2)
try:
    p.w = 3
except AttributeError as e:
    print("AttributeError:", e)
q = Q(1, 2)
q.z = 3
print(q.x, q.y, q.z, hasattr(q, "__dict__"))
try:
    print(Q(0, 0).z)
except AttributeError as e:
    print("AttributeError:", e)
r = R(5, 6)
r.extra = "ok"
print(r.__dict__, P.__slots__, type(P.__dict__["x"]).__name__)
del p.x
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)

class WithDict:
    __slots__ = ("a", "__dict__")
w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.__dict__)
try:
    class Conflict:
        __slots__ = ("v",)
        v = 1
except ValueError as e:
    print("ValueError:", e)
import weakref
class NoWeak:
    __slots__ = ()
try:
    weakref.ref(NoWeak())
except TypeError as e:
    print("TypeError:", e)
