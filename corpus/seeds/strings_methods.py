# feature: strings
s = "Hello, World"
print(s.upper(), s.lower(), s.split(", "), s.replace("l", "L"), s.find("World"))
print(s[::-1], s[2:5], s[-3:], len(s), "lo" in s, s.startswith("He"), s.count("l"))
print("-".join(["a", "b", "c"]), "  pad  ".strip(), "x".center(7, "*"), "42".zfill(5))
print("a,b,,c".split(","), "line1\nline2".splitlines(), "Title case words".title())
