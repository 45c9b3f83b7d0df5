# feature: classes, super
class A:
    def hello(self):
        return "A"
    def who(self):
        return "A.who"
class B(A):
    def hello(self):
        return "B>" + super().hello()
class C(A):
    def hello(self):
        return "C>" + super().hello()
class D(B, C):
    def hello(self):
        return "D>" + super().hello()
print(D().hello(), [k.__name__ for k in D.__mro__], D().who())
print(issubclass(D, A), isinstance(D(), C), D.__bases__)
class E(Exception):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code
try:
    raise E(7)
except E as e:
    print(e, e.code, e.args)
