# feature: hash of None (a constant from 3.12), and so where None sits in sets and dicts
# requires: 3.12
print(hash(None))
print({None, 1, "a", 2})
print({"b": 1, None: 2, 3: 3})
print(frozenset({None, "x", "y", 7}))
names = {None, "alpha", "beta", "gamma", "delta"}
print(sorted(names, key=str), len(names))
print(list({None, "alpha", "beta", "gamma", "delta"}))
