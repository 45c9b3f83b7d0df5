# feature: fstrings
# requires: 3.12
items = {"a": 1, "b": 2}
print(f"{items["a"]} {items['b']}")
print(f"{'nested ' + f"{'deep ' + f'{1 + 1}'}"}")
print(f"{
    sum(
        x * x
        for x in range(4)
    )
}")
name = "world"
print(f"{'\n'.join(['x', 'y'])}", f"{name!r:>10}", f"{"quoted"}")
width = 8
print(f"{3.14159:{width}.{2}f}|", f"{'left':<{width}}|", f"{f'{name}':^{width + 2}}|")
print(f"{'{'}{'}'}", f"{{braces}}", f"{len(f'{name}')}")
