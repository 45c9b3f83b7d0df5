# feature: strings
s = "  The quick, brown fox; jumps over\tthe lazy dog.\n"
print(s.split(), s.split(","), s.strip().split(" ", 2), s.rsplit(None, 2))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "".split(","), "".split())
print("line1\nline2\r\nline3".splitlines(), "x\ny\n".splitlines(True))
print("-".join(["a", "b", "c"]), "".join(reversed("abc")), ", ".join(str(i) for i in range(4)))
print("key=value=x".partition("="), "key=value=x".rpartition("="), "none".partition("="))
print("hello".center(11, "*"), "7".zfill(3), "-7".zfill(4), "ab".ljust(4, "."), "ab".rjust(4))
print("a\tbc\td".expandtabs(4), "Hello World".swapcase(), "hello world".title(), "ß".casefold())
print("abc".translate(str.maketrans("ab", "xy", "c")), "hello".replace("l", "L", 1), "aaa".count("a"))
print("hello".find("l"), "hello".rfind("l"), "hello".find("z"), "hello".index("e"), "x".startswith(("a", "x")))
try:
    "hello".index("z")
except ValueError as e:
    print("ValueError:", e)
try:
    ",".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
print("abc123".isalnum(), "abc".isalpha(), "123".isdigit(), "½".isnumeric(), " \t".isspace(), "Ab".istitle())
print("mixed Case".upper(), "MIXED".lower(), "x".isidentifier(), "1x".isidentifier(), "prefix_name".removeprefix("prefix_"))
print("%-5s|%5s|" % ("ab", "cd"), "abc"[::-1], "abcdef"[1:5:2], "a" * 3 + "b" * 0, "abc" < "abd")
