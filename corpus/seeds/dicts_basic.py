# feature: dicts
d = {"a": 1, "b": 2}
d["c"] = 3
d.update(d=4, e=5)
print(d, d.get("z"), d.get("a"), d.setdefault("f", 6), d.pop("b"), len(d))
print(list(d.keys()), list(d.values()), list(d.items()))
del d["a"]
print(d, "c" in d, {k: v * 2 for k, v in d.items()}, dict(zip("xyz", range(3))))
for k in d:
    print(k, d[k])
print(sorted(d.items(), key=lambda kv: -kv[1]))
