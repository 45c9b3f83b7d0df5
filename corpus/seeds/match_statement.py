# feature: match
# requires: 3.10
def describe(x):
    match x:
        case 0:
            return "zero"
        case [a, b]:
            return f"pair {a} {b}"
        case {"k": v}:
            return f"dict {v}"
        case str() as s if len(s) > 2:
            return "long str " + s
        case int(n) | float(n):
            return f"number {n}"
        case _:
            return "other"
for v in (0, [1, 2], {"k": 9}, "hello", 5, 2.5, "x", None):
    print(describe(v))
class Pt:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
match Pt(1, 2):
    case Pt(1, y=yy):
        print("Pt with y", yy)
