# feature: closures, decorators, float-arithmetic, match, parameters, try-except, uncaught
# requires: 3.12
# regression: exec|3.12|stderr line N|IndexError>IndexError
def a():
    return [][0]
a()
