# feature: closures
fs = []
for i in range(3):
    fs.append(lambda: i)
print([f() for f in fs])
def make(n):
    def get():
        return n
    def set_(v):
        nonlocal n
        n = v
    return get, set_
g, s = make(1)
s(42)
print(g(), g.__code__.co_freevars, g.__name__, g.__qualname__)
