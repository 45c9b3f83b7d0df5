# feature: async generators
class Step:
    def __await__(self):
        return (yield "step")

async def agen():
    try:
        yield 1
        v = await Step()
        yield v
        yield 3
    except ValueError as e:
        yield "caught %s" % e
    finally:
        print("agen finally")

def drive(aw, value=None):
    try:
        return ("yielded-to-loop", aw.send(value))
    except StopIteration as e:
        return ("value", e.value)
    except StopAsyncIteration:
        return ("stop-async",)

g = agen()
print(drive(g.asend(None)))
aw = g.asend(None)
print(drive(aw))
print(drive(aw, "sent"))
print(drive(g.athrow(ValueError("boom"))))
print(drive(g.asend(None)))
print(drive(g.asend(None)))

g2 = agen()
print(drive(g2.asend(None)))
print(drive(g2.aclose()))
print(type(g2).__name__, g2.ag_running)
