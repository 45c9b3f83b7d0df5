# float workload: Mandelbrot escape counts
def mandel(w, h, iters):
    total = 0
    for py in range(h):
        y0 = py / h * 2.0 - 1.0
        for px in range(w):
            x0 = px / w * 3.0 - 2.0
            x = y = 0.0
            i = 0
            while x * x + y * y < 4.0 and i < iters:
                x, y = x * x - y * y + x0, 2.0 * x * y + y0
                i += 1
            total += i
    return total
print(mandel(80, 60, 60))
