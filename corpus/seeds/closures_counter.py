# feature: closures
def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
c = make_counter()
print(c(), c(), c(5))
adders = [lambda x, i=i: x + i for i in range(3)]
print([a(10) for a in adders])
def outer():
    x = "outer"
    def mid():
        def inner():
            return x
        return inner()
    return mid()
print(outer(), c.__closure__[0].cell_contents)
