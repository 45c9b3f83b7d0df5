# feature: unpacking, calls
def show(*args, **kwargs):
    return "args=%r kwargs=%r" % (args, sorted(kwargs.items()))

a, *middle, z = range(6)
print(a, middle, z)
(x, y), [p, *q] = (1, 2), "hey"
print(x, y, p, q)
first, *_ = "only"
print(first)
print(show(*[1, 2], *(3,), **{"k": 1}, **{"j": 2}))
print(*[1, 2, 3], sep="|")
merged = {**{"a": 1}, "b": 2, **{"a": 3}}
print(merged, [*"ab", *range(2)], {*"aa", *"b"} == {"a", "b"}, (*"xy",))
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    show(**{1: 2})
except TypeError as e:
    print("TypeError:", e)
try:
    show(**{"k": 1}, **{"k": 2})
except TypeError as e:
    print("TypeError:", e)
for i, (name, *scores) in enumerate([("a", 1, 2), ("b", 3)]):
    print(i, name, scores)
