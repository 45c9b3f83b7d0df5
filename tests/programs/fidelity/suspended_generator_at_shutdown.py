def g():
    try:
        yield 1
    finally:
        print('gen finally')
x = g(); next(x)
print('end')
