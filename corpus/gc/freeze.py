# gc.freeze/unfreeze/get_freeze_count: frozen cycles are not collected until unfrozen.
import gc

gc.disable()
gc.collect()
base = gc.get_freeze_count()
x = []
x.append(x)
del x
gc.freeze()
print(gc.get_freeze_count() > base)
print(gc.collect())
gc.collect(); c = gc.get_count(); print(c)
gc.unfreeze()
print(gc.get_freeze_count())
print(gc.collect())
