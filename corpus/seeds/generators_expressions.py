# feature: generators, generator expressions
squares = (n * n for n in range(5))
print(type(squares).__name__)
print(next(squares), next(squares))
print(list(squares), list(squares))
print(sum(x for x in range(101)))
print(max((len(w), w) for w in "the quick brown foxes jump".split()))
pairs = ((a, b) for a in range(3) for b in range(a))
print(list(pairs))
evens = (x for x in range(20) if x % 2 == 0 if x % 3 != 0)
print(",".join(str(e) for e in evens))
gen = (1 / x for x in [1, 2, 0, 4])
try:
    for v in gen:
        print(v)
except ZeroDivisionError as e:
    print("error:", e)
print(next(gen, "exhausted"))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in [1, -1]))
