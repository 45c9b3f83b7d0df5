# feature: functions
def f(a, b=2, *args, c=3, **kw):
    return (a, b, args, c, sorted(kw.items()))
print(f(1))
print(f(1, 2, 3, 4, c=5, d=6))
print(f(*[1, 2], **{"c": 7, "z": 0}))
def g(x, /, y, *, z):
    return x + y + z
print(g(1, 2, z=3), g(1, y=2, z=3))
print((lambda x, y=1: x * y)(4), (lambda *a: a)(1, 2))
