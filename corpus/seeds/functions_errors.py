# feature: functions, exceptions
def f(a, b, c=1):
    return a
for call in (lambda: f(), lambda: f(1), lambda: f(1, 2, 3, 4), lambda: f(1, 2, d=3),
             lambda: f(1, 2, a=1)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
def g(*, k):
    return k
try:
    g()
except TypeError as e:
    print(e)
