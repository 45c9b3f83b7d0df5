# feature: recursion
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)
    return moves
print(fact(20), len(hanoi(6, "A", "B", "C", [])), hanoi(2, 1, 2, 3, []))
