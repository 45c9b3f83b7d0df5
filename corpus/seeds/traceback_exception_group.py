# feature: tracebacks, exception groups
# requires: 3.11
def fail(n):
    raise ValueError("bad value %d" % n)

def collect():
    errors = []
    for i in range(2):
        try:
            fail(i)
        except ValueError as e:
            errors.append(e)
    raise ExceptionGroup("several failures", errors + [TypeError("wrong type")])

print("start")
collect()
