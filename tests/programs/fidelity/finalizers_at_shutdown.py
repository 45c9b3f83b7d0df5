class A:
    def __init__(self, n): self.n = n
    def __del__(self): print('del', self.n)
a = A(1)
b = A(2)
_c = A(3)
l = [A(4), A(5)]
print('end')
