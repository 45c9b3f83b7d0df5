# gc.garbage with DEBUG_SAVEALL: collected objects are kept in gc.garbage.
import gc


class Node:
    pass


gc.disable()
gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
n = Node()
n.me = n
m = []
m.append(m)
del n, m
print(gc.collect())
print(sorted(type(o).__name__ for o in gc.garbage))
gc.set_debug(0)
gc.garbage.clear()
print(gc.collect())
