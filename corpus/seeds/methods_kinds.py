# feature: classmethod, staticmethod, bound methods
class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
    @classmethod
    def create(cls):
        return cls()
    @staticmethod
    def describe(x):
        return "static %r" % (x,)
    def method(self):
        return "bound to %s" % type(self).__name__

class Sub(Counter):
    pass

s = Sub.create()
print(type(s).__name__, Counter.instances, Sub.describe(1), s.describe(2))
m = s.method
print(m(), m.__self__ is s, m.__func__ is Counter.method, Counter.method(s))
print(type(Counter.__dict__["create"]).__name__, type(Counter.__dict__["describe"]).__name__)
print(Counter.create.__self__ is Counter, Sub.create.__func__ is Counter.create.__func__)
bound = [1, 2].append
print(bound.__self__, bound.__name__, len.__name__, len.__self__.__name__)
f = Counter.method
try:
    f()
except TypeError as e:
    print("TypeError:", e)
print(m == s.method, m is s.method, str.upper("x"), "x".upper.__qualname__)
