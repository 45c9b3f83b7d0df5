# feature: import, functools
import functools

@functools.lru_cache(maxsize=2)
def square(n):
    print("computing", n)
    return n * n

print(square(2), square(2), square(3), square(4), square(2))
print(square.cache_info())
add5 = functools.partial(lambda a, b, c=0: a + b + c, 5, c=100)
print(add5(1), add5.args, add5.keywords)
print(functools.reduce(lambda acc, x: acc * x, [1, 2, 3, 4], 1))

def deco(fn):
    @functools.wraps(fn)
    def wrapper(*a):
        return fn(*a)
    return wrapper

@deco
def documented():
    "The docstring."
    return 1
print(documented.__name__, documented.__doc__, documented.__wrapped__.__name__)

@functools.total_ordering
class Money:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return self.v == other.v
    def __lt__(self, other):
        return self.v < other.v
print(Money(1) <= Money(2), Money(3) >= Money(2), Money(1) > Money(1))

class Circle:
    def __init__(self, r):
        self.r = r
    @functools.cached_property
    def area(self):
        print("area computed")
        return 3 * self.r ** 2
c = Circle(2)
print(c.area, c.area)

@functools.singledispatch
def show(x):
    return "object %r" % (x,)
@show.register
def _(x: int):
    return "int %d" % x
@show.register(list)
def _(x):
    return "list of %d" % len(x)
print(show("s"), show(5), show([1, 2]), functools.cmp_to_key(lambda a, b: b - a)(1) < functools.cmp_to_key(lambda a, b: b - a)(2))
