# gc.is_tracked: atomic values, containers, and dicts and tuples of atomic values.
import gc


class A:
    pass


def f():
    pass


values = [1, 1.5, "s", b"b", None, True, [], {}, {"a": 1}, {"a": []}, (1, 2), ([],),
          set(), frozenset(), A(), A, f, int, range(3), slice(1, 2)]
for v in values:
    print(type(v).__name__, gc.is_tracked(v))
