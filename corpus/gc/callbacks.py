# gc.callbacks: called with "start" and "stop" and the info dict; a failing one is unraisable.
import gc


def watch(phase, info):
    print(phase, sorted(info.items()))


def broken(phase, info):
    raise RuntimeError("callback " + phase)


gc.disable()
gc.collect()
gc.callbacks.append(watch)
x = []
x.append(x)
del x
gc.collect()
gc.collect(1)
gc.callbacks.append(broken)
gc.callbacks.remove(watch)
gc.collect()
gc.callbacks.clear()
print("done")
