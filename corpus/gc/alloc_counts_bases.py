# gc.get_count() after class statements with several bases, after a subclass with
# __slots__ of one of them: what type_new allocates for the MRO and the subclass dicts.
import gc


class A:
    pass


class B:
    pass


gc.disable()
gc.collect()
class D(A): __slots__ = ("a",)
c = gc.get_count(); print("slots", c)
gc.collect()
class E(A, B): pass
c = gc.get_count(); print("two bases", c)
gc.collect()
class F(B, A): pass
c = gc.get_count(); print("two bases again", c)
