# feature: metaclasses
class Singleton(type):
    _instances = {}
    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            print("creating", cls.__name__)
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]

class Config(metaclass=Singleton):
    def __init__(self, value=1):
        self.value = value

a = Config(5)
b = Config(6)
print(a is b, a.value, type(Config).__name__)

class Validating(type):
    def __new__(mcls, name, bases, ns):
        for key, value in ns.items():
            if key.startswith("check_") and not callable(value):
                raise TypeError("%s.%s must be callable" % (name, key))
        ns["validated"] = True
        return super().__new__(mcls, name, bases, ns)
    def __repr__(cls):
        return "<validated class %s>" % cls.__name__

class Model(metaclass=Validating):
    def check_x(self):
        return True
print(Model, Model.validated, Model().check_x())
try:
    class Broken(metaclass=Validating):
        check_y = 3
except TypeError as e:
    print("TypeError:", e)
class AutoName(type):
    def __getattr__(cls, name):
        return "%s.%s" % (cls.__name__, name)
class Consts(metaclass=AutoName):
    pass
print(Consts.ANYTHING, isinstance(Consts, AutoName))
