# feature: functions, lambda
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
print(list(map(lambda x, y: x * y, [1, 2, 3], [4, 5, 6])))
print(sorted(range(-3, 4), key=abs), list(filter(lambda s: s.isupper(), "aBcD")))
def apply(fn, *args, **kwargs):
    return fn(*args, **kwargs)
print(apply(max, 1, 5, 3), apply(sorted, [3, 1], reverse=True), apply(dict, a=1))
