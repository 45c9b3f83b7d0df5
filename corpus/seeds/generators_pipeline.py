# feature: generators
def numbers():
    n = 0
    while True:
        yield n
        n += 1
def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x
def take(n, src):
    for _ in range(n):
        yield next(src)
print(list(take(5, evens(numbers()))))
g = (x * x for x in range(4))
print(next(g), list(g), list(g))
def echo():
    received = []
    while True:
        v = yield len(received)
        if v is None:
            return received
        received.append(v)
e = echo()
next(e)
e.send("a")
e.send("b")
try:
    e.send(None)
except StopIteration as s:
    print(s.value)
