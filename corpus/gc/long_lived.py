# The long-lived rule: after a full collection the oldest generation is collected
# automatically only once the objects moved into it since are a quarter of those the
# full collection left there (in CPython its whole start-up heap).  Many passes over
# the middle generation's threshold, a few survivors each: no automatic full one.
import gc

saved = gc.get_threshold()
keep = []
gc.collect()
before = gc.get_stats()
gc.set_threshold(10, 1, 1)
for i in range(400):
    keep.append([i])
    x = [None]
    x[0] = x
    del x
gc.set_threshold(*saved)
after = gc.get_stats()
print([a["collections"] - b["collections"] for b, a in zip(before, after)])
print(gc.get_count()[2] > 0)
