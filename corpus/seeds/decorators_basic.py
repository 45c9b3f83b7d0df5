# feature: decorators
def trace(fn):
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, args, kwargs)
        result = fn(*args, **kwargs)
        print("ret", result)
        return result
    wrapper.__name__ = "traced_" + fn.__name__
    return wrapper

def repeat(times):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(times)]
        return wrapper
    return deco

@trace
def add(a, b=1):
    return a + b

@repeat(3)
def hello(name):
    return "hi " + name

add(2, b=5)
print(add.__name__, hello("bob"))

def register(cls):
    cls.registered = True
    return cls

@register
class Plugin:
    @staticmethod
    def s(x):
        return x * 2
    @classmethod
    def c(cls):
        return cls.__name__
    @property
    def p(self):
        return "prop"

print(Plugin.registered, Plugin.s(4), Plugin.c(), Plugin().p, Plugin().s(1), Plugin().c())
order = []
def mark(tag):
    order.append("eval " + tag)
    def deco(f):
        order.append("apply " + tag)
        return f
    return deco
@mark("outer")
@mark("inner")
def decorated():
    pass
print(order)
