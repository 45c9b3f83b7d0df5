# feature: coroutines, await
class Suspend:
    def __init__(self, tag):
        self.tag = tag
    def __await__(self):
        value = yield self.tag
        return value * 2

async def leaf(n):
    got = await Suspend("leaf%d" % n)
    return got + n

async def middle():
    a = await leaf(1)
    b = await leaf(2)
    return a + b

async def top():
    total = await middle()
    return "total=%d" % total

coro = top()
print(type(coro).__name__)
print(coro.send(None))
print(coro.send(10))
try:
    coro.send(20)
except StopIteration as e:
    print("result:", e.value)

async def never_awaited():
    return 1

c = never_awaited()
c.close()
print("closed", c.cr_frame is None)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
