# feature: assert, float-arithmetic, inheritance, uncaught
# requires: 3.12
# regression: exec|3.12|stderr line N|NameError>NameError
def a():
    return undefined_name_q
a()
