# feature: import, random
import random

random.seed(12345)
print(random.random(), random.randint(1, 6), random.randrange(0, 100, 7))
print(random.choice(["rock", "paper", "scissors"]), random.sample(range(100), 4))
deck = list(range(10))
random.shuffle(deck)
print(deck, random.uniform(2.5, 3.5))
rng = random.Random("a string seed")
print(rng.random(), rng.choices("abc", weights=[1, 5, 1], k=5), rng.getrandbits(40))
state = rng.getstate()
x = rng.random()
rng.setstate(state)
print(x == rng.random(), round(random.gauss(10, 2), 6), round(random.expovariate(1.5), 6))
print(random.Random(7).randbytes(4).hex(), random.Random(0).triangular(0, 10))
