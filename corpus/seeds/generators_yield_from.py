# feature: generators, yield from
def inner():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    return received

def outer():
    result = yield from inner()
    print("inner returned", result)
    yield from [10, 20]
    return "outer done"

g = outer()
print(next(g))
print(g.send("a"))
print(g.send("b"))
print(g.send(None))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)

def chain(*its):
    for it in its:
        yield from it

print(list(chain("ab", range(3), (x * x for x in range(3)))))

def delegating_throw():
    try:
        yield from inner()
    except KeyError as e:
        print("outer caught", repr(e))
        yield "recovered"

d = delegating_throw()
next(d)
print(d.throw(KeyError("k")))
