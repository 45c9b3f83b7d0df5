# feature: with
class CM:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, typ, val, tb):
        print("exit", self.name, typ.__name__ if typ else None)
        return typ is KeyError
with CM("a") as a, CM("b"):
    print("body", a.name)
with CM("c"):
    raise KeyError("swallowed")
try:
    with CM("d"):
        1 / 0
except ZeroDivisionError:
    print("propagated")
