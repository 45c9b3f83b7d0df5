# feature: sets
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, a ^ b)
print(a.union([9], (10,)), a.intersection(b, {4}), a.difference({1}), a.symmetric_difference(b))
print(a <= {1, 2, 3, 4, 5}, a < a, a >= {1}, a.isdisjoint({7}), a.issubset(range(10)))
c = set()
c.add("x"); c.add("y"); c.update("yz")
c.discard("q")
print(sorted(c), len(c))
try:
    c.remove("nope")
except KeyError as e:
    print("KeyError:", e)
s = {10, 20}
print(s.pop(), s)
fs = frozenset([3, 1, 2])
print(fs, hash(fs) == hash(frozenset([1, 2, 3])), fs | {9}, type(fs | {9}).__name__)
print({frozenset({1}): "x"}, set() == frozenset(), {1, 2} == {2, 1})
d = {3, 1, 2}
d -= {1}
d |= {7}
d &= {2, 3, 7, 8}
d ^= {3, 100}
print(d)
print(set(range(20)) - set(range(0, 20, 3)))
print({"b", "a", "c", "dd", "eee"}, {-1, -2, 0, 2 ** 62})
try:
    {[]}
except TypeError as e:
    print("TypeError:", e)
