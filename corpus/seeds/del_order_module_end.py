# feature: del
class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)
first = D(1)
second = D(2)
_private = D(3)
print("end of program")
