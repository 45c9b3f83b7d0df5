# feature: async with, async for
class Resource:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print("enter", self.name)
        return self
    async def __aexit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None)
        return et is KeyError

class Countdown:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n

async def main():
    async with Resource("a") as r, Resource("b"):
        print("inside", r.name)
    async with Resource("c"):
        raise KeyError("swallowed")
    items = []
    async for i in Countdown(4):
        items.append(i)
    print(items)
    print([x async for x in Countdown(3)])
    return "ok"

def run(coro):
    try:
        coro.send(None)
    except StopIteration as e:
        return e.value

print(run(main()))
