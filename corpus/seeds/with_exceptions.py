# feature: with, exceptions
class Ctx:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None,
              str(exc) if exc else None, tb is not None)
        return self.suppress

with Ctx("a") as a, Ctx("b", suppress=True) as b:
    print("body", a, b)
    raise ValueError("inner")
print("after first")

def f():
    with Ctx("ret"):
        return "returned"
print(f())

for i in range(3):
    with Ctx("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
try:
    with Ctx("outer"):
        with Ctx("inner", suppress=False):
            1 / 0
except ZeroDivisionError as e:
    print("caught", e)

class NoExit:
    def __enter__(self):
        return self
try:
    with NoExit():
        pass
except TypeError as e:
    print("TypeError:", e)
