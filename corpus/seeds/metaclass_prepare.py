# feature: metaclasses
class Recorder(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, kw)
        return {"created_by": mcls.__name__}
    def __new__(mcls, name, bases, ns, **kw):
        print("new", name, sorted(k for k in ns if not k.startswith("__")))
        return super().__new__(mcls, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.options = kw
    def __call__(cls, *args):
        print("call", cls.__name__, args)
        return super().__call__(*args)

class Base(metaclass=Recorder, flavor="x"):
    def method(self):
        return "method"

class Child(Base):
    def __init_subclass__(cls, **kw):
        print("init_subclass", cls.__name__, kw)
        super().__init_subclass__()

class Grand(Child, tag=1):
    pass

obj = Child()
print(obj.method(), Base.options, Child.options, Grand.options, Base.created_by)
print(type(Base).__name__, isinstance(Grand, Recorder), Grand.__mro__[1].__name__)

class Registry(type):
    classes = []
    def __init__(cls, *a):
        super().__init__(*a)
        Registry.classes.append(cls.__name__)

class A(metaclass=Registry): pass
class B(A): pass
print(Registry.classes)
class Gen:
    def __class_getitem__(cls, item):
        return "%s[%s]" % (cls.__name__, item.__name__)
print(Gen[int])
