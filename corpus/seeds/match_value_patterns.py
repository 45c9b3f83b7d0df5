# feature: match
# requires: 3.10
import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
class Limits:
    LOW = 0
    HIGH = 100

def classify(v):
    match v:
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case Limits.LOW | Limits.HIGH:
            return "limit"
        case 1 | 2 | 3 as small:
            return "small %d" % small
        case -1.5:
            return "negative float"
        case "a" | "b":
            return "letter"
        case b"raw":
            return "bytes"
        case (1, *rest):
            return "tuple starting 1 with %r" % (rest,)
        case [_, _, *_]:
            return "long sequence"
        case {"k": [x, {"deep": y}]}:
            return "deep %r %r" % (x, y)
        case int(n) if n % 2 == 0:
            return "even %d" % n
        case _:
            return "other"
for v in (None, True, 1, Color.RED, Color.GREEN, 0, 100, 2, -1.5, "b", b"raw", (1, 2, 3),
          [7, 8, 9], {"k": [1, {"deep": 2}]}, 42, 43, "zz", (5,)):
    print(repr(v), "->", classify(v))
