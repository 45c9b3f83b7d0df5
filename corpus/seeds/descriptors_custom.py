# feature: descriptors
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name)
    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError("need int")
        setattr(obj, self.name, value)
class R:
    width = Typed()
    def __init__(self, w):
        self.width = w
r = R(4)
print(r.width, r.__dict__)
try:
    r.width = "x"
except TypeError as e:
    print(e)
print(type(R.width).__name__)
