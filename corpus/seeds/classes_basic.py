# feature: classes
class Point:
    count = 0
    def __init__(self, x, y):
        self.x, self.y = x, y
        Point.count += 1
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    @property
    def norm(self):
        return abs(self.x) + abs(self.y)
    @staticmethod
    def origin():
        return Point(0, 0)
    @classmethod
    def unit(cls):
        return cls(1, 1)
p = Point(1, 2) + Point.unit()
print(p, p.norm, Point.origin(), Point.count, p == Point(2, 3), {p: 1}[Point(2, 3)])
print(type(p).__name__, isinstance(p, Point), hasattr(p, "x"), getattr(p, "z", None))
