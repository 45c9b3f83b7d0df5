# feature: gc, generators, cycles
import gc
gc.collect()

def worker(box):
    try:
        yield 1
        yield 2
    finally:
        print("worker finally", box[0] is not None)

box = [None]
g = worker(box)
box[0] = g
print(next(g))
del g, box
print("collecting")
print("collected", gc.collect())

class Holder:
    def __init__(self):
        self.gen = self.run()
    def run(self):
        try:
            yield self
        finally:
            print("run finally")
h = Holder()
next(h.gen)
del h
print("collected", gc.collect())
