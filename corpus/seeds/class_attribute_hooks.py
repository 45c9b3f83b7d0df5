# feature: attributes, classes
class Tracked:
    def __init__(self):
        object.__setattr__(self, "log", [])
    def __getattribute__(self, name):
        if name.startswith("secret"):
            raise AttributeError("no peeking at %s" % name)
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return "<default %s>" % name
    def __setattr__(self, name, value):
        self.log.append(("set", name))
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        self.log.append(("del", name))
        object.__delattr__(self, name)

t = Tracked()
t.x = 1
t.y = 2
del t.x
print(t.y, t.missing, t.log)
try:
    t.secret_key
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(t, "secretive", "fallback"), hasattr(t, "anything"))
class Frozen:
    __slots__ = ("a",)
    def __setattr__(self, name, value):
        raise AttributeError("frozen: cannot set %s" % name)
try:
    Frozen().a = 1
except AttributeError as e:
    print("AttributeError:", e)
