# feature: gc, del, resurrection
import gc
gc.collect()
saved = []

class Phoenix:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)
        saved.append(self)

p = Phoenix("bird")
p.me = p
del p
print("collected", gc.collect(), len(saved))
print("again", gc.collect())
saved[0].me = None
saved.clear()
print("dropped", gc.collect())
q = Phoenix("twice")
q.me = q
del q
gc.collect()
bird = saved.pop()
del bird
print("second time", gc.collect(), len(saved))
