# string workload: building, splitting, joining, formatting, dict counting
words = []
for i in range(20000):
    words.append("w%d_%s" % (i % 97, "abc"[i % 3]))
text = " ".join(words)
counts = {}
for w in text.split():
    key = w.upper().replace("_", "-")
    counts[key] = counts.get(key, 0) + 1
out = []
for k in sorted(counts)[:50]:
    out.append(f"{k}:{counts[k]:03d}")
print(len(text), len(counts), ",".join(out)[:60])
