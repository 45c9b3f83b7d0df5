# feature: lists
a = [3, 1, 2]
a.append(4); a.extend((5, 6)); a.insert(0, 0); a.insert(100, 7); a.insert(-1, 99)
print(a, a.index(99), a.count(1), a.pop(), a.pop(0), a)
a.remove(99)
a.reverse()
print(a, a * 2, [0] * 3 + a[:2], a[::2], a[-2:], a[10:], len(a))
for bad in (lambda: a.remove(42), lambda: a.index(42), lambda: [].pop(), lambda: a[10],
            lambda: a.pop(99), lambda: a + (1,), lambda: a * "x"):
    try:
        bad()
    except (ValueError, IndexError, TypeError) as e:
        print(type(e).__name__ + ":", e)
b = [1, 2, 3, 4, 5, 6]
b[1:3] = ["x"]
del b[::2]
b[::-1] = b[:]
print(b)
try:
    b[::2] = [1, 2, 3, 4]
except ValueError as e:
    print("ValueError:", e)
c = [[]] * 3
c[0].append(1)
print(c, [[] for _ in range(3)], a == a[:], a is a[:], [1, 2] < [1, 3], [1] < [1, 0])
print(list(reversed(a)), sorted(a, reverse=True), a.copy(), a.clear(), a)
