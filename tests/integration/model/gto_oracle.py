"""The registry as GTO would read it, from `git for-each-ref refs/tags`
output, written independently of git-dvx from GTO's documented format:
the regular expressions are gto/constants.py's (iterative/gto) verbatim,
the rules those of gto/base.py and gto/tag.py:
  - only annotated tags count (gto.tag.find drops lightweight ones);
  - events are ordered by tagger time (ties: GTO's counter);
  - a version is active when its last register/deregister is a registration;
  - a stage is held by the active version whose active assignment is the
    most recent (`gto show`, sort by timestamp);
  - latest = the greatest active registered SemVer (python's `semver`
    precedence, here for plain X.Y.Z and X.Y.Z-pre versions).
Usage: gto_oracle.py parse   (stdin: for-each-ref lines) -> JSON registry
       gto_oracle.py check TAG...  -> exit 1 naming a tag GTO would not parse
"""
import json
import re
import sys

# gto/constants.py
dirname = "[a-zA-Z0-9-_./]+"  # improve?
name = r"[a-zA-Z0-9]([a-zA-Z0-9-/_]*[a-zA-Z0-9])?"
semver = r"(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)(?:-(?P<prerelease>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+(?P<buildmetadata>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
counter = "?P<counter>[0-9]+"
fullname = f"(?P<dirname>{dirname}:)?(?P<name>{name})"
fullname_in_tag = fullname.replace(":", "=")
tag_re = re.compile(
    f"^(?P<artifact>{fullname_in_tag})(((#(?P<stage>{name})|@(?P<version>v{semver}))(?P<cancel>!?))|@((?P<deprecated>deprecated)|(?P<created>created)))(#({counter}))?$"
)


def parse_name(tag):
    """gto/tag.py parse_name"""
    m = tag_re.search(tag)
    if not m:
        return None
    out = {"name": m["artifact"].replace("=", ":")}
    if m["deprecated"]:
        out["action"] = "deprecate"
    if m["version"]:
        out["version"] = m["version"]
        out["action"] = "deregister" if m["cancel"] == "!" else "register"
    if m["stage"]:
        out["stage"] = m["stage"]
        out["action"] = "unassign" if m["cancel"] == "!" else "assign"
    if m["counter"]:
        out["counter"] = int(m["counter"])
    return out


def semver_key(v):
    m = re.match(r"^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?", v)
    pre = m.group(4)
    pre_key = (1,) if pre is None else (0,) + tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre_key)


def registry(lines):
    events = []
    for line in lines:
        if not line.strip():
            continue
        tag, objtype, commit, time = line.rstrip("\n").split("\t")[:4]
        parsed = parse_name(tag)
        if not parsed or "action" not in parsed or objtype != "tag":
            continue
        events.append((int(time), parsed.get("counter", 0), tag, commit, parsed))
    events.sort()
    models = {}
    for time, _, tag, commit, p in events:
        m = models.setdefault(p["name"], {"versions": {}, "events": []})
        m["events"].append(p["action"])
        if p["action"] in ("register", "deregister"):
            v = m["versions"].setdefault(p["version"], {"commit": commit, "stages": {}})
            v["commit"] = commit
            v["active"] = p["action"] == "register"
            v["registered"] = True
            if p["action"] == "register":
                v["tag"] = tag
        elif p["action"] in ("assign", "unassign"):
            found = [n for n, v in m["versions"].items() if v["commit"] == commit]
            found.sort(key=lambda n: (m["versions"][n].get("active", False), semver_key(n)))
            v = m["versions"][found[-1]]
            v["stages"][p["stage"]] = (p["action"] == "assign", len(m["events"]))
    out = {}
    for model, m in models.items():
        stages = {}
        for n, v in m["versions"].items():
            if not v.get("active"):
                continue
            for stage, (active, order) in v["stages"].items():
                if active and (stage not in stages or order > stages[stage][1]):
                    stages[stage] = (n, order)
        active = [n for n, v in m["versions"].items() if v.get("active")]
        out[model] = {
            "deprecated": m["events"][-1] == "deprecate",
            "latest": max(active, key=semver_key) if active else None,
            "stages": {s: n for s, (n, _) in stages.items()},
            "versions": {n: {"commit": v["commit"], "active": v.get("active", False),
                             "stages": sorted(s for s, (a, _) in v["stages"].items() if a and v.get("active"))}
                         for n, v in m["versions"].items()},
        }
    return out


if __name__ == "__main__":
    if sys.argv[1] == "parse":
        print(json.dumps(registry(sys.stdin), indent=1, sort_keys=True))
    elif sys.argv[1] == "check":
        bad = [t for t in sys.argv[2:] if not parse_name(t)]
        if bad:
            print("not GTO tags: " + " ".join(bad))
            sys.exit(1)
