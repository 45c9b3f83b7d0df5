# gc.get_count() as the allocation count: GC objects made minus freed, where free
# lists (list, dict, tuples, frames before 3.11) let a free or a reuse bypass the count,
# calls of types without vectorcall pack their arguments, and a class statement makes
# the objects type_new makes.  Each count is read before anything is printed.
import gc


class A:
    pass


class B:
    pass


def f():
    return 1


def raiser():
    raise ValueError("x")


gc.disable()
gc.collect(); x = [[] for _ in range(5)]; x = None; c = gc.get_count(); print("lists", c)
gc.collect(); x = [A() for _ in range(5)]; x = None; c = gc.get_count(); print("insts", c)
gc.collect(); x = [{} for _ in range(5)]; x = None; c = gc.get_count(); print("dicts", c)
gc.collect(); x = [(i, []) for i in range(5)]; x = None; c = gc.get_count(); print("tuples", c)
gc.collect(0); x = [[] for _ in range(5)]; c = gc.get_count(); print("after gen 0", c)
gc.collect(); f(); c = gc.get_count(); print("call", c)
gc.collect(); f(); c = gc.get_count(); print("call again", c)
gc.collect(); e = enumerate([1, 2]); c = gc.get_count(); print("enumerate", c)
gc.collect(); r = range(3); c = gc.get_count(); print("range", c)
gc.collect(); s = set(r); c = gc.get_count(); print("set", c)
gc.collect(); v = ValueError(1); c = gc.get_count(); print("exception", c)
gc.collect()
try:
    raiser()
except ValueError as err:
    c = gc.get_count()
print("caught", c)
gc.collect()
class C: pass
c = gc.get_count(); print("class", c)
gc.collect()
class D(A): __slots__ = ("a",)
c = gc.get_count(); print("slots", c)
gc.collect(); T = type("T", (), {}); c = gc.get_count(); print("type()", c)
