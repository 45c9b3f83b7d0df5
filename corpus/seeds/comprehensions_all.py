# feature: comprehensions
print([x * x for x in range(6) if x % 2])
print({x % 3 for x in range(10)})
print({x: chr(65 + x) for x in range(4)})
print(list(x + y for x in "ab" for y in "12"))
print([[i * j for j in range(3)] for i in range(3)])
g = (n for n in range(5))
print(sum(g), sum(x for x in range(100)))
x = "kept"
print([x for x in range(3)], x)
