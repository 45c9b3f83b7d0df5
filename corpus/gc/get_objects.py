# gc.get_objects: which generation a new container is in, before and after collections.
import gc

gc.disable()
gc.collect()
x = [1, 2]
t = (1, 2)
print(any(o is x for o in gc.get_objects()))
print(any(o is t for o in gc.get_objects()))
print([any(o is x for o in gc.get_objects(g)) for g in range(3)])
gc.collect(0)
print([any(o is x for o in gc.get_objects(g)) for g in range(3)])
gc.collect()
print([any(o is x for o in gc.get_objects(g)) for g in range(3)])
for bad in (3, -2):
    try:
        gc.get_objects(bad)
    except ValueError as e:
        print("ValueError", e)
