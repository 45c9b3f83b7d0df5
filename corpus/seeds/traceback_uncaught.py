# feature: tracebacks
def a(x):
    return b(x) + 1
def b(x):
    return 10 / x
print("before")
a(0)
