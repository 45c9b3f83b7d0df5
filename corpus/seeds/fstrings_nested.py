# feature: fstrings
width = 10
for name, score in [("ann", 93.456), ("bo", 7.1)]:
    print(f"|{name:<{width}}|{score:>{width}.1f}|{name!r:^9}|")
x = 42
print(f"{x=}", f"{x*2=:>6}", f"{'nested ' + str(x)}", f"{{literal}}", f"{3.0:g}")
