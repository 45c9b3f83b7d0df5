# feature: attributes
class Proxy:
    def __init__(self, target):
        self._target = target
    def __getattr__(self, name):
        print("forward", name)
        return getattr(self._target, name)
class Rec:
    def __setattr__(self, name, value):
        print("set", name, value)
        object.__setattr__(self, name, value)
p = Proxy([3, 1, 2])
p.append(0)
print(p._target)
r = Rec()
r.x = 5
print(r.x, vars(r))
