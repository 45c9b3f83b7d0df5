# feature: coroutines
class Tick:
    def __await__(self):
        yield "tick"
async def task():
    try:
        await Tick()
        await Tick()
    except KeyError as e:
        print("task caught", repr(e))
        return "recovered"
c = task()
print(c.send(None))
try:
    c.throw(KeyError("k"))
except StopIteration as s:
    print("result", s.value)
