# feature: tuples, unpacking
t = (1, 2, 3)
a, b, c = t
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
x, (y, z) = 1, (2, 3)
print(a, b, c, first, rest, init, last, x, y, z)
print(t + (4,), t * 2, t[1:], t.index(2), t.count(3), len(t), hash((1, 2)) == hash((1, 2)))
a, b = b, a
print(a, b)
