# feature: comprehensions, dicts, sets
words = ["apple", "bob", "kayak", "level", "python", "noon", "zebra"]
lengths = {w: len(w) for w in words}
print(lengths)
pal = {w for w in words if w == w[::-1]}
print(pal, sorted(pal))
inverted = {v: k for k, v in lengths.items()}
print(inverted)
print({c for w in words for c in w if c in "aeiou"})
squares = {n: n * n for n in range(-3, 4)}
print(squares, list(squares.values()))
print({(a, b) for a in range(3) for b in range(3) if a < b})
nested = {i: {j: i * j for j in range(i)} for i in range(4)}
print(nested)
print({frozenset({1, 2}): "fs", (1, 2): "t", None: "n", 1.5: "f"})
