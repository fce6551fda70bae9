#!/usr/bin/env python3
"""Python packages for Stagecraft's `pip`, as 64 shards.

Grows the data of `pypi.py` (catalog/pypi/packages.json.gz, kept as it is)
to the most downloaded projects on PyPI: the ranked names of
catalog/pypi/top-projects.txt (from github.com/hugovk/top-pypi-packages,
30-day downloads; `--top-from PATH` rewrites that file from the project's
top-pypi-packages.min.json), the requirements named by the
requirements*.txt, pyproject.toml, uv.lock and poetry.lock files of
tests/real-world/contexts (with the extras they ask for), and the
requirements of all of them for CPython 3.12 on Linux x86_64 (pypi.py's
marker evaluation, extras left out). Each project is taken at its latest
release with the files pip would choose: the manylinux x86_64 wheel (cp312,
abi3, py3-none-manylinux or py3-none-any, in that order) for glibc, the
musllinux one for musl, the sdist where there is no wheel. A new project's
sdist is marked `build` (pip needs a C compiler) only when its release
shows compiled code: a wheel whose ABI tag is not `none` (any platform), or
C, C++, Cython or Rust sources (.c .cc .cpp .pyx .rs, Cargo.toml) in the
sdist's listing, read when the sdist is cached or under 2 MB (downloaded to
~/.cache/stagecraft/pypi/sdists); otherwise it is pure Python (no `build`).

Every project of packages.json.gz is kept exactly as it is. A new
project's wheel is measured unpacked (bytes, files, console scripts from
entry_points.txt as pypi.py does, and the files of the wheel's
NAME.data/scripts/, which pip installs into bin too): downloaded whole when under 5 MB, and
above that read through HTTP range requests (the zip's central directory
and entry_points.txt only), which gives the same numbers without the
download. A wheel that cannot be read is estimated from its download size
with the median ratios of packages.json.gz (see the README). Run

    python3 catalog/pypi_shards.py

to write catalog/pypi/shards/XX.json.gz, XX = fnv1a32(canonical name) % 64
in two hex digits. Downloads are cached in ~/.cache/stagecraft/pypi (the
JSON and wheels pypi.py also uses) and measurements in
~/.cache/stagecraft/pypi/measured-3.json.
"""
import gzip
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import threading
import time
import tomllib
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pypi  # noqa: E402  (metadata cache, markers, wheel choice)
from npm_shards import shard_of, write_json_gz, SHARDS  # noqa: E402

ROOT = os.path.dirname(HERE)
CONTEXTS = os.path.join(ROOT, "tests", "real-world", "contexts")
TOP = os.path.join(HERE, "pypi", "top-projects.txt")
TOP_COUNT = 2300
# Concurrent downloads (STAGECRAFT_WORKERS, default 8).
WORKERS = int(os.environ.get("STAGECRAFT_WORKERS", "8"))
WHOLE_LIMIT = 5 * 1024 * 1024
# An sdist's listing is read (for compiled sources) when it is cached or
# smaller than this.
SDIST_LIMIT = 2 * 1024 * 1024
COMPILED = (".c", ".cc", ".cpp", ".pyx", ".rs")
MEASURED = os.path.join(pypi.CACHE, "measured-3.json")
lock = threading.Lock()


# ---------------------------------------------------------------- ranking

def write_top(mirror):
    """top-projects.txt from a local git copy of hugovk/top-pypi-packages."""
    def git(*args):
        return subprocess.run(["git", "--git-dir", mirror, *args], check=True,
                              capture_output=True, text=True).stdout
    commit = git("rev-parse", "HEAD").strip()
    date = git("log", "-1", "--format=%ci").strip()
    data = json.loads(git("show", "HEAD:top-pypi-packages.min.json"))
    names = [pypi.canonical(r["project"]) for r in data["rows"]][:TOP_COUNT]
    with open(TOP, "w") as f:
        f.write("# The most downloaded PyPI projects (30 days), ranked, from "
                "https://github.com/hugovk/top-pypi-packages\n")
        f.write(f"# commit {commit} ({date}), file top-pypi-packages.min.json, "
                f"data of {data['last_update']} (source: {data.get('source', '?')})\n")
        f.write("# license: the repository states none (no LICENSE file); the list is "
                "published at https://hugovk.dev/top-pypi-packages/\n")
        f.write(f"# the first {len(names)} of its {len(data['rows'])} names, canonical (PEP 503)\n")
        for n in names:
            f.write(n + "\n")


def read_top():
    return [line.strip() for line in open(TOP) if line.strip() and not line.startswith("#")]


# ---------------------------------------------------------------- the corpus

REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")


def parse_requirement(text):
    """`name[extra,...] >=1 ; marker` -> (canonical, extras) or None."""
    text = text.split("#", 1)[0].strip()
    if not text or text.startswith(("-", "git+", "http:", "https:", ".", "/")):
        return None
    spec, _, marker = text.partition(";")
    if marker.strip() and not pypi.marker_true(marker):
        return None
    m = REQ.match(spec)
    if not m:
        return None
    extras = tuple(sorted(pypi.canonical(e) for e in (m.group(2) or "").split(",") if e.strip()))
    return pypi.canonical(m.group(1)), extras


def corpus():
    """The requirements (name, extras) and the names pinned by lock files."""
    wanted, locked = set(), set()
    for base, dirs, files in os.walk(CONTEXTS):
        dirs[:] = sorted(d for d in dirs if d not in ("node_modules", ".venv"))
        for f in sorted(files):
            path = os.path.join(base, f)
            if re.match(r"^requirements.*\.txt$", f):
                for line in open(path, encoding="utf-8"):
                    r = parse_requirement(line)
                    if r:
                        wanted.add(r)
            elif f == "pyproject.toml":
                data = tomllib.load(open(path, "rb"))
                project = data.get("project") or {}
                reqs = list(project.get("dependencies") or [])
                for group in (data.get("dependency-groups") or {}).values():
                    reqs += [r for r in group if isinstance(r, str)]
                poetry = ((data.get("tool") or {}).get("poetry") or {})
                for table in ("dependencies", "dev-dependencies"):
                    reqs += [n for n in (poetry.get(table) or {}) if n != "python"]
                for text in reqs:
                    r = parse_requirement(text)
                    if r:
                        wanted.add(r)
            elif f in ("uv.lock", "poetry.lock"):
                data = tomllib.load(open(path, "rb"))
                for package in data.get("package") or []:
                    source = package.get("source") or {}
                    if isinstance(source, dict) and ("editable" in source or "virtual" in source):
                        continue
                    locked.add(pypi.canonical(package["name"]))
    return wanted, locked


# ---------------------------------------------------------------- metadata

def requirements(info, extras=()):
    """pypi.requirements, with the extras asked for taken in."""
    out = []
    for req in info.get("requires_dist") or []:
        spec, _, marker = req.partition(";")
        if marker:
            def extra(m):
                return ('python_version >= "0"' if pypi.canonical(m.group(2)) in extras
                        else 'python_version < "0"')
            marker = re.sub(r"""extra\s*==\s*(["'])([^"']*)\1""", extra, marker)
            if not pypi.marker_true(marker):
                continue
        m = re.match(r"^\s*([A-Za-z0-9._-]+)", spec)
        if m:
            out.append(pypi.canonical(m.group(1)))
    return sorted(set(out))


def slim(name):
    doc = pypi.metadata(name)
    if not doc or "info" not in doc:
        return None
    info = doc["info"]
    return {"name": info["name"], "version": info["version"],
            "requires_dist": info.get("requires_dist") or [],
            "urls": [{k: f.get(k) for k in ("filename", "url", "size", "packagetype")}
                     for f in doc.get("urls") or []]}


def pick_wheel(files, musl):
    """The wheel pip takes on CPython 3.12, x86_64, glibc or musl, in pip's
    order of preference: cp312-cp312, then cp3X-abi3 (X <= 12), then a
    pure-Python wheel built for the platform (py3-none-manylinux_x86_64:
    ruff, uv, the nvidia-* wheels, which pypi.py passed over), then
    py3-none-any; None when there is none (the sdist is built)."""
    tag = "musllinux" if musl else "manylinux"
    best, best_rank = None, None
    for f in files:
        name = f["filename"]
        if not name.endswith(".whl"):
            continue
        parts = name[:-4].split("-")
        if len(parts) < 5:
            continue
        py, abi, plat = parts[-3], parts[-2], parts[-1]
        pys = py.split(".")
        if plat == "any":
            rank = 3 if any(p.startswith("py3") or p == "cp312" for p in pys) else None
        elif "x86_64" in plat and tag in plat:
            if "cp312" in pys and abi == "cp312":
                rank = 0
            elif abi == "abi3" and any(re.fullmatch(r"cp3(\d+)", p) and
                                       int(p[3:]) <= 12 for p in pys):
                rank = 1
            elif abi == "none" and any(p.startswith("py3") or p == "cp312" for p in pys):
                rank = 2
            else:
                rank = None
        else:
            rank = None
        if rank is not None and (best_rank is None or rank < best_rank):
            best, best_rank = f, rank
    return best


# ---------------------------------------------------------------- measuring

class RangeFile(io.RawIOBase):
    """A remote file read with HTTP range requests (for zipfile)."""

    def __init__(self, url, size):
        self.url, self.size, self.pos, self.requests = url, size, 0, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.pos

    def seek(self, offset, whence=0):
        self.pos = {0: offset, 1: self.pos + offset, 2: self.size + offset}[whence]
        return self.pos

    def read(self, n=-1):
        if n is None or n < 0:
            n = self.size - self.pos
        n = min(n, self.size - self.pos)
        if n <= 0:
            return b""
        self.requests += 1
        request = urllib.request.Request(
            self.url, headers={"Range": f"bytes={self.pos}-{self.pos + n - 1}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            data = response.read()
            if response.status != 206:
                data = data[self.pos:self.pos + n]
        self.pos += len(data)
        return data

    def readinto(self, b):
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)


def measure_zip(z):
    total = files = 0
    scripts = []
    for info in z.infolist():
        if info.is_dir():
            continue
        total += info.file_size
        files += 1
        parts = info.filename.split("/")
        if len(parts) == 3 and parts[0].endswith(".data") and parts[1] == "scripts":
            # Installed into bin as they are (ruff, uv: no entry point).
            scripts.append(parts[2])
        # The wheel's own dist-info, not one vendored inside a package
        # (setuptools carries wheel's).
        if len(parts) == 2 and info.filename.endswith(".dist-info/entry_points.txt"):
            text = z.read(info).decode("utf-8", "replace")
            section = ""
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("["):
                    section = line
                elif section == "[console_scripts]" and "=" in line:
                    scripts.append(line.split("=")[0].strip())
    return total, files, scripts


def measure(f, name, cache):
    """(size, files, scripts, how) of a wheel, how = 'whole' or 'range'."""
    k = f["filename"]
    if k in cache:
        return cache[k]
    url = pypi.file_url(f, name)
    if f["size"] < WHOLE_LIMIT:
        path = pypi.fetch(url, os.path.join(pypi.CACHE, "wheels", f["filename"]))
        with zipfile.ZipFile(path) as z:
            total, files, scripts = measure_zip(z)
        how = "whole"
    else:
        raw = RangeFile(url, f["size"])
        with zipfile.ZipFile(io.BufferedReader(raw, buffer_size=1 << 16)) as z:
            total, files, scripts = measure_zip(z)
        how = "range"
    result = [total, files, scripts, how]
    with lock:
        cache[k] = result
    return result


def compiled_wheel(files):
    """A wheel of the release whose ABI tag is not `none` (cp312, abi3, cp39,
    ...: compiled code, on any platform)."""
    for f in files:
        name = f["filename"]
        if name.endswith(".whl"):
            parts = name[:-4].split("-")
            if len(parts) >= 5 and parts[-2] != "none":
                return True
    return False


def compiled_sources(f, name):
    """Whether an sdist's listing holds C, C++, Cython or Rust sources; None
    when it is not read (not cached and SDIST_LIMIT or more, or unreadable)."""
    path = os.path.join(pypi.CACHE, "sdists", f["filename"])
    if not os.path.exists(path) and f["size"] >= SDIST_LIMIT:
        return None
    try:
        pypi.fetch(pypi.file_url(f, name), path)
        if f["filename"].endswith(".zip"):
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
        else:
            with tarfile.open(path) as t:
                names = t.getnames()
    except Exception as error:
        print(f"{name}: {f['filename']}: {error}", file=sys.stderr)
        return None
    return any(n.lower().endswith(COMPILED) or n.rsplit("/", 1)[-1] == "Cargo.toml"
               for n in names)


def needs_build(doc, sdist, name):
    """Whether pip needs a compiler to build the sdist: the release has a
    compiled wheel, or the sdist holds compiled sources. Otherwise it is
    pure Python (pip builds a wheel without a compiler)."""
    if compiled_wheel(doc["urls"]):
        return True, "wheel"
    found = compiled_sources(sdist, name)
    if found:
        return True, "sources"
    return False, "unread" if found is None else "pure"


def main():
    started = time.time()
    if "--top-from" in sys.argv:
        write_top(sys.argv[sys.argv.index("--top-from") + 1])
    old = json.load(gzip.open(os.path.join(HERE, "pypi", "packages.json.gz")))
    old_packages = old["packages"]
    top = read_top()
    wanted, locked = corpus()
    print(f"{len(top)} top projects, {len(wanted)} corpus requirements, {len(locked)} locked",
          file=sys.stderr)

    # Ratios of today's measured wheels, for what cannot be measured.
    wheels = [p[k] for p in old_packages.values() for k in ("glibc", "musl")
              if k in p and "wheel" in p[k]]
    size_ratio = statistics.median(w["size"] / w["download"] for w in wheels)
    files_ratio = statistics.median(w["files"] / w["download"] for w in wheels)

    extras = {}
    for name, ex in wanted:
        extras.setdefault(name, set()).update(ex)
    pending = list(dict.fromkeys(top + sorted(extras) + sorted(locked)))
    docs, deps = {}, {}
    while pending:
        batch = [n for n in dict.fromkeys(pending) if n not in docs]
        pending = []
        if not batch:
            break
        print(f"  {len(batch)} documents...", file=sys.stderr)
        with ThreadPoolExecutor(WORKERS) as pool:
            for name, doc in zip(batch, pool.map(slim, batch)):
                docs[name] = doc
                if not doc:
                    continue
                deps[name] = requirements(doc, tuple(extras.get(name, ())))
                pending.extend(deps[name])
    new = sorted(n for n, d in docs.items() if d and n not in old_packages)
    print(f"{len(new)} new projects", file=sys.stderr)

    cache = json.load(open(MEASURED)) if os.path.exists(MEASURED) else {}
    counts = {"whole": 0, "range": 0, "estimated": 0, "sdist": 0, "none": 0}
    failed = []
    # Why each new sdist record is or is not `build`, per libc.
    why = {key: {"wheel": 0, "sources": 0, "pure": 0, "unread": 0}
           for key in ("glibc", "musl")}

    def one(name):
        doc = docs[name]
        out = {"name": doc["name"], "version": doc["version"]}
        # The extras a corpus file asks for are in the closure, but a
        # project's own deps are those of a plain install, as pypi.py.
        plain = pypi.requirements(doc)
        if plain:
            out["deps"] = plain
        sdist = next((f for f in doc["urls"] if f["packagetype"] == "sdist"), None)
        scripts = set()
        how = []
        build = None
        for key, musl in (("glibc", False), ("musl", True)):
            wheel = pick_wheel(doc["urls"], musl)
            if wheel:
                entry = {"wheel": wheel["filename"], "download": wheel["size"]}
                try:
                    size, files, found, kind = measure(wheel, name, cache)
                    scripts.update(found)
                except Exception as error:
                    print(f"{name}: {wheel['filename']}: {error}", file=sys.stderr)
                    failed.append(wheel["filename"])
                    size = round(wheel["size"] * size_ratio)
                    files = max(1, round(wheel["size"] * files_ratio))
                    kind = "estimated"
                entry.update(size=size, files=files)
                out[key] = entry
                how.append(kind)
            elif sdist:
                # Built from source: about three times the archive, as pypi.py;
                # `build` (a compiler) only when there is compiled code.
                if build is None:
                    build = needs_build(doc, sdist, name)
                out[key] = {"sdist": sdist["filename"], "size": sdist["size"] * 3,
                            "files": 50, "download": sdist["size"]}
                if build[0]:
                    out[key]["build"] = True
                how.append("sdist")
                with lock:
                    why[key][build[1]] += 1
            else:
                how.append("none")
        if scripts:
            out["scripts"] = sorted(scripts)
        return name, out, how

    projects = dict(old_packages)
    done = 0
    with ThreadPoolExecutor(WORKERS) as pool:
        for name, out, how in pool.map(one, new):
            for kind in how:
                counts[kind] += 1
            if "glibc" in out or "musl" in out:
                projects[name] = out
            done += 1
            if done % 250 == 0:
                print(f"  {done}/{len(new)} ({time.time() - started:.0f}s)", file=sys.stderr)
                with lock:
                    json.dump(cache, open(MEASURED, "w"))
    json.dump(cache, open(MEASURED, "w"))

    shards = {format(i, "02x"): {} for i in range(SHARDS)}
    for name, p in projects.items():
        shards[shard_of(name)][name] = p
    out_dir = os.path.join(HERE, "pypi", "shards")
    total = largest = 0
    for xx, pkgs in sorted(shards.items()):
        _, size = write_json_gz(os.path.join(out_dir, f"{xx}.json.gz"),
                                {"schema": 2, "python": "3.12", "packages": pkgs})
        total += size
        largest = max(largest, size)
    print(f"{out_dir}: {len(projects)} projects ({len(projects) - len(old_packages)} new); "
          f"new files: {counts}; {len(failed)} unreadable wheels; {total} bytes gzipped in "
          f"{SHARDS} shards (largest {largest}); ratios size/download {size_ratio:.3f}, "
          f"files/download {files_ratio:.6f}; {time.time() - started:.0f}s")
    for key, n in why.items():
        print(f"new {key} sdists: build for a compiled wheel {n['wheel']}, for compiled "
              f"sources {n['sources']}; pure Python {n['pure']} (listing read), "
              f"{n['unread']} (listing not read)", file=sys.stderr)


if __name__ == "__main__":
    main()
