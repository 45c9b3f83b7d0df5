# feature: scoping, exceptions
counter = 0
def bad_increment():
    counter += 1
try:
    bad_increment()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
def good_increment():
    global counter
    counter += 1
    return counter
print(good_increment(), good_increment())
def outer():
    value = "outer"
    def inner():
        print(value)
        value = "inner"
    try:
        inner()
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
outer()
def uses_later():
    try:
        print(later)
    except NameError as e:
        print("NameError:", e)
uses_later()
later = "defined now"
uses_later()
def deleter():
    x = 1
    del x
    try:
        return x
    except UnboundLocalError as e:
        return "UnboundLocalError: %s" % e
print(deleter())
class Scope:
    y = 10
    def method(self):
        try:
            return y
        except NameError as e:
            return "NameError: %s" % e
print(Scope().method())
