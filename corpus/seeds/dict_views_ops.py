# feature: dicts, views
d = {"a": 1, "b": 2, "c": 3}
k, v, i = d.keys(), d.values(), d.items()
d["d"] = 4
print(k, v, i)
print(k & {"a", "z"}, k | {"z"}, k - {"a"}, k ^ {"a", "q"})
print(("a", 1) in i, ("a", 2) in i, 4 in v, len(k))
print(list(reversed(d)), list(reversed(d.items())))
del d["b"]
d["b"] = 20
print(d, d.popitem(), d)
print(d.setdefault("x", 99), d.setdefault("a", 0), d.get("nope"), d.get("nope", "dflt"))
e = d | {"a": 100, "new": 1}
d |= {"merged": True}
print(e, d)
print(dict.fromkeys("abc", 0), dict(zip("xy", (1, 2))), dict([("p", 1)], q=2))
try:
    for key in d:
        d["boom"] = 1
except RuntimeError as err:
    print("RuntimeError:", err)
try:
    {}.popitem()
except KeyError as err:
    print("KeyError:", err)
print(d.pop("a"), d.pop("zz", "default"))
print({1: "int", 1.0: "float", True: "bool"})
print(sorted(d.items(), key=lambda kv: str(kv[0])), d == dict(d), d != {})
