# DEBUG_STATS reports on sys.stderr; the lines are printed with the heap sizes and the
# elapsed time (which depend on the interpreter's own objects and speed) left out.
import gc
import io
import sys

gc.disable()
gc.collect()
x = []
x.append(x)
del x
buf = io.StringIO()
sys.stderr, saved = buf, sys.stderr
gc.set_debug(gc.DEBUG_STATS)
gc.collect()
gc.set_debug(0)
sys.stderr = saved
for line in buf.getvalue().splitlines():
    if line.startswith("gc: objects in"):
        line = line.split(":")[1]
    elif line.startswith("gc: done"):
        line = line.rsplit(",", 1)[0]
    print(line)
