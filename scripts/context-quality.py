#!/usr/bin/env python3
"""Retrieval quality of `codecrucible context` on a real source tree.

Picks call sites whose callee is defined in another file of the tree, found independently of
CodeCrucible (Python: the `ast` module; C headers, JavaScript and Go: simple regular-expression
heuristics), runs `codecrucible context FILE:LINE:COL --root TREE --budget 2000 --json` at the
callee's name and counts the sites whose callee definition is among the items (a `definition`
item of the defining file whose range holds the definition's line).

  scripts/context-quality.py --lang python /usr/lib/python3.11
  scripts/context-quality.py --lang c /usr/include
  scripts/context-quality.py --lang js /tmp/js/node_modules
  scripts/context-quality.py --lang go /usr/share/go-1.19/src   (Debian: golang-1.19-src)

Prints the fraction per language (and a few misses with --verbose). Uses a private cache
directory so the run neither reads nor leaves the user's index.
"""
import argparse
import ast
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP_DIRS = {".git", "node_modules", "__pycache__", "build", "dist", "vendor", "testdata", "site-packages"}


def walk(root, exts, skip=SKIP_DIRS):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip and not d.startswith("."))
        for f in sorted(filenames):
            if f.endswith(exts):
                p = os.path.join(dirpath, f)
                if not os.path.islink(p) and os.path.getsize(p) <= 1024 * 1024:
                    yield p


def read(p):
    try:
        with open(p, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


# ------------------------------------------------------------------------------ Python (ast)

def python_sites(root):
    modules = {}  # dotted name -> file
    for p in walk(root, (".py",)):
        rel = os.path.relpath(p, root)[:-3].split(os.sep)
        if rel[-1] == "__init__":
            rel = rel[:-1]
        if rel:
            modules[".".join(rel)] = p
    top_defs = {}  # file -> {name: line}

    def defs_of(path):
        if path not in top_defs:
            try:
                tree = ast.parse(read(path))
            except (SyntaxError, ValueError):
                tree = None
            top_defs[path] = {n.name: n.lineno for n in (tree.body if tree else [])
                              if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        return top_defs[path]

    sites = []
    for path in modules.values():
        try:
            tree = ast.parse(read(path))
        except (SyntaxError, ValueError):
            continue
        rel = os.path.relpath(path, root)[:-3].split(os.sep)
        package = rel[:-1] if rel[-1] != "__init__" else rel[:-1]
        names, aliases = {}, {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                    base = ".".join(up + ([base] if base else []))
                target = modules.get(base)
                if not target or target == path:
                    continue
                for a in node.names:
                    if a.name in defs_of(target):
                        names[a.asname or a.name] = (target, a.name)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    target = modules.get(a.name)
                    if target and target != path:
                        aliases[a.asname or a.name] = target
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id in names:
                target, real = names[f.id]
                if real != f.id:
                    continue  # an alias: the name at the call is not the definition's
                sites.append((path, f.lineno, f.col_offset + 1, target, defs_of(target)[real], real))
            elif isinstance(f, ast.Attribute) and f.end_col_offset is not None:
                dotted = ast.unparse(f.value) if hasattr(ast, "unparse") else ""
                target = aliases.get(dotted)
                if target and f.attr in defs_of(target) and f.end_lineno == f.lineno:
                    col = f.end_col_offset - len(f.attr) + 1
                    sites.append((path, f.lineno, col, target, defs_of(target)[f.attr], f.attr))
    return sites


# ------------------------------------------------------------------------------ C headers

C_DECL = re.compile(r"^\s*extern\s[^;{}()]*?\b([A-Za-z_]\w*)\s*\(", re.M)
C_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")


def strip_c_comments(t):
    """Comments become spaces (line breaks kept), so positions stay and calls in prose don't count."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), t, flags=re.S)


def c_sites(root):
    decls = {}  # name -> set of (file, line)
    files = list(walk(root, (".h",)))
    texts = {}
    for p in files:
        t = strip_c_comments(read(p))
        texts[p] = t
        for m in C_DECL.finditer(t):
            name = m.group(1)
            if name.startswith("__"):
                continue
            line = t.count("\n", 0, m.start(1)) + 1
            decls.setdefault(name, set()).add((p, line))
    # A call counts only where the calling header includes the declaring one (directly): the
    # same name declared elsewhere (a C++ method, another library) is not this callee.
    include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
    sites = []
    for p, t in texts.items():
        included = {spec for spec in include.findall(t)}
        for i, line in enumerate(t.split("\n"), 1):
            s = line.strip()
            if not s or s.startswith(("extern", "#", "*", "/*", "//", "typedef")) or "__REDIRECT" in s:
                continue
            for m in C_CALL.finditer(line):
                name = m.group(1)
                where = decls.get(name)
                if not where or len(where) != 1:
                    continue
                (target, dline), = where
                if target == p or not any(target.endswith("/" + spec) for spec in included):
                    continue
                sites.append((p, i, m.start(1) + 1, target, dline, name))
    return sites


# ------------------------------------------------------------------------------ JavaScript

JS_FUNC = re.compile(r"^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(", re.M)
JS_REQUIRE = re.compile(r"(?:var|const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['\"](\.{1,2}/[^'\"]+)['\"]\s*\)")
JS_EXPORTS_FN = re.compile(r"module\.exports\s*=\s*([A-Za-z_$][\w$]*)\s*;")


def resolve_js(base_dir, spec):
    p = os.path.normpath(os.path.join(base_dir, spec))
    for cand in (p, p + ".js", os.path.join(p, "index.js")):
        if os.path.isfile(cand):
            return cand
    return None


def js_sites(root):
    funcs = {}
    def defs(path):
        if path not in funcs:
            t = read(path)
            funcs[path] = ({m.group(1): t.count("\n", 0, m.start(1)) + 1 for m in JS_FUNC.finditer(t)},
                           (JS_EXPORTS_FN.search(t).group(1) if JS_EXPORTS_FN.search(t) else None))
        return funcs[path]
    sites = []
    for p in walk(root, (".js",), SKIP_DIRS - {"node_modules"}):
        t = read(p)
        lines = t.split("\n")
        for m in JS_REQUIRE.finditer(t):
            alias, spec = m.group(1), m.group(2)
            target = resolve_js(os.path.dirname(p), spec)
            if not target or target == p:
                continue
            fns, exported = defs(target)
            for i, line in enumerate(lines, 1):
                if "require(" in line or line.lstrip().startswith(("//", "*")):
                    continue
                # alias(...) where the module exports one named function under the same name
                for c in re.finditer(r"(?<![\w$.])" + re.escape(alias) + r"\s*\(", line):
                    if exported and exported == alias and alias in fns:
                        sites.append((p, i, c.start() + 1, target, fns[alias], alias))
                # alias.method(...) where the module defines `function method(`
                for c in re.finditer(r"(?<![\w$.])" + re.escape(alias) + r"\.([A-Za-z_$][\w$]*)\s*\(", line):
                    if c.group(1) in fns:
                        sites.append((p, i, c.start(1) + 1, target, fns[c.group(1)], c.group(1)))
    return sites


# ------------------------------------------------------------------------------ Go

GO_FUNC = re.compile(r"^func\s+([A-Z]\w*)\s*[\[(]", re.M)
GO_IMPORT = re.compile(r"^\s*(?:import\s+)?(?:([A-Za-z_]\w*)\s+)?\"([\w./-]+)\"\s*$", re.M)


def go_sites(root):
    pkg_funcs = {}  # dir -> {name: (file, line)}
    def package(d):
        if d not in pkg_funcs:
            out = {}
            if os.path.isdir(d):
                for f in sorted(os.listdir(d)):
                    if f.endswith(".go") and not f.endswith("_test.go"):
                        p = os.path.join(d, f)
                        t = read(p)
                        for m in GO_FUNC.finditer(t):
                            out.setdefault(m.group(1), (p, t.count("\n", 0, m.start(1)) + 1))
            pkg_funcs[d] = out
        return pkg_funcs[d]
    sites = []
    for p in walk(root, (".go",)):
        if p.endswith("_test.go"):
            continue
        t = read(p)
        head = t[: t.find("\nfunc ")] if "\nfunc " in t else t
        imports = {}
        for m in GO_IMPORT.finditer(head):
            path = m.group(2)
            d = os.path.join(root, path)
            if os.path.isdir(d) and os.path.abspath(d) != os.path.dirname(os.path.abspath(p)):
                imports[m.group(1) or path.rsplit("/", 1)[-1]] = d
        if not imports:
            continue
        for i, line in enumerate(t.split("\n"), 1):
            if line.lstrip().startswith("//"):
                continue
            for c in re.finditer(r"(?<![\w.])([a-z]\w*)\.([A-Z]\w*)\s*\(", line):
                d = imports.get(c.group(1))
                if d and c.group(2) in package(d):
                    target, dline = package(d)[c.group(2)]
                    sites.append((p, i, c.start(2) + 1, target, dline, c.group(2)))
    return sites


# ------------------------------------------------------------------------------ driver

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tree")
    ap.add_argument("--lang", required=True, choices=["python", "c", "js", "go"])
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=int, default=2000)
    ap.add_argument("--binary", default=str(Path(__file__).resolve().parent.parent / "build/release/server/codecrucible"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    root = os.path.abspath(args.tree)
    sites = {"python": python_sites, "c": c_sites, "js": js_sites, "go": go_sites}[args.lang](root)
    # One site per (file, callee) so a file that calls one function a hundred times counts once.
    unique = {}
    for s in sites:
        unique.setdefault((s[0], s[5]), s)
    sites = sorted(unique.values())
    random.Random(args.seed).shuffle(sites)
    sites = sites[: args.samples]
    if not sites:
        print(f"{args.lang}: no call sites found under {root}")
        return 1
    hits, misses = 0, []
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        for path, line, col, target, dline, name in sites:
            cmd = [args.binary, "context", f"{path}:{line}:{col}", "--root", root, "--budget", str(args.budget), "--json"]
            r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
            ok = False
            if r.returncode == 0:
                out = json.loads(r.stdout)
                rel = os.path.relpath(target, root)
                for item in out["items"]:
                    if item["kind"] == "definition" and item["path"] == rel and \
                            item["range"]["start"] <= dline <= item["range"]["end"]:
                        ok = True
            hits += ok
            if not ok:
                misses.append((os.path.relpath(path, root), line, col, name, os.path.relpath(target, root), dline))
    print(f"{args.lang}: {hits}/{len(sites)} = {hits / len(sites):.3f} of call sites have the callee's definition "
          f"in `codecrucible context` (budget {args.budget} tokens, tree {root})")
    if args.verbose:
        for m in misses[:25]:
            print("  miss: %s:%d:%d %s -> %s:%d" % m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
