# feature: builtins
print(sorted([3, 1, 2], reverse=True), sorted("bca"), sorted([(1, "b"), (1, "a")], key=lambda t: t[0]))
print(min([4, 2, 8]), max("apple", "pear", key=len), min([], default="empty"), max(1, 2, 3))
print(sum([1, 2, 3], 10), sum([[1], [2]], []), abs(-3), divmod(9, 4), pow(2, 10))
print(all([]), any([]), all([1, 0]), any([0, 2]), len({"a": 1}), bool([]), bool("x"))
print(chr(9731), ord("€"), ascii("naïve"), repr("it's"), str(b"x"), format(0.5, ".0%"))
print(isinstance(3, (str, int)), issubclass(bool, int), callable(len), callable(3))
class A:
    x = 1
a = A()
print(getattr(a, "x"), getattr(a, "y", "default"), hasattr(a, "x"), setattr(a, "y", 5), a.y)
delattr(a, "y")
print(hasattr(a, "y"), vars(a), type(a).__name__, type(3) is int)
print(list(map(str, range(3))), list(zip(*[(1, "a"), (2, "b")])), round(3.14159, 2))
print(hash("abc") == hash("abc"), hash(42), hash((1, 2)), hash(None) is not None)
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    len(5)
except TypeError as e:
    print("TypeError:", e)
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
try:
    getattr(a, "missing")
except AttributeError as e:
    print("AttributeError:", e)
print(list(enumerate("ab")), dict(enumerate("ab")), tuple(range(3)), slice(1, 5, 2))
