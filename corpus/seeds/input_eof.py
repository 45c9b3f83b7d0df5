# feature: input
print("before input")
try:
    answer = input("your name? ")
except EOFError as e:
    print()
    print("EOFError:", e)
print("after")
