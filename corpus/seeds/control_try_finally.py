# feature: exceptions, finally
def f(x):
    try:
        if x == 0:
            return "zero"
        if x == 1:
            raise ValueError("one")
        return "other"
    except ValueError:
        return "handled"
    else:
        return "else"
    finally:
        print("finally for", x)

for i in range(3):
    print(f(i))

def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"

def finally_swallows():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            if i < 2:
                continue
            break
    return "swallowed"
print(finally_overrides(), finally_swallows())

def nested():
    try:
        try:
            raise TypeError("inner")
        finally:
            print("inner finally")
    except TypeError as e:
        print("outer caught", e)
    try:
        pass
    except Exception:
        print("never")
    else:
        print("else ran")
nested()
for n in range(3):
    if n == 5:
        break
else:
    print("for-else ran")
k = 0
while k < 3:
    k += 1
else:
    print("while-else", k)
