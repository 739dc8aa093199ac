#!/usr/bin/env python3
"""Checks the include direction between the product's folders, written once here:

    protocol ← analysis, generation ← server ← server/cli, bench

A file may include only the folders its own folder is allowed below. Exits 1 and names each
offending include otherwise. Run by ctest (test `layers`)."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# folder prefix (longest match wins) → folder prefixes its files may include
ALLOWED = {
    "protocol/": ["protocol/"],
    "analysis/": ["protocol/", "analysis/"],
    "generation/": ["protocol/", "analysis/", "generation/"],
    "server/": ["protocol/", "analysis/", "generation/", "server/"],
    "server/cli/": ["protocol/", "analysis/", "generation/", "server/", "bench/areas/"],
    "bench/": ["protocol/", "analysis/", "generation/", "server/", "bench/", "tests/support/"],
}
# server/ (core and features) must not reach the command line above it.
FORBIDDEN = {"server/": ["server/cli/"]}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def owner(path: str):
    best = None
    for prefix in ALLOWED:
        if path.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return best


def main() -> int:
    bad = []
    for file in sorted(ROOT.glob("**/*")):
        if file.suffix not in (".cpp", ".h") or "build" in file.relative_to(ROOT).parts[:1]:
            continue
        rel = file.relative_to(ROOT).as_posix()
        folder = owner(rel)
        if folder is None:
            continue
        for target in INCLUDE.findall(file.read_text(encoding="utf-8", errors="replace")):
            if "/" not in target:
                continue  # a sibling or generated header by bare name
            allowed = any(target.startswith(p) for p in ALLOWED[folder])
            forbidden = folder == "server/" and any(target.startswith(p) for p in FORBIDDEN["server/"])
            if target == "server/version.h":
                allowed, forbidden = True, False  # generated into the build tree
            if not allowed or forbidden:
                bad.append(f"{rel}: includes {target} (folder {folder} may include {', '.join(ALLOWED[folder])})")
    for line in bad:
        print(line)
    print(f"layers: {len(bad)} include(s) against the direction" if bad else "layers: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
