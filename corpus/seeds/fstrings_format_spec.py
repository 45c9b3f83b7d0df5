# feature: fstrings, formatting
value = 3.14159265
name = "minivm"
n = 1234567
print(f"{value:.2f} {value:10.3e} {value:<10.1f}| {value:^+12.4g}|")
print(f"{n:,} {n:_} {n:x} {n:#o} {n:#b} {n:08d} {-n:+d}")
print(f"{name!r} {name!s} {name!a} {'é'!a} {name:>10} {name:*^12}")
print(f"{value=} {n = :,} {name=!r:>12}")
width, prec = 12, 3
print(f"{value:{width}.{prec}f}|{name:{'>'}{width}}|")
print(f"{{literal}} {'nested ' + f'{n % 7}'} {[i for i in range(3)]}")
print(f"{0.5:%} {1/3:.3%} {12345.678:,.2f} {True} {None!r}")
class Money:
    def __format__(self, spec):
        return "<money %s>" % (spec or "plain")
print(f"{Money()} {Money():usd}")
print("{0:>5}|{1:<5}|{0}".format("a", "b"), format(255, "X"), format(3, "03"))
print("%s %r %5.2f %-4d| %x %c %%" % ("s", "r", 2.5, 7, 255, 65))
