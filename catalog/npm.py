#!/usr/bin/env python3
"""npm packages for Stagecraft's `npm`, measured from the real registry.

For the packages most used in Node.js images (POPULAR below) this resolves
the latest version and, as npm would, every dependency (dependencies, peer
dependencies, and the optional ones built for linux/x64, glibc or musl) to
the highest version its range allows; downloads each tarball once and
measures what it unpacks to (bytes and files). Run

    python3 catalog/npm.py

to write catalog/npm/registry.json.gz. Downloads are cached in
~/.cache/stagecraft/npm.
"""
import gzip
import io
import json
import os
import re
import shutil
import sys
import tarfile
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

REGISTRY = "https://registry.npmjs.org"
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "stagecraft", "npm")
HERE = os.path.dirname(os.path.abspath(__file__))

POPULAR = """
express react react-dom lodash axios typescript webpack webpack-cli vite @vitejs/plugin-react
next vue eslint prettier jest mocha chai @babel/core @babel/preset-env babel-loader dotenv cors
body-parser cookie-parser morgan helmet compression multer jsonwebtoken bcryptjs uuid moment
dayjs date-fns chalk commander yargs nodemon ts-node @types/node @types/react @types/express
rxjs mongoose pg mysql2 redis ioredis sequelize knex winston socket.io graphql zod tailwindcss
postcss autoprefixer sass esbuild nanoid react-router-dom fastify koa pm2 sharp
""".split()


def fetch(url, path):
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response, open(tmp, "wb") as out:
        shutil.copyfileobj(response, out)
    os.replace(tmp, path)
    return path


def document(name):
    quoted = urllib.parse.quote(name, safe="@")
    path = fetch(f"{REGISTRY}/{quoted.replace('/', '%2f')}",
                 os.path.join(CACHE, "docs", name.replace("/", "__") + ".json"))
    return json.load(open(path, encoding="utf-8"))


# ---------------------------------------------------------------- semver

VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def parse_version(text):
    m = VERSION.match(text.strip())
    if not m:
        return None
    pre = m.group(4)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre)


def key(v):
    """Sort key: a prerelease sorts before its release."""
    major, minor, patch, pre = v
    return (major, minor, patch, 0 if pre else 1, pre or "")


def partial(text):
    """`1`, `1.2`, `1.x`, `1.2.3` -> (parts, count of given numbers)."""
    text = text.strip().lstrip("v=")
    parts = []
    for piece in text.split("-")[0].split("+")[0].split("."):
        if piece in ("x", "X", "*", ""):
            break
        if not piece.isdigit():
            break
        parts.append(int(piece))
    pre = text.split("-", 1)[1] if "-" in text and len(parts) == 3 else None
    return parts, pre


def comparators(range_text):
    """A range as alternatives (||) of lists of (op, version) tests."""
    out = []
    for alt in range_text.split("||"):
        alt = alt.strip()
        tests = []
        hyphen = re.match(r"^(\S+)\s+-\s+(\S+)$", alt)
        if hyphen:
            lo, _ = partial(hyphen.group(1))
            hi, _ = partial(hyphen.group(2))
            tests.append((">=", tuple((lo + [0, 0, 0])[:3])))
            if len(hi) == 3:
                tests.append(("<=", tuple(hi)))
            elif hi:
                up = hi[:]
                up[-1] += 1
                tests.append(("<", tuple((up + [0, 0, 0])[:3])))
            out.append(tests)
            continue
        for token in re.findall(r"(?:[<>]=?|=|\^|~>?)?\s*[^\s<>=^~]+", alt):
            token = token.replace(" ", "")
            op = re.match(r"^(<=|>=|<|>|=|\^|~>|~)?", token).group(1) or ""
            parts, _ = partial(token[len(op):])
            if op in ("", "="):
                if len(parts) == 3:
                    tests.append(("=", tuple(parts)))
                elif parts:
                    up = parts[:]
                    up[-1] += 1
                    tests.append((">=", tuple((parts + [0, 0])[:3])))
                    tests.append(("<", tuple((up + [0, 0])[:3])))
            elif op == "^":
                p = (parts + [0, 0, 0])[:3]
                tests.append((">=", tuple(p)))
                if p[0] > 0 or len(parts) == 1:
                    tests.append(("<", (p[0] + 1, 0, 0)))
                elif p[1] > 0 or len(parts) == 2:
                    tests.append(("<", (0, p[1] + 1, 0)))
                else:
                    tests.append(("<", (0, 0, p[2] + 1)))
            elif op in ("~", "~>"):
                p = (parts + [0, 0, 0])[:3]
                tests.append((">=", tuple(p)))
                if len(parts) >= 2:
                    tests.append(("<", (p[0], p[1] + 1, 0)))
                else:
                    tests.append(("<", (p[0] + 1, 0, 0)))
            else:
                p = (parts + [0, 0, 0])[:3]
                if op == ">" and len(parts) < 3 and parts:
                    up = parts[:]
                    up[-1] += 1
                    tests.append((">=", tuple((up + [0, 0])[:3])))
                elif op == "<=" and len(parts) < 3 and parts:
                    up = parts[:]
                    up[-1] += 1
                    tests.append(("<", tuple((up + [0, 0])[:3])))
                else:
                    tests.append((op, tuple(p)))
        out.append(tests)
    return out


def satisfies(version, range_text):
    v = parse_version(version)
    if v is None:
        return False
    if range_text.strip() in ("", "*", "latest", "x", "X"):
        return v[3] is None
    if v[3] is not None:
        # A prerelease matches only a range naming a prerelease of the same
        # version, at or below it.
        for named in re.findall(r"(\d+\.\d+\.\d+-[0-9A-Za-z.-]+)", range_text):
            n = parse_version(named)
            if n and n[:3] == v[:3] and key(n) <= key(v):
                return True
        return False
    triple = v[:3]
    for tests in comparators(range_text):
        ok = True
        for op, want in tests:
            if op == "=" and triple != want:
                ok = False
            elif op == ">=" and triple < want:
                ok = False
            elif op == ">" and triple <= want:
                ok = False
            elif op == "<" and triple >= want:
                ok = False
            elif op == "<=" and triple > want:
                ok = False
        if ok and tests:
            return True
    return False


def best(doc, range_text):
    if range_text in doc.get("dist-tags", {}):
        return doc["dist-tags"][range_text]
    candidates = [v for v in doc["versions"] if satisfies(v, range_text)]
    if not candidates:
        return None
    latest = doc.get("dist-tags", {}).get("latest")
    if latest in candidates:
        # npm prefers the `latest` tag when it satisfies the range.
        return latest
    return max(candidates, key=lambda v: key(parse_version(v)))


# ---------------------------------------------------------------- crawl

def fits_linux_x64(manifest):
    os_list = manifest.get("os") or []
    cpu = manifest.get("cpu") or []
    os_ok = not os_list or "linux" in os_list or any(o.startswith("!") and o != "!linux" for o in os_list)
    cpu_ok = not cpu or "x64" in cpu
    return os_ok and cpu_ok


def crawl(roots):
    docs = {}
    chosen = {}   # name -> set of versions
    pending = [(name, "latest") for name in roots]
    while pending:
        names = sorted({n for n, _ in pending if n not in docs})
        with ThreadPoolExecutor(8) as pool:
            for name, doc in zip(names, pool.map(safe_document, names)):
                docs[name] = doc
        next_pending = []
        for name, range_text in pending:
            doc = docs.get(name)
            if not doc or "versions" not in doc:
                continue
            version = best(doc, range_text)
            if version is None:
                continue
            if version in chosen.setdefault(name, set()):
                continue
            chosen[name].add(version)
            manifest = doc["versions"][version]
            deps = dict(manifest.get("dependencies") or {})
            for peer, r in (manifest.get("peerDependencies") or {}).items():
                meta = (manifest.get("peerDependenciesMeta") or {}).get(peer, {})
                if not meta.get("optional"):
                    deps.setdefault(peer, r)
            for dep, r in (manifest.get("optionalDependencies") or {}).items():
                deps[dep] = r
            for dep, r in deps.items():
                if r.startswith("npm:"):
                    # An alias: `npm:real-name@range`.
                    real, _, r = r[4:].rpartition("@")
                    dep = real or dep
                if r.startswith(("git", "http", "file:", "link:", "workspace:")):
                    continue
                next_pending.append((dep, r))
        pending = next_pending
    return docs, chosen


def safe_document(name):
    try:
        return document(name)
    except Exception as error:  # a package gone from the registry
        print(f"{name}: {error}", file=sys.stderr)
        return None


def measure(url, name, version):
    """Unpacked bytes and file count of a tarball, and its size."""
    path = fetch(url, os.path.join(CACHE, "tarballs", f"{name.replace('/', '__')}-{version}.tgz"))
    size = os.path.getsize(path)
    total = files = 0
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if member.isfile():
                total += member.size
                files += 1
    return total, files, size


def main():
    docs, chosen = crawl(POPULAR)
    jobs = []
    for name, versions in sorted(chosen.items()):
        for version in sorted(versions):
            manifest = docs[name]["versions"][version]
            if not fits_linux_x64(manifest):
                continue
            jobs.append((name, version, manifest))
    print(f"measuring {len(jobs)} tarballs...", file=sys.stderr)

    def one(job):
        name, version, manifest = job
        try:
            return job, measure(manifest["dist"]["tarball"], name, version)
        except Exception as error:
            print(f"{name}@{version}: {error}", file=sys.stderr)
            return job, None

    packages = {}
    with ThreadPoolExecutor(8) as pool:
        for (name, version, manifest), measured in pool.map(one, jobs):
            if measured is None:
                continue
            unpacked, files, tarball = measured
            entry = {"size": unpacked, "files": files, "tarball": tarball}
            for field, out in (("dependencies", "deps"), ("optionalDependencies", "optional")):
                if manifest.get(field):
                    entry[out] = manifest[field]
            peers = {p: r for p, r in (manifest.get("peerDependencies") or {}).items()
                     if not (manifest.get("peerDependenciesMeta") or {}).get(p, {}).get("optional")}
            if peers:
                entry["peers"] = peers
            if manifest.get("libc"):
                entry["libc"] = manifest["libc"]
            if manifest.get("os"):
                entry["os"] = manifest["os"]
            if manifest.get("cpu"):
                entry["cpu"] = manifest["cpu"]
            bins = manifest.get("bin")
            if isinstance(bins, str):
                bins = {name.split("/")[-1]: bins}
            if bins:
                entry["bin"] = bins
            if manifest.get("hasInstallScript") or (manifest.get("scripts") or {}).get("install") \
                    or (manifest.get("scripts") or {}).get("postinstall"):
                entry["install_script"] = True
            packages.setdefault(name, {"versions": {}})["versions"][version] = entry
    for name in packages:
        packages[name]["latest"] = docs[name]["dist-tags"].get("latest")
    data = {"schema": 1, "registry": REGISTRY, "popular": POPULAR, "packages": packages}
    out = os.path.join(HERE, "npm", "registry.json.gz")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    with open(out, "wb") as f:
        f.write(gzip.compress(text, mtime=0))
    versions = sum(len(p["versions"]) for p in packages.values())
    print(f"{out}: {len(packages)} packages, {versions} versions, {len(text)} bytes of JSON, "
          f"{os.path.getsize(out)} gzipped")


if __name__ == "__main__":
    main()
