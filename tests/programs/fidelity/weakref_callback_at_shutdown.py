import weakref
class A: pass
a = A()
r = weakref.ref(a, lambda r: print('cb'))
print('end')
