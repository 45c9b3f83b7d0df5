# feature: classes, uncaught, yield-from
# requires: 3.12
# regression: exec|3.12|stderr line N|ValueError>ValueError
def a():
    return ''.index('z')
a()
