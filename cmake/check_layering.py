#!/usr/bin/env python3
"""Checks every #include of src/ and include/ against the layer list.

The layer list is build/layers.txt, which CMakeLists.txt writes from its
dvx_layer() calls (the one place the layers are declared):

    <layer>: <deps...> | <public libs...> | <private libs...>

A file of layer L (src/L/** or include/dvx/L/**) may include
  - "dvx/X/..." when X is L or a layer L depends on (directly or not);
  - "X/..." relative to src/ (a private header) only when X is L;
  - a third-party header when L declares its library, or a layer below L
    exports it publicly;
and no file outside src/git starts `git` ({"git", ... argv literals);
and every dependency and library a layer declares is used (included).
Exit 0 when every include agrees, 1 (one line per violation, naming the
file, line and both layers) when not, 2 on a bad invocation.

Usage: check_layering.py --layers build/layers.txt [--root SOURCE_DIR]
"""
import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
GIT_ARGV = re.compile(r'\{\s*"git"\s*,')
SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".hpp.in")

# Third-party headers -> a word of the CMake library that provides them.
THIRD_PARTY = [
    ("git2", "LIBGIT2"),
    ("toml++/", "TOMLPP"),
    ("nlohmann/", "nlohmann_json"),
    ("sqlite3.h", "SQLite3"),
    ("curl/", "CURL"),
    ("openssl/", "OpenSSL"),
    ("zstd", "ZSTD"),
    ("lz4", "LZ4"),
    ("snappy", "snappy"),
    ("zlib.h", "ZLIB"),
    ("boost/", "Boost"),
    ("fmt/", "fmt"),
    ("yaml-cpp/", "yaml-cpp"),
]


def read_layers(path):
    layers = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, rest = line.partition(":")
            parts = rest.split("|")
            if not sep or len(parts) != 3:
                sys.exit(f"{path}:{number}: expected '<layer>: deps | libs | private libs': {line}")
            layers[name.strip()] = {
                "deps": parts[0].split(),
                "libs": parts[1].split(),
                "private_libs": parts[2].split(),
            }
    for name, layer in layers.items():
        for dep in layer["deps"]:
            if dep not in layers:
                sys.exit(f"{path}: layer '{name}' depends on '{dep}', which is not a layer")
    return layers


def below(layers, name):
    """The layers `name` depends on, directly or through others."""
    seen, todo = set(), list(layers[name]["deps"])
    while todo:
        dep = todo.pop()
        if dep not in seen:
            seen.add(dep)
            todo.extend(layers[dep]["deps"])
    return seen


def allowed_libs(layers, name):
    libs = set(layers[name]["libs"]) | set(layers[name]["private_libs"])
    for dep in below(layers, name):
        libs |= set(layers[dep]["libs"])
    return libs


def source_files(root):
    """(relative path, layer) of every C++ file under src/ and include/dvx/."""
    for top in ("src", os.path.join("include", "dvx")):
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        for dirpath, _, files in os.walk(base):
            for f in sorted(files):
                if not f.endswith(SUFFIXES):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root)
                layer_dir = os.path.relpath(path, base).split(os.sep)[0]
                yield rel, (None if layer_dir == f else layer_dir)


def check(root, layers):
    """(problems, used) where used[layer] = {"layers": set, "libs": set} seen in its includes."""
    problems = []
    used = {name: {"layers": set(), "libs": set()} for name in layers}
    for rel, layer in source_files(root):
        if layer is None or layer not in layers:
            problems.append(f"{rel}: not in any layer of the layer list ({' '.join(sorted(layers))})")
            continue
        visible = below(layers, layer) | {layer}
        libs = allowed_libs(layers, layer)
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        for number, text in enumerate(lines, 1):
            if layer != "git" and GIT_ARGV.search(text):
                problems.append(f"{rel}:{number}: layer '{layer}' starts `git`; only layer 'git' may "
                                "(add a typed function to dvx/git/commands.hpp)")
            m = INCLUDE.match(text)
            if not m:
                continue
            target = m.group(2)
            first = target.split("/")[0]
            if target.startswith("dvx/"):
                other = target.split("/")[1] if target.count("/") >= 2 else ""
                if other != layer:
                    used[layer]["layers"].add(other)
                if other not in layers:
                    problems.append(f"{rel}:{number}: includes {target}: '{other}' is not a layer")
                elif other not in visible:
                    problems.append(f"{rel}:{number}: layer '{layer}' includes {target} from layer "
                                    f"'{other}', which is not below it (it depends on: "
                                    f"{' '.join(sorted(below(layers, layer))) or 'nothing'})")
            elif target.startswith("../") or "/../" in target:
                problems.append(f"{rel}:{number}: layer '{layer}' includes {target}: no relative paths "
                                "out of a folder")
            elif m.group(1) == '"' and "/" in target and first in layers:
                if first != layer:
                    problems.append(f"{rel}:{number}: layer '{layer}' includes {target}, a private header "
                                    f"of layer '{first}' (private headers are for their own layer)")
            else:
                for prefix, lib in THIRD_PARTY:
                    if target.startswith(prefix):
                        used[layer]["libs"].add(lib)
                    if target.startswith(prefix) and not any(lib in l for l in libs):
                        problems.append(f"{rel}:{number}: layer '{layer}' includes <{target}> but does not "
                                        f"declare {lib} (nor does a layer below it export it)")
    # Declared must be real too: a dependency or library nothing includes is
    # a false line on the map.
    for name, layer in layers.items():
        for dep in layer["deps"]:
            if dep not in used[name]["layers"]:
                problems.append(f"CMakeLists.txt: layer '{name}' declares a dependency on layer '{dep}' "
                                "but includes nothing from it")
        for lib in layer["libs"] + layer["private_libs"]:
            word = next((w for _, w in THIRD_PARTY if w in lib), None)
            if word and word not in used[name]["libs"]:
                problems.append(f"CMakeLists.txt: layer '{name}' declares {lib} but includes none of its "
                                "headers")
    return problems, used


def print_graph(layers, used):
    """The dependencies the includes show, one layer a line, for ARCHITECTURE.md."""
    for name in layers:
        deps = [d for d in layers if d in used[name]["layers"]]
        libs = sorted(used[name]["libs"])
        print(f"{name:9} -> {' '.join(deps) or '-'}" + (f"   [{' '.join(libs)}]" if libs else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layers", required=True, help="build/layers.txt")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."),
                        help="the source tree (default: this checkout)")
    parser.add_argument("--graph", action="store_true",
                        help="print the layer dependencies the includes show, and exit")
    args = parser.parse_args()
    if not os.path.isfile(args.layers):
        print(f"check_layering: {args.layers}: no such file (configure with cmake first)", file=sys.stderr)
        return 2
    layers = read_layers(args.layers)
    problems, used = check(args.root, layers)
    if args.graph:
        print_graph(layers, used)
        return 0
    for p in problems:
        print(p)
    if problems:
        print(f"check_layering: {len(problems)} problem(s) against the layer list {args.layers}",
              file=sys.stderr)
        return 1
    print(f"check_layering: every include agrees with the {len(layers)} layers of {args.layers}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
