# feature: bigint, checksum, cycles, exception-chaining, finalizer, slicing
# requires: 3.12
# regression: refcount|3.12|stdout line N|->-
class a:
    def __init__(b, c):
        b.c = c
    def __del__(b):
        print(b.c)
d = [a((i)) for i in range(2)]
