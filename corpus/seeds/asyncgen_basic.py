# feature: async generators
async def agen(n):
    for i in range(n):
        yield i * 10
async def consume():
    out = []
    async for v in agen(3):
        out.append(v)
    return out
c = consume()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
