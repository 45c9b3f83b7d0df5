# feature: with, contextlib
import contextlib

@contextlib.contextmanager
def tag(name):
    print("<%s>" % name)
    try:
        yield name.upper()
    finally:
        print("</%s>" % name)

with tag("a") as t, tag("b"):
    print("body", t)
with contextlib.suppress(KeyError, ZeroDivisionError):
    {}["missing"]
print("suppressed")
with contextlib.ExitStack() as stack:
    for n in ("x", "y"):
        stack.enter_context(tag(n))
    stack.callback(print, "callback ran")
    print("inside stack")

@contextlib.contextmanager
def failing():
    yield
    print("not reached")
try:
    with failing():
        raise RuntimeError("inside")
except RuntimeError as e:
    print("RuntimeError:", e)
class Resource:
    def close(self):
        print("closed")
with contextlib.closing(Resource()):
    print("using")
with contextlib.nullcontext(5) as five:
    print(five)
@tag("decorated")
def decorated():
    print("in function")
decorated()
