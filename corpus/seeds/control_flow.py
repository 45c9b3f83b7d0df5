# feature: control flow
for i in range(10):
    if i % 3 == 0:
        continue
    if i > 7:
        break
    print(i, end=" ")
else:
    print("no break")
print()
n = 0
while n < 5:
    n += 1
else:
    print("while done", n)
print("yes" if n == 5 else "no", n > 3 and n < 10, n < 3 or n == 5, not n)
