# feature: slicing
a = list(range(10))
print(a[2:8:2], a[::-3], a[-4:-1], a[8:2:-2], a[:0], a[100:])
a[::2] = [0] * 5
print(a)
del a[1::3]
print(a)
s = "abcdefgh"
print(s[::2], s[-1::-2], s[3:], s[:-3], s[10:], (1, 2, 3, 4)[1:3])
