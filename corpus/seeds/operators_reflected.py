# feature: operators, NotImplemented
class Meters:
    def __init__(self, v):
        self.v = v
    def __add__(self, other):
        if isinstance(other, Meters):
            return Meters(self.v + other.v)
        if isinstance(other, (int, float)):
            return Meters(self.v + other)
        return NotImplemented
    __radd__ = __add__
    def __lt__(self, other):
        return self.v < other.v
    def __eq__(self, other):
        return isinstance(other, Meters) and self.v == other.v
    def __repr__(self):
        return "Meters(%r)" % self.v

print(Meters(1) + Meters(2), Meters(1) + 5, 5 + Meters(1), sum([Meters(1), Meters(2)], Meters(0)))
print(Meters(1) < Meters(2), Meters(3) > Meters(2), Meters(1) == Meters(1), Meters(1) != Meters(2))
try:
    Meters(1) + "x"
except TypeError as e:
    print("TypeError:", e)
try:
    Meters(1) <= Meters(2)
except TypeError as e:
    print("TypeError:", e)
class Left:
    def __mul__(self, o):
        return NotImplemented
class Right:
    def __rmul__(self, o):
        return "right handled %s" % type(o).__name__
print(Left() * Right())
class Sub(Meters):
    def __radd__(self, other):
        return "sub radd wins"
print(Meters(1) + Sub(2))
print(sorted([Meters(3), Meters(1), Meters(2)]), max(Meters(5), Meters(7)))
