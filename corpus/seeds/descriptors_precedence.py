# feature: descriptors
class Data:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        print("set_name", owner.__name__, name)
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return ("data", getattr(obj, self.name, None))
    def __set__(self, obj, value):
        setattr(obj, self.name, value * 2)
    def __delete__(self, obj):
        print("delete", self.name)

class NonData:
    def __get__(self, obj, objtype=None):
        return ("nondata", objtype.__name__)

class C:
    d = Data()
    n = NonData()

c = C()
c.d = 5
print(c.d, C.d.name)
c.__dict__["d"] = "shadow?"
print(c.d)
print(c.n)
c.__dict__["n"] = "instance wins"
print(c.n, C.n)
del c.d
print(sorted(c.__dict__))

class Lazy:
    def __init__(self, fn):
        self.fn = fn
    def __get__(self, obj, cls):
        value = self.fn(obj)
        obj.__dict__[self.fn.__name__] = value
        return value

class Circle:
    def __init__(self, r):
        self.r = r
    @Lazy
    def area(self):
        print("computing")
        return 3 * self.r * self.r

k = Circle(2)
print(k.area, k.area)
print(type(C.__dict__["d"]).__name__, C.__dict__["n"].__get__(None, C))
