# gc.is_finalized (3.9+) and resurrection by __del__.
import gc

saved = []


class Phoenix:
    def __del__(self):
        print("del")
        saved.append(self)


p = Phoenix()
p.self = p
print(getattr(gc, "is_finalized", None) is not None)
del p
print(gc.collect())
print(len(saved))
if hasattr(gc, "is_finalized"):
    print(gc.is_finalized(saved[0]))
saved.clear()
print(gc.collect())
