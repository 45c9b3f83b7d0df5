# feature: dicts
d = dict(a=1, b=2, c=3)
d["a"] = 10
del d["b"]
d["b"] = 20
print(d, list(d), d | {"z": 0}, dict.fromkeys("xy", 0), {**d, "c": 99})
print(d.popitem(), d, sorted({3: "c", 1: "a"}.items()), list(reversed(d)))
