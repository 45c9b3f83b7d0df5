# feature: abc, inheritance
import abc

class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...
    @property
    @abc.abstractmethod
    def name(self):
        ...
    def describe(self):
        return "%s with area %s" % (self.name, self.area())

class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
    @property
    def name(self):
        return "square"

print(Square(3).describe(), isinstance(Square(1), Shape), issubclass(Square, Shape))
try:
    Shape()
except TypeError as e:
    print("TypeError:", e)
class Partial(Shape):
    def area(self):
        return 0
try:
    Partial()
except TypeError as e:
    print("TypeError:", e)
print(sorted(Shape.__abstractmethods__), Partial.__abstractmethods__)
class Duck:
    def area(self):
        return 1
Shape.register(Duck)
print(isinstance(Duck(), Shape), issubclass(Duck, Shape))
from collections.abc import Sized, Iterable
class Bag:
    def __len__(self):
        return 0
print(isinstance(Bag(), Sized), isinstance(Bag(), Iterable), isinstance([], Iterable))
