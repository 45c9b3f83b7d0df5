# gc.collect(): the return value counts the tracked objects in the garbage; __del__ runs once.
import gc


class A:
    def __del__(self):
        print("del", self.name)


a = A(); a.name = "a"
b = A(); b.name = "b"
a.o = b
b.o = a
del a, b
print(gc.collect())
print(gc.collect())
x = []
x.append(x)
del x
print(gc.collect())
d = {}
d["self"] = d
del d
print(gc.collect())
for bad in (-1, 3):
    try:
        gc.collect(bad)
    except ValueError as e:
        print("ValueError", e)
