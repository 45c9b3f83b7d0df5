# feature: with
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return None
    def __exit__(self, t, v, tb):
        return t is not None and issubclass(t, self.types)
with Suppress(KeyError, IndexError):
    [][0]
print("suppressed")
class Timer:
    def __enter__(self):
        self.log = ["start"]
        return self
    def __exit__(self, *exc):
        self.log.append("stop")
with Timer() as t:
    t.log.append("work")
print(t.log)
