# feature: metaclasses
class Meta(type):
    def __new__(mcs, name, bases, ns):
        ns["tag"] = name.lower()
        return super().__new__(mcs, name, bases, ns)
    def __call__(cls, *args):
        print("creating", cls.__name__)
        return super().__call__(*args)
class Base(metaclass=Meta):
    def __init__(self, v):
        self.v = v
class Child(Base):
    pass
c = Child(3)
print(c.v, Child.tag, Base.tag, type(Child).__name__)
class Reg:
    subclasses = []
    def __init_subclass__(cls, **kw):
        Reg.subclasses.append(cls.__name__)
class X(Reg): pass
class Y(Reg): pass
print(Reg.subclasses)
