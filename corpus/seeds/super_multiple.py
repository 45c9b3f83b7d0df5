# feature: super, inheritance
class Base:
    def hello(self):
        return ["Base"]
    @classmethod
    def make(cls):
        return "Base.make(%s)" % cls.__name__

class Left(Base):
    def hello(self):
        return ["Left"] + super().hello()

class Right(Base):
    def hello(self):
        return ["Right"] + super().hello()
    @classmethod
    def make(cls):
        return "Right>" + super().make()

class Diamond(Left, Right):
    def hello(self):
        return ["Diamond"] + super().hello()

print([c.__name__ for c in Diamond.__mro__])
print(Diamond().hello())
print(Diamond.make())
print(super(Left, Diamond()).hello())
class WithInit(Diamond):
    def __init__(self, v):
        super().__init__()
        self.v = v
    def __repr__(self):
        return "WithInit(%r) %s" % (self.v, super().__repr__()[:9])
print(repr(WithInit(3)))
try:
    class Bad(Left, Base, Right): pass
except TypeError as e:
    print("TypeError:", e)
s = super(Diamond, Diamond())
print(type(s).__name__, s.hello())
def outside():
    super()
try:
    outside()
except RuntimeError as e:
    print("RuntimeError:", e)
