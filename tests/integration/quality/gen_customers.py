# A customers table for the validate HTML page (test and docs screenshot):
# numbers (an id, an age with nulls and values out of range, a score), text
# with few categories (city, plan), text with one value per row (email, some
# malformed) and dates as text. usage: gen_customers.py OUT.csv ROWS SEED
import csv
import random
import sys

out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(seed)
cities = ["Paris", "Berlin", "Rome", "Madrid", "Lisbon", "Vienna", "Oslo"]
weights = [30, 25, 15, 12, 8, 6, 4]
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["customer_id", "age", "city", "plan", "email", "signup", "score"])
    for i in range(n):
        age = "" if r.random() < 0.03 else str(max(-5, int(r.gauss(41, 13))))
        if r.random() < 0.01:
            age = str(r.choice([130, 150, -1]))
        email = f"user{i}@example.org" if r.random() > 0.01 else f"user{i} at example.org"
        cid = 1000 + i if r.random() > 0.005 else 1000 + i - 1  # a few repeated ids
        w.writerow([cid, age, r.choices(cities, weights)[0], r.choice(["free", "pro", "team"]), email,
                    f"2024-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}", f"{r.gauss(0.6, 0.15):.3f}"])
