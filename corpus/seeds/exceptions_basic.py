# feature: exceptions
def risky(n):
    if n == 0:
        raise ValueError("zero")
    return 10 / n
for n in (2, 0):
    try:
        print(risky(n))
    except ValueError as e:
        print("caught", repr(e))
    else:
        print("no error")
    finally:
        print("finally", n)
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    [][1]
except IndexError as e:
    print(e)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
try:
    int("abc")
except ValueError as e:
    print(e)
