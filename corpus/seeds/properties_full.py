# feature: properties, descriptors
class Temperature:
    def __init__(self, celsius):
        self._c = celsius
    @property
    def celsius(self):
        "Temperature in Celsius."
        return self._c
    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value
    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

t = Temperature(20)
print(t.celsius, t.fahrenheit, Temperature.celsius.__doc__)
t.celsius = 100
print(t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(hasattr(t, "_c"), isinstance(Temperature.celsius, property))
try:
    t.celsius
except AttributeError as e:
    print("AttributeError:", e)
class Child(Temperature):
    @Temperature.celsius.getter
    def celsius(self):
        return "child view"
print(Child(1).celsius, Child(1).fahrenheit)
