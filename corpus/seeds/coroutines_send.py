# feature: coroutines
class Sleep:
    def __await__(self):
        v = yield "sleeping"
        return v
async def work(n):
    total = 0
    for i in range(n):
        total += await Sleep()
    return total
c = work(3)
print(c.send(None))
print(c.send(1))
print(c.send(2))
try:
    c.send(3)
except StopIteration as e:
    print("result", e.value)
