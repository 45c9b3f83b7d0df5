# feature: type parameters
# requires: 3.12
def first[T](items: list[T]) -> T:
    return items[0]

class Stack[T]:
    def __init__(self) -> None:
        self.items: list[T] = []
    def push(self, item: T) -> None:
        self.items.append(item)
    def pop(self) -> T:
        return self.items.pop()

type Pair[K] = tuple[K, K]
type Number = int | float

print(first([3, 4]), first.__type_params__, Stack.__type_params__)
s = Stack[int]()
s.push(1); s.push(2)
print(s.pop(), s.items, Stack.__parameters__ if hasattr(Stack, "__parameters__") else None)
print(Pair, Pair.__value__, Pair.__type_params__, Number.__value__, type(Number).__name__)
def bounded[T: (int, str), U: float](a: T, b: U) -> tuple[T, U]:
    return a, b
(tv, uv) = bounded.__type_params__
print(tv.__constraints__, uv.__bound__, bounded(1, 2.0), repr(tv), tv.__name__)
print(Pair[int], Stack[str].__origin__ is Stack)
