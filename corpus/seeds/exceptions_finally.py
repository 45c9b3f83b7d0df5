# feature: exceptions, finally
def f():
    try:
        return "try"
    finally:
        print("finally runs")
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            print("body", i)
        finally:
            print("fin", i)
g()
def h():
    try:
        raise ValueError
    except ValueError:
        return "handled"
    finally:
        print("h finally")
print(h())
