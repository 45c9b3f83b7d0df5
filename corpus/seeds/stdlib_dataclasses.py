# feature: import, dataclasses
from dataclasses import dataclass, field, asdict, astuple, replace, fields, FrozenInstanceError

@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: list = field(default_factory=list)

    def total(self, qty):
        return self.price * qty

@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int = 0

item = Item("pen", 1.5)
item.tags.append("office")
print(item, item.total(4), asdict(item), astuple(item))
print([f.name for f in fields(Item)], replace(item, name="pencil"))
v1, v2 = Version(1, 2), Version(1, 10)
print(v1 < v2, sorted([v2, v1]), v1 == Version(1, 2), hash(v1) == hash(Version(1, 2)))
try:
    v1.major = 3
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e)

@dataclass
class Child(Item):
    size: int = 1
print(Child("c", 2.0, [], 3), Item.__init__.__qualname__)
try:
    Item()
except TypeError as e:
    print("TypeError:", e)
