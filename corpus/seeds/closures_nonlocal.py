# feature: closures, nonlocal
def make_account(balance):
    history = []
    def deposit(n):
        nonlocal balance
        balance += n
        history.append(("d", n))
        return balance
    def withdraw(n):
        nonlocal balance
        if n > balance:
            raise ValueError("insufficient: %d > %d" % (n, balance))
        balance -= n
        history.append(("w", n))
        return balance
    def report():
        return balance, list(history)
    return deposit, withdraw, report

d, w, r = make_account(10)
print(d(5), w(3))
try:
    w(100)
except ValueError as e:
    print(e)
print(r())
print(d.__code__.co_freevars, r.__closure__[0].cell_contents)

def outer():
    x = 1
    def middle():
        def inner():
            nonlocal x
            x += 10
            return x
        return inner
    f = middle()
    f(); f()
    return x

print(outer())
