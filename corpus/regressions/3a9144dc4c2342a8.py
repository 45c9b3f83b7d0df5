# feature: chained-comparison, checksum, comprehensions, except-star, finalizer, nonlocal, try-except, uncaught
# requires: 3.12
# regression: refcount|3.12|stdout line N|KeyError>KeyError
class a:
    def __init__(b, c):
        b.c = c
    def __del__(b):
        print(b.c)
d = [a((i)) for i in range(2)]
def e():
    return {}['']
e()
