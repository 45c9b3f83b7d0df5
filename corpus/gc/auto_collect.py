# Threshold-triggered collection: allocations past gc.get_threshold()[0] start one.
import gc


class Cycle:
    def __del__(self):
        print("del")


gc.collect()
gc.set_threshold(100, 10, 10)
c = Cycle()
c.me = c
del c
print("made garbage")
keep = [[] for i in range(1000)]
print("allocated")
print(gc.collect())
print(gc.get_stats()[0]["collections"] > 0)
