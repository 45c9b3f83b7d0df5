class a:
    def __init__(b, c):
        b.c = c
    def __del__(b):
        print(b.c)
d = [a((i)) for i in range(2)]
