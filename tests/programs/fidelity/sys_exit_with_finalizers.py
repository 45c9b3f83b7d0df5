import sys
class A:
    def __del__(self):
        print("del", self.n)
items = []
for i in range(3):
    a = A()
    a.n = i
    items.append(a)
print("exiting")
sys.exit(2)
