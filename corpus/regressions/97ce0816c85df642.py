# feature: bigint, chained-comparison, except-star, exception-chaining, finalizer, int-arithmetic, try-except, uncaught, with
# requires: 3.12
# regression: refcount|3.12|stdout line N|IndexError>IndexError
class a:
    def __init__(b, c):
        b.c = c
    def __del__(b):
        print(b.c)
d = [a((i)) for i in range(2)]
def e():
    return [][0]
e()
