# n-body: float arithmetic on lists (after the classic benchmark)
PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS = 365.24
bodies = [
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], SOLAR_MASS],
    [[4.84, -1.16, -0.10], [0.00166 * DAYS, 0.00769 * DAYS, -0.0000690 * DAYS], 0.000954 * SOLAR_MASS],
    [[8.34, 4.12, -0.40], [-0.00276 * DAYS, 0.00499 * DAYS, 0.0000230 * DAYS], 0.000285 * SOLAR_MASS],
    [[12.89, -15.11, -0.22], [0.00296 * DAYS, 0.00237 * DAYS, -0.0000296 * DAYS], 0.0000436 * SOLAR_MASS],
    [[15.37, -25.91, 0.17], [0.00268 * DAYS, 0.00162 * DAYS, -0.0000951 * DAYS], 0.0000515 * SOLAR_MASS],
]
pairs = [(bodies[i], bodies[j]) for i in range(5) for j in range(i + 1, 5)]
def advance(dt, n):
    for _ in range(n):
        for ([x1, y1, z1], v1, m1), ([x2, y2, z2], v2, m2) in pairs:
            dx, dy, dz = x1 - x2, y1 - y2, z1 - z2
            mag = dt * ((dx * dx + dy * dy + dz * dz) ** (-1.5))
            b1m, b2m = m1 * mag, m2 * mag
            v1[0] -= dx * b2m; v1[1] -= dy * b2m; v1[2] -= dz * b2m
            v2[0] += dx * b1m; v2[1] += dy * b1m; v2[2] += dz * b1m
        for (r, [vx, vy, vz], m) in bodies:
            r[0] += dt * vx; r[1] += dt * vy; r[2] += dt * vz
advance(0.01, 2000)
print(round(bodies[0][0][0], 9))
