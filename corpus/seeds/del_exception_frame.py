# feature: del, exceptions
class R:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("release", self.n)
def fail():
    r = R(1)
    raise ValueError("x")
try:
    fail()
except ValueError:
    print("caught")
print("after except")
def ok():
    r = R(2)
    return 5
print(ok())
