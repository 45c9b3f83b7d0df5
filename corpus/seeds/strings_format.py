# feature: fstrings, formatting
name, n = "pi", 3.14159
print(f"{name}={n:.2f}", f"{n!r}", f"{name!r:>8}", f"{42:#x}", f"{42:08b}")
print("%s is %d years, %.1f%%" % ("Bob", 30, 99.5), "%r" % "q", "%5s|%-5s|" % ("a", "b"))
print("{} {} {}".format(1, "two", 3.0), "{0}{1}{0}".format("a", "b"), "{x}".format(x=5))
print(format(255, "x"), format(3.5, "08.3f"), str(10), repr("it's"))
