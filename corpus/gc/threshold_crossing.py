# Automatic collections at small thresholds: self-cycles of lists, dicts and instances
# made one per iteration, each iteration dropping the last one's first, so that the
# garbage is the same whether a collection starts at the allocation (3.8-3.11) or at
# the next eval-breaker check (3.12+).  Freed lists and dicts go to their free lists,
# and the next ones come from there without counting.  gc.get_stats() is a snapshot
# taken before it allocates.
import gc


class Node:
    pass


out = []
for make in ("list", "dict", "instance"):
    for n in (6, 12, 20, 45):
        saved = gc.get_threshold()
        gc.set_threshold(5, 3, 2)
        gc.collect()
        before = gc.get_stats()
        x = None
        for i in range(n):
            del x
            if make == "list":
                x = [None]
                x[0] = x
            elif make == "dict":
                x = {}
                x["me"] = x
            else:
                x = Node()
                x.me = x
        del x
        count = gc.get_count()
        after = gc.get_stats()
        gc.set_threshold(*saved)
        out.append((make, n, count, [(a["collections"] - s["collections"],
                                      a["collected"] - s["collected"])
                                     for s, a in zip(before, after)]))
for entry in out:
    print(entry)
