class A:
    def __del__(self):
        import os; os.write(2, b'DEL\n'); print('del A', flush=True)
a = A()
print('end')
