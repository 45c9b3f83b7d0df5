import sys
def f(n):
    try:
        return f(n + 1)
    except RecursionError:
        return n
print(f(0), sys.getrecursionlimit())
print(list(globals())[:12])
print(sys._getframe().f_back)
