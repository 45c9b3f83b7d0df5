# feature: dicts, ordering
d = {}
for k in "zebra":
    d[k] = ord(k)
print(d, list(d))
del d["e"]
d["e"] = 1
d["z"] = 0
print(d)
d.pop("b")
d.update({"b": 2, "a": 9})
print(d, list(d.items())[-2:])
print(dict(sorted(d.items())), dict(reversed(list(d.items()))))
e = dict.fromkeys(range(10))
for k in range(0, 10, 2):
    del e[k]
e[0] = "back"
print(list(e), len(e))
big = {i: i * i for i in range(100)}
for i in range(50):
    del big[i]
print(list(big)[:5], list(big)[-3:], len(big))
print({"b": 1, "a": 2} == {"a": 2, "b": 1}, list({"b": 1, "a": 2}))
