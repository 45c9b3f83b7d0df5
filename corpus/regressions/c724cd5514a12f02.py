# feature: except-star, exception-chaining, int-arithmetic, recursion, uncaught
# requires: 3.12
# regression: exec|3.12|stderr line N|ZeroDivisionError>ZeroDivisionError
def a():
    return 0 // 0
a()
