# feature: tracebacks, operators
def add(a, b):
    return a + b

def scale(v):
    return v * 2 - 1

def compare(a, b):
    if a < b:
        return "less"
    return "not less"

for args in ((1, 2), ("x", 1), ([1], (2,))):
    try:
        print(add(*args))
    except TypeError as e:
        print("TypeError:", e)
print(scale(3), scale("ab") if False else "skip", compare(1, 2))
try:
    compare(1, "a")
except TypeError as e:
    print("TypeError:", e)
try:
    scale(None)
except TypeError as e:
    print("TypeError:", e)
def deep(x):
    total = x
    total = total / (x - x)
    return total
deep(5)
