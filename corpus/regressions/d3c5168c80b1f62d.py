# feature: parameters, strings, uncaught, yield-from
# requires: 3.12
# regression: exec|3.12|stderr line N|TypeError>TypeError
def a():
    return None + 0
a()
