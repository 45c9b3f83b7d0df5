# feature: hashing, equality
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

try:
    {Point(1, 2)}
except TypeError as e:
    print("TypeError:", e)
print(Point.__hash__ is None, Point(1, 2) == Point(1, 2), Point(1, 2) != Point(2, 1))
class HPoint(Point):
    def __hash__(self):
        return hash((self.x, self.y))
s = {HPoint(1, 2), HPoint(1, 2), HPoint(3, 4)}
print(len(s), HPoint(1, 2) in s, {HPoint(0, 0): "origin"}[HPoint(0, 0)])
print(hash(1) == hash(1.0) == hash(True), hash((1, 2)) == hash((1, 2)), hash("") == 0)
d = {1: "int", 1.0: "float"}
print(d, {True: "a", 1: "b"}, len({0, 0.0, False, -0.0}))
try:
    hash([1])
except TypeError as e:
    print("TypeError:", e)
try:
    {[]: 1}
except TypeError as e:
    print("TypeError:", e)
class Weird:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
w = Weird()
print(w == 5, w in [1, 2], [1, 2].index(w), w != 3)
