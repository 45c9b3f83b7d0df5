# feature: chained-comparison, del-statement, lambdas, refcount, uncaught, yield-from
# requires: 3.12
# regression: refcount|3.12|stderr line N|KeyError>KeyError
def a():
    return {}['']
a()
