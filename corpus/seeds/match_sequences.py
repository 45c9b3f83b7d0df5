# feature: match
# requires: 3.10
def check(cmd):
    match cmd.split():
        case ["go", direction]:
            return "going " + direction
        case ["pick", "up", *items]:
            return "picking " + ",".join(items)
        case ["quit" | "exit"]:
            return "bye"
        case []:
            return "empty"
        case _:
            return "unknown"
for c in ("go north", "pick up a b c", "quit", "exit", "", "dance now please"):
    print(repr(c), check(c))
match {"type": "point", "x": 1, "y": 2, "extra": 0}:
    case {"type": "point", "x": x, **rest}:
        print("point", x, rest)
