"""Writes the benchmark inputs (inputs/NAME.*), deterministically.
Run by build.sh; the uap input takes user agents from the test file that
the uaparser package ships (path given as the first argument)."""
import random
import sys

rng = random.Random(20261124)

methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"]
statuses = ["200", "201", "204", "301", "304", "400", "404", "500", "503"]
with open("inputs/regex.txt", "w") as f:
    for i in range(2000):
        ip = ".".join(str(rng.randrange(1, 255)) for _ in range(4))
        path = "/" + "/".join(rng.choice(["api", "v1", "users", "img", "static", "x"]) for _ in range(3))
        line = f'{ip} - user{i % 37} [24/Nov/2026:10:{i % 60:02}:{i * 7 % 60:02} +0000] "{rng.choice(methods)} {path} HTTP/1.1" {rng.choice(statuses)} {rng.randrange(0, 99999) if i % 5 else "-"}'
        if i % 3 == 0:
            line += f' "https://example.com/{i}" "agent/{i % 9}"'
        if i % 41 == 0:
            line = "malformed " + line
        f.write(line + "\n")

agents = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line.startswith("- user_agent_string:"):
        agent = line.split(":", 1)[1].strip()
        if agent.startswith("'") and agent.endswith("'"):
            agent = agent[1:-1].replace("''", "'")
        agents.append(agent)
with open("inputs/uap.txt", "w", encoding="utf-8") as f:
    for agent in agents[::len(agents) // 200][:200]:
        f.write(agent + "\n")

with open("inputs/quickjs.js", "w") as f:
    f.write('table.filter((r) => r.score > 500 && r.tags.includes("t3")).length'
            ' + byName.get("item1234").score + byTag["u5"].length\n')

with open("inputs/sqlite.sql", "w") as f:
    f.write("SELECT count(*) * 1000 + max(age) FROM people WHERE city = 'Oslo' AND age BETWEEN 30 AND 60"
            " AND name > 'person-2'\n")

with open("inputs/bigheap.bin", "wb") as f:
    f.write(bytes(rng.randrange(256) for _ in range(65536)))
