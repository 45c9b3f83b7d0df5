# gc.get_count() after collections of each generation, and young objects made since
# (each count is read before anything is printed: printing makes objects of its own).
import gc


class A:
    pass


gc.disable()
gc.collect(); c = gc.get_count(); print(c)
gc.collect(); keep = [[] for i in range(5)]; c = gc.get_count(); print(c)
gc.collect(); keep = None; c = gc.get_count(); print(c)
gc.collect(); a = A(); c = gc.get_count(); print(c)
gc.collect(); a.x = 1; c = gc.get_count(); print(c)
gc.collect(); d = a.__dict__; c = gc.get_count(); print(c)
gc.collect(1); c = gc.get_count(); print(c)
gc.collect(0); c = gc.get_count(); print(c)
gc.collect(0); gc.collect(0); c = gc.get_count(); print(c)
