# Richards-like scheduler: objects, method calls, attribute access
class Task:
    def __init__(self, name, prio, work):
        self.name, self.prio, self.work, self.done = name, prio, work, 0
    def run(self, sched):
        self.done += 1
        self.work -= 1
        if self.work % 3 == 0:
            sched.hold(self)
        return self.work > 0
class Scheduler:
    def __init__(self):
        self.queue, self.held, self.steps = [], 0, 0
    def add(self, t):
        self.queue.append(t)
    def hold(self, t):
        self.held += 1
    def run(self):
        while self.queue:
            t = self.queue.pop(0)
            self.steps += 1
            if t.run(self):
                self.queue.append(t)
s = Scheduler()
for i in range(150):
    s.add(Task("t%d" % i, i % 5, 50 + i))
s.run()
print(s.steps, s.held)
