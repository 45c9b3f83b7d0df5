# What one collection finds, per kind of cycle: a generator that never started
# (its close runs the frame before 3.12), frames that outlived their call (f_back
# keeps the caller's), instances whose class has its own dict slot or not
# (managed dicts from 3.11, inline values from 3.13), and classes themselves
# (their MRO holds them; a collection that found them alive untracks an
# (object,) bases tuple and a dict of atomic values), and a resurrection (3.8
# spares the whole unreachable set that collection).
import gc
import sys
import types

gc.collect()
out = []


def gen(a):
    yield a


cycle = []
g = gen(cycle)
cycle.append(g)
del g, cycle
out.append(("unstarted generator", gc.collect()))


def inner():
    return sys._getframe()


def outer():
    f = inner()
    return [f]


r = outer()
r.append(r)
out.append(("f_back", r[0].f_back.f_code.co_name))
del r
out.append(("outlived frames", gc.collect()))


def fail():
    raise KeyError("k")


def catch():
    try:
        fail()
    except KeyError as e:
        return e


exc = catch()
exc.me = exc
del exc
out.append(("exception with traceback", gc.collect()))


class Slots:
    __slots__ = ("a",)


for bases in ((object,), (Exception,), (int,), (list,), (Slots,), (types.ModuleType,)):
    class C(*bases):
        pass
    o = C("m") if bases[0] is types.ModuleType else C()
    o.me = o
    del o
    out.append((bases[0].__name__ + " instance", gc.collect()))
    del C
    out.append((bases[0].__name__ + " class", gc.collect()))


class Meta(type):
    pass


class K(metaclass=Meta):
    pass


class Sub(K):
    pass


del K, Sub
out.append(("classes and subclass", gc.collect()))
out.append(("again", gc.collect()))

kept = []


class Phoenix:
    def __del__(self):
        kept.append(self)


p = Phoenix()
p.me = p
q = Slots()
q.a = [q]
del p, q
out.append(("with a resurrection", gc.collect()))
kept.clear()
out.append(("after it", gc.collect()))
print(out)
