# feature: match
# requires: 3.10
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

def describe(obj):
    match obj:
        case {"type": "circle", "r": r} if r > 0:
            return "circle %s" % r
        case {"type": "rect", **rest}:
            return "rect with %s" % sorted(rest)
        case Point(0, 0):
            return "origin"
        case Point(x, 0) | Point(0, x):
            return "on an axis at %s" % x
        case Point(x=px, y=py) if px == py:
            return "diagonal %s" % px
        case Point():
            return "some point"
        case [int(a), str(b), *others]:
            return "int %d str %s rest %s" % (a, b, others)
        case str() | bytes() as s:
            return "text %r" % (s,)
        case {"type": _}:
            return "unknown shape"
        case _:
            return "nothing"

for o in [{"type": "circle", "r": 2}, {"type": "circle", "r": 0}, {"type": "rect", "w": 1, "h": 2},
          Point(0, 0), Point(3, 0), Point(0, 4), Point(5, 5), Point(1, 2), [1, "a", 2, 3],
          "hi", b"by", 42]:
    print(describe(o))

class NoArgs:
    pass
try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)
