# feature: coroutines, scheduling
import types

@types.coroutine
def sleep_tick():
    yield "tick"

async def worker(name, steps, log):
    for i in range(steps):
        log.append("%s step %d" % (name, i))
        await sleep_tick()
    return name.upper()

def run_all(coros):
    results = {}
    ready = list(coros.items())
    while ready:
        name, coro = ready.pop(0)
        try:
            coro.send(None)
            ready.append((name, coro))
        except StopIteration as e:
            results[name] = e.value
    return results

log = []
results = run_all({"a": worker("a", 2, log), "b": worker("b", 3, log), "c": worker("c", 1, log)})
print(log)
print(results)
async def thrower():
    try:
        await sleep_tick()
    except ValueError as e:
        return "handled %s" % e
c = thrower()
print(c.send(None))
try:
    c.throw(ValueError("injected"))
except StopIteration as e:
    print(e.value)
