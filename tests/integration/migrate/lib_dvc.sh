# Hand-made DVC projects for the migrate tests, written from DVC's documented
# formats (there is no DVC here): .dvc files (2.x `md5:`, 3.x `hash: md5`),
# .dir manifests, the cache (2.x <cache>/ab/cdef…, 3.x <cache>/files/md5/ab/…),
# a directory remote in the same layouts, dvc.yaml, dvc.lock, .dvc/config.
# Source after ../lib.sh.

# make_dvc_project VERSION(2|3) DIR REMOTE_DIR: a committed DVC project in DIR
# whose remote is REMOTE_DIR. Records every data file's sha256 in
# $DIR/../expected.txt ("<sha256>  <path>"). Where each output's bytes are:
#   data/raw.csv     workspace (a hard link into the cache, as cache.type=hardlink)
#   images/          folder; images/b.png only in the DVC cache
#   models/base.bin  only in the DVC remote
#   data/prepared.csv, summary.txt: pipeline outs (dvc.lock), in the workspace
#   metrics.json     pipeline metric with cache: false (in git)
make_dvc_project() {
  local version=$1 dir=$2 remote=$3
  mkdir -p "$dir" "$remote"
  cd "$dir"
  git init -q
  $PY - "$version" "$remote" <<'PY'
import hashlib, json, os, shutil, sys
version, remote = sys.argv[1], sys.argv[2]
v3 = version == "3"
def md5(b): return hashlib.md5(b).hexdigest()
def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f: f.write(data)
def obj_rel(h): return ("files/md5/" if v3 else "") + h[:2] + "/" + h[2:]
def cache(h, data, where=(".dvc/cache",)):
    for root in where: write(os.path.join(root, obj_rel(h)), data)
def hashline(): return "  hash: md5\n" if v3 else ""
expected = []
def keep(path):
    expected.append((hashlib.sha256(open(path, "rb").read()).hexdigest(), path))

os.makedirs(".dvc", exist_ok=True)
write(".dvc/.gitignore", b"/config.local\n/tmp\n/cache\n")
write(".dvc/config", ("[core]\n    remote = storage\n['remote \"storage\"']\n    url = %s\n" % os.path.relpath(remote, ".dvc")).encode())
write(".dvcignore", b"# DVC ignore\n")

# data/raw.csv: workspace + cache (hard link)
raw = b"id,x\n" + b"".join(b"%d,%d\n" % (i, i * 7 % 13) for i in range(200))
write("data/raw.csv", raw); cache(md5(raw), raw)
os.chmod(os.path.join(".dvc/cache", obj_rel(md5(raw))), 0o444)
os.remove("data/raw.csv"); os.link(os.path.join(".dvc/cache", obj_rel(md5(raw))), "data/raw.csv")
keep("data/raw.csv")
write("data/raw.csv.dvc", ("outs:\n- md5: %s\n  size: %d\n%s  path: raw.csv\n" % (md5(raw), len(raw), hashline())).encode())
write("data/.gitignore", b"/raw.csv\n/prepared.csv\n")

# images/: a folder with a .dir manifest
files = {"a.png": os.urandom(3000), "sub/b.png": os.urandom(5000), "c d.png": os.urandom(10)}
entries = sorted(({"md5": md5(d), "relpath": p} for p, d in files.items()), key=lambda e: e["relpath"])
manifest = json.dumps(entries).encode()
dirhash = md5(manifest) + ".dir"
cache(dirhash, manifest, (".dvc/cache", remote))
for p, d in files.items():
    write("images/" + p, d); cache(md5(d), d, (".dvc/cache", remote)); keep("images/" + p)
os.remove("images/sub/b.png")   # only in the cache now
write("images.dvc", ("outs:\n- md5: %s\n  size: %d\n  nfiles: %d\n%s  path: images\n" % (dirhash, sum(map(len, files.values())), len(files), hashline())).encode())

# models/base.bin: only in the remote
model = os.urandom(70000)
cache(md5(model), model, (remote,))
os.makedirs("models", exist_ok=True)
write("models/base.bin.dvc", ("outs:\n- md5: %s\n  size: %d\n%s  path: base.bin\n" % (md5(model), len(model), hashline())).encode())
write("models/.gitignore", b"/base.bin\n")
expected.append((hashlib.sha256(model).hexdigest(), "models/base.bin"))

# the pipeline
write("params.yaml", b"prepare:\n  scale: 3  # multiplier\n  name: demo\ntrain:\n  epochs: 10\n")
write("prep.py", b"import re\nscale = int(re.search(r'scale: (\\d+)', open('params.yaml').read()).group(1))\n"
      b"rows = open('data/raw.csv').read().splitlines()[1:]\n"
      b"open('data/prepared.csv', 'w').write('id,x\\n' + ''.join('%s,%d\\n' % (r.split(',')[0], int(r.split(',')[1]) * scale) for r in rows))\n")
write("evaluate.py", b"import json\nrows = open('data/prepared.csv').read().splitlines()[1:]\n"
      b"json.dump({'rows': len(rows)}, open('metrics.json', 'w'))\n")
write("dvc.yaml", b"""stages:
  prepare:
    cmd: python3 prep.py && echo prepare >> "$COUNT"
    deps:
      - prep.py
      - data/raw.csv
    params:
      - prepare.scale
    outs:
      - data/prepared.csv
  evaluate:
    cmd:
      - python3 evaluate.py
      - echo evaluate >> "$COUNT"
    deps:
      - evaluate.py
      - data/prepared.csv
    metrics:
      - metrics.json:
          cache: false
  summarize:
    cmd: wc -l data/raw.csv > summary.txt && echo summarize >> "$COUNT"
    deps:
      - data/raw.csv
    outs:
      - summary.txt
    plots:
      - summary.txt
""")
import subprocess
subprocess.run(["python3", "prep.py"], check=True)
subprocess.run(["python3", "evaluate.py"], check=True)
subprocess.run("wc -l data/raw.csv > summary.txt", shell=True, check=True)
write(".gitignore", b"/images\n/summary.txt\n")
def entry(path):
    d = open(path, "rb").read()
    cache(md5(d), d)
    return "    - path: %s\n%s      md5: %s\n      size: %d\n" % (path, "      hash: md5\n" if v3 else "", md5(d), len(d))
lock = "schema: '2.0'\nstages:\n"
lock += "  prepare:\n    cmd: python3 prep.py && echo prepare >> \"$COUNT\"\n    deps:\n" + entry("data/raw.csv") + entry("prep.py")
lock += "    params:\n      params.yaml:\n        prepare.scale: 3\n    outs:\n" + entry("data/prepared.csv")
lock += "  evaluate:\n    cmd:\n    - python3 evaluate.py\n    - echo evaluate >> \"$COUNT\"\n    deps:\n" + entry("data/prepared.csv") + entry("evaluate.py")
lock += "    outs:\n" + entry("metrics.json")
lock += "  summarize:\n    cmd: wc -l data/raw.csv > summary.txt && echo summarize >> \"$COUNT\"\n    deps:\n" + entry("data/raw.csv")
lock += "    outs:\n" + entry("summary.txt")
write("dvc.lock", lock.encode())
for p in ("data/prepared.csv", "summary.txt"): keep(p)
with open("../expected.txt", "w") as f:
    for h, p in expected: f.write("%s  %s\n" % (h, p))
PY
  git add -A
  git commit -qm "DVC project (DVC $version.x formats)"
}
