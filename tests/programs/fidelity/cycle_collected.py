import gc
class A:
    def __del__(self): print('del', id(self) > 0)
a = A(); a.s = a
del a
print(gc.collect())
