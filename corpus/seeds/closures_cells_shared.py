# feature: closures, cells
def counters():
    fs = []
    for i in range(3):
        def f(i=i):
            return i
        fs.append(f)
    shared = []
    for i in range(3):
        shared.append(lambda: i)
    return [f() for f in fs], [g() for g in shared]

print(counters())

def cell_delete():
    v = "alive"
    def get():
        return v
    print(get())
    del v
    try:
        get()
    except NameError as e:
        print(type(e).__name__, e)

cell_delete()

def make():
    def inner():
        return y
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)
    y = 5
    return inner()

print(make())
f = (lambda a: (lambda b: (lambda c: a + b + c)))(1)(2)
print(f(3), len(f.__closure__))
