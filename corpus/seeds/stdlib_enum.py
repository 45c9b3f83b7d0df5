# feature: import, enum
import enum

class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

    def describe(self):
        return "%s=%d" % (self.name, self.value)

class Shape(enum.IntEnum):
    CIRCLE = 1
    SQUARE = 2

class Perm(enum.Flag):
    R = enum.auto()
    W = enum.auto()
    X = enum.auto()

print(Color.RED, repr(Color.GREEN), Color(3), Color["BLUE"], Color.RED.describe())
print(list(Color), len(Color), Color.RED in Color, Color.RED is Color(1))
print(Shape.SQUARE + 1, Shape.CIRCLE < Shape.SQUARE, int(Shape.SQUARE), Shape(2).name)
rw = Perm.R | Perm.W
print(rw, Perm.R in rw, Perm.X in rw, rw & Perm.W, ~Perm.R, Perm(0), list(rw))
try:
    Color(9)
except ValueError as e:
    print("ValueError:", e)

class Status(str, enum.Enum):
    OK = "ok"
    FAIL = "fail"
print(Status.OK == "ok", Status("fail"), Status.OK.value, f"{Status.OK}")
@enum.unique
class U(enum.Enum):
    A = 1
    B = 2
print([m.name for m in U], Color.__members__.keys())
