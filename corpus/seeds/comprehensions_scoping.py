# feature: comprehensions, scoping
x = "global x"
print([x for x in range(3)], x)

class C:
    factor = 10
    values = [1, 2, 3]
    doubled = [v * 2 for v in values]
    try:
        scaled = [v * factor for v in values]
    except NameError as e:
        scaled = str(e)

print(C.doubled, C.scaled)

def f():
    total = 0
    res = [total := total + n for n in range(5)]
    return res, total

print(f())
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print(matrix)
print([row[i] for i in range(3) for row in matrix if row[i] % 2])
print({k: [c for c in k] for k in ("ab", "cd")})

def g():
    items = [lambda: i for i in range(3)]
    return [h() for h in items]

print(g())
