# feature: sets
s = {5, 3, 1, 9, 7, 100, -1, 64}
print(s)
t = {"apple", "banana", "cherry", "date"}
print(t)
print(sorted(t), len(t), "apple" in t)
u = set(range(10)) - {2, 4, 6}
print(u, u & {1, 2, 3}, u | {20, 30}, u ^ {0, 100})
print(frozenset({3, 2, 1}), {(1, 2), (3, 4)}, set("hello"))
