import sys
x = object()
l = [x, x]
print(sys.getrefcount(x))
d = {'k': x}
print(sys.getrefcount(x))
