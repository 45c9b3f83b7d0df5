# feature: functions, arguments
def f(a, b=2, /, c=3, *args, d, e=5, **kwargs):
    return (a, b, c, args, d, e, kwargs)

print(f(1, d=4))
print(f(1, 2, 3, 4, 5, d=6, z=7))
for call in (lambda: f(d=1), lambda: f(1, 2, 3), lambda: f(a=1, d=2), lambda: f(1, d=2, d2=3, c=4, e=0),
             lambda: f(1, 2, 3, c=4, d=5)):
    try:
        print(call())
    except TypeError as e:
        print("TypeError:", e)
def g(x, y):
    return x - y
print(g(*[5, 3]), g(**{"y": 1, "x": 10}), g(*(7,), **{"y": 2}))
for bad in ((1, 2, 3), (1,)):
    try:
        g(*bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    g(1, 2, x=3)
except TypeError as e:
    print("TypeError:", e)
try:
    g(**{"z": 1, "x": 1, "y": 2})
except TypeError as e:
    print("TypeError:", e)
def kwonly(*, key):
    return key
try:
    kwonly(1)
except TypeError as e:
    print("TypeError:", e)
def defaults(items=[]):
    items.append(len(items))
    return items
print(defaults(), defaults(), f.__defaults__, f.__kwdefaults__, f.__code__.co_argcount)
print(f.__name__, f.__qualname__, f.__code__.co_posonlyargcount, f.__code__.co_kwonlyargcount)
