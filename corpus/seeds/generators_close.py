# feature: generators
def worker(log):
    try:
        for i in range(10):
            log.append("yield %d" % i)
            yield i
    except GeneratorExit:
        log.append("got GeneratorExit")
        raise
    finally:
        log.append("finally")

log = []
g = worker(log)
print(next(g), next(g))
g.close()
print(log)
g.close()
print(list(g))

def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2

s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)

def returns():
    yield 1
    return "done"

r = returns()
next(r)
try:
    next(r)
except StopIteration as e:
    print("StopIteration value:", e.value)
print(r.gi_running, r.gi_frame is None)
