# feature: generators, send
def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            return total, count
        total += value
        count += 1
        average = total / count

avg = averager()
next(avg)
for v in (10, 20, 60):
    print(avg.send(v))
try:
    avg.send(None)
except StopIteration as e:
    print("result", e.value)

def echo():
    received = None
    try:
        while True:
            received = yield "echo %r" % (received,)
    except GeneratorExit:
        print("closing after", received)
        return "closed value"

e = echo()
print(next(e), e.send(1), e.send("two"))
print("close returned", e.close())
def gen():
    x = yield 1
    print("got", x)
g = gen()
print(g.send(None))
try:
    g.send("final")
except StopIteration:
    print("finished")
print(g.gi_frame, g.gi_running)
