# feature: chained-comparison, del-statement, uncaught
# requires: 3.12
# regression: exec|3.12|stderr line N|AttributeError>AttributeError
def a():
    return (0).nope
a()
