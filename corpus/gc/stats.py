# gc.get_stats: how collections and collected objects add up per generation.
import gc

gc.disable()
before = gc.get_stats()
print(len(before), sorted(before[0]))
x = []
x.append(x)
del x
gc.collect()
gc.collect(1)
gc.collect(0)
after = gc.get_stats()
for b, a in zip(before, after):
    print({k: a[k] - b[k] for k in sorted(a)})
