import gc
print(gc.collect())
class N: pass
for i in range(10):
    n = N(); n.me = n
print(gc.collect())
