# n-queens: recursion, sets and generators
def solve(n):
    def place(row, cols, d1, d2):
        if row == n:
            yield 1
            return
        for c in range(n):
            if c not in cols and row + c not in d1 and row - c not in d2:
                yield from place(row + 1, cols | {c}, d1 | {row + c}, d2 | {row - c})
    return sum(place(0, frozenset(), frozenset(), frozenset()))
print(solve(8))
