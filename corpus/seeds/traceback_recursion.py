# feature: tracebacks, recursion
import sys
def down(n):
    return down(n + 1) + 1

try:
    down(0)
except RecursionError as e:
    print("caught:", e)
print(sys.getrecursionlimit())
def countdown(n):
    if n == 0:
        raise KeyError("bottom")
    return countdown(n - 1)
countdown(30)
