#!/usr/bin/env python3
"""Scores `codecrucible analyze` on the security suite the way public benchmark scorers do.

Every case file in the suite starts (within its first 5 lines, in a comment) with a label:

    cc-suite: cwe=89 real      the file holds a real flaw of that weakness
    cc-suite: cwe=89 safe      its safe twin: same code, the data flow makes it harmless

A case counts as reported when the analyzer reports at least one finding in that file whose
CWE is the case's CWE (or an equivalent one below); findings of other weaknesses in the file
are ignored, as OWASP Benchmark's scorer does. Per family: TPR = reported real / real,
FPR = reported safe / safe, score = TPR - FPR. The overall score is the mean over families.

    scripts/score-security-suite.py [--binary PATH] [--suite DIR] [--json FINDINGS.json]
        [--min-score 0.8] [--cwe 327,328] [--details]

Exit status 1 when --min-score is given and some family scores below it.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

FAMILIES = {
    22: "path-traversal", 78: "command-injection", 79: "xss", 89: "sql-injection",
    90: "ldap-injection", 94: "code-injection", 113: "header-injection", 327: "weak-cipher",
    328: "weak-hash", 330: "insecure-random", 501: "trust-boundary", 502: "unsafe-deserialization",
    601: "open-redirect", 611: "xxe", 614: "insecure-cookie", 643: "xpath-injection",
    918: "ssrf", 295: "tls-disabled", 798: "secret", 1004: "cookie-httponly", 400: "regex-dos",
}
# Finding CWEs that count for a case's CWE (a broader or sibling entry of the same weakness).
EQUIVALENT = {94: {94, 95}, 330: {330, 338}, 614: {614, 1004}, 327: {327, 326}, 328: {328, 327}}
LABEL = re.compile(r"cc-suite:\s*cwe=(\d+)\s+(real|safe)")


def read_label(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = [next(f, "") for _ in range(5)]
    except OSError:
        return None
    for line in head:
        m = LABEL.search(line)
        if m:
            return int(m.group(1)), m.group(2) == "real"
    return None


def finding_cwes(finding):
    cwe = finding.get("cwe")
    if cwe is None:
        return set()
    values = cwe if isinstance(cwe, list) else [cwe]
    out = set()
    for v in values:
        m = re.search(r"(\d+)", str(v))
        if m:
            out.add(int(m.group(1)))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(root, "build/release/server/codecrucible"))
    ap.add_argument("--suite", default=os.path.join(root, "tests/analysis/security_suite"))
    ap.add_argument("--json", help="score this findings file instead of running the analyzer")
    ap.add_argument("--min-score", type=float)
    ap.add_argument("--details", action="store_true", help="list every misclassified case")
    ap.add_argument("--cwe", help="score only these case CWEs (comma-separated)")
    args = ap.parse_args()

    only = {int(c) for c in args.cwe.split(",") if c.strip()} if args.cwe else None
    cases = {}
    for dirpath, _, files in os.walk(args.suite):
        for name in files:
            path = os.path.join(dirpath, name)
            label = read_label(path)
            if label and (not only or label[0] in only):
                cases[os.path.relpath(path, args.suite)] = label
    if not cases:
        sys.exit(f"no labelled cases under {args.suite}")

    if args.json:
        with open(args.json, encoding="utf-8") as f:
            report = json.load(f)
    else:
        run = subprocess.run([args.binary, "analyze", "--format", "json", args.suite],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"analyze failed ({run.returncode}): {run.stderr[:2000]}")
        report = json.loads(run.stdout)

    reported = defaultdict(set)  # case path -> CWEs reported in it
    for f in report.get("findings", []):
        rel = os.path.relpath(os.path.join(args.suite, f["file"]) if not os.path.isabs(f["file"]) else f["file"],
                              args.suite)
        if rel not in cases:
            rel = os.path.relpath(os.path.abspath(f["file"]), os.path.abspath(args.suite))
        reported[rel] |= finding_cwes(f)

    stats = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "tn": 0, "misses": []})
    for rel, (cwe, real) in sorted(cases.items()):
        hit = bool(reported.get(rel, set()) & EQUIVALENT.get(cwe, {cwe}))
        s = stats[cwe]
        key = ("tp" if hit else "fn") if real else ("fp" if hit else "tn")
        s[key] += 1
        if key in ("fn", "fp"):
            s["misses"].append(f"{key.upper()} {rel}")

    print(f"{'family':24} {'CWE':>5} {'real':>5} {'safe':>5} {'TPR':>6} {'FPR':>6} {'score':>6}")
    scores = []
    failed = False
    for cwe in sorted(stats):
        s = stats[cwe]
        real, safe = s["tp"] + s["fn"], s["fp"] + s["tn"]
        tpr = s["tp"] / real if real else 0.0
        fpr = s["fp"] / safe if safe else 0.0
        score = tpr - fpr
        scores.append(score)
        failed |= args.min_score is not None and score < args.min_score
        print(f"{FAMILIES.get(cwe, 'cwe-' + str(cwe)):24} {cwe:>5} {real:>5} {safe:>5} {tpr:6.2f} {fpr:6.2f} {score:6.2f}")
        if args.details:
            for m in s["misses"]:
                print(f"    {m}")
    print(f"{'mean over families':24} {'':>5} {len([c for c in cases.values() if c[1]]):>5} "
          f"{len([c for c in cases.values() if not c[1]]):>5} {'':>6} {'':>6} {sum(scores) / len(scores):6.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
