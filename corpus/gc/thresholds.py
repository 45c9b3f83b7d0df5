# gc.get_threshold/set_threshold, including their argument errors.
import gc

print(gc.get_threshold())
gc.set_threshold(100, 5, 5)
print(gc.get_threshold())
gc.set_threshold(50)
print(gc.get_threshold())
for args in ((), (1, 2, 3, 4)):
    try:
        gc.set_threshold(*args)
    except TypeError as e:
        print("TypeError", e)
