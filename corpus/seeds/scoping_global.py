# feature: scoping
counter = 0
def bump():
    global counter
    counter += 1
bump(); bump()
print(counter)
def shadow():
    counter = 100
    return counter
print(shadow(), counter)
def unbound():
    print(x)
    x = 1
try:
    unbound()
except UnboundLocalError as e:
    print(e)
try:
    undefined_name
except NameError as e:
    print(e)
