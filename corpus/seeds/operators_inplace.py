# feature: operators
class Acc:
    def __init__(self):
        self.items = []
    def __iadd__(self, x):
        self.items.append(x)
        return self
a = Acc()
a += 1
a += 2
print(a.items)
n = 5
n -= 2; n *= 3; n //= 2; n **= 2; n %= 7; n <<= 2; n |= 1; n ^= 3
print(n)
lst = [1]
alias = lst
lst += [2]
print(alias, lst is alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
