#!/usr/bin/env python3
"""Python packages for Stagecraft's `pip`, measured from the real PyPI.

For the packages most installed in Python images (POPULAR below) and the
packages they require (for CPython 3.12 on Linux x86_64, extras left
out), this takes each one's latest release and its wheels: the manylinux
(glibc) wheel, the musllinux wheel, or the pure-Python one; downloads them
once and measures what they unpack to. A package with no wheel for a
platform is built from its sdist there, which needs a compiler. Run

    python3 catalog/pypi.py

to write catalog/pypi/packages.json.gz. Downloads are cached in
~/.cache/stagecraft/pypi.
"""
import gzip
import json
import os
import re
import shutil
import sys
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor

PYPI = "https://pypi.org/pypi"
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "stagecraft", "pypi")
HERE = os.path.dirname(os.path.abspath(__file__))

POPULAR = """
requests flask django fastapi uvicorn gunicorn numpy pandas sqlalchemy psycopg2-binary psycopg2
pydantic celery redis pytest black jinja2 werkzeug click pyyaml python-dotenv pillow scipy
scikit-learn matplotlib boto3 httpx aiohttp cryptography lxml beautifulsoup4 selenium
openpyxl pymysql mysqlclient alembic marshmallow flask-sqlalchemy flask-cors django-rest-framework
djangorestframework whitenoise channels daphne starlette orjson ujson grpcio protobuf
python-multipart email-validator passlib bcrypt pyjwt tqdm rich typer streamlit
""".split()

ENV = {"python_version": "3.12", "python_full_version": "3.12.4", "sys_platform": "linux",
       "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64",
       "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def fetch(url, path):
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    with urllib.request.urlopen(url, timeout=300) as response, open(tmp, "wb") as out:
        shutil.copyfileobj(response, out)
    os.replace(tmp, path)
    return path


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def metadata(name):
    try:
        path = fetch(f"{PYPI}/{name}/json", os.path.join(CACHE, "json", canonical(name) + ".json"))
        return json.load(open(path, encoding="utf-8"))
    except Exception as error:
        print(f"{name}: {error}", file=sys.stderr)
        return None


def version_tuple(text):
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.]", text)[:3])


def marker_true(marker):
    """Evaluates a PEP 508 marker for CPython 3.12 on linux/x86_64;
    any `extra` makes it false (extras are not installed)."""
    if "extra" in marker:
        return False

    def atom(text):
        m = re.match(r"""^\s*(\w+)\s*(==|!=|<=|>=|<|>|~=|in|not in)\s*["']([^"']*)["']\s*$""", text)
        if not m:
            m2 = re.match(r"""^\s*["']([^"']*)["']\s*(==|!=|in|not in)\s*(\w+)\s*$""", text)
            if not m2:
                return True
            value, op, var = m2.group(1), m2.group(2), m2.group(3)
            actual = ENV.get(var, "")
            return {"==": value == actual, "!=": value != actual,
                    "in": value in actual, "not in": value not in actual}[op]
        var, op, value = m.group(1), m.group(2), m.group(3)
        actual = ENV.get(var, "")
        if var.endswith("version"):
            a, b = version_tuple(actual), version_tuple(value)
            return {"==": a[:len(b)] == b, "!=": a[:len(b)] != b, "<=": a <= b, ">=": a >= b,
                    "<": a < b, ">": a > b, "~=": a >= b, "in": value in actual,
                    "not in": value not in actual}[op]
        return {"==": actual == value, "!=": actual != value, "in": actual in value,
                "not in": actual not in value}.get(op, True)

    def expression(text):
        text = text.strip()
        while text.startswith("(") and text.endswith(")"):
            text = text[1:-1].strip()
        depth = 0
        for word in (" or ", " and "):
            depth = 0
            for i in range(len(text)):
                if text[i] == "(":
                    depth += 1
                elif text[i] == ")":
                    depth -= 1
                elif depth == 0 and text.startswith(word, i):
                    left, right = expression(text[:i]), expression(text[i + len(word):])
                    return (left or right) if word == " or " else (left and right)
        return atom(text)

    return expression(marker)


def requirements(info):
    out = []
    for req in info.get("requires_dist") or []:
        spec, _, marker = req.partition(";")
        if marker and not marker_true(marker):
            continue
        name = re.match(r"^\s*([A-Za-z0-9._-]+)", spec).group(1)
        out.append(canonical(name))
    return sorted(set(out))


def pick_wheel(files, musl):
    """The wheel pip would take on CPython 3.12, x86_64, glibc or musl."""
    tags = ("musllinux",) if musl else ("manylinux",)
    best = None
    for f in files:
        name = f["filename"]
        if not name.endswith(".whl"):
            continue
        parts = name[:-4].split("-")
        py, abi, plat = parts[-3], parts[-2], parts[-1]
        if plat == "any":
            if py.startswith(("py3", "py2.py3")):
                return f
            continue
        if "x86_64" not in plat or not any(t in plat for t in tags):
            continue
        if py in ("cp312",) or abi == "abi3":
            if best is None or py == "cp312":
                best = f
    return best


def file_url(f, name):
    """The file's address; the index may give it relative to the JSON."""
    return urllib.parse.urljoin(f"{PYPI}/{name}/json", f["url"])


def measure(f, name):
    path = fetch(file_url(f, name), os.path.join(CACHE, "wheels", f["filename"]))
    total = files = 0
    scripts = []
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.is_dir():
                continue
            total += info.file_size
            files += 1
            if info.filename.endswith(".dist-info/entry_points.txt"):
                text = z.read(info).decode("utf-8", "replace")
                section = ""
                for line in text.splitlines():
                    line = line.strip()
                    if line.startswith("["):
                        section = line
                    elif section == "[console_scripts]" and "=" in line:
                        scripts.append(line.split("=")[0].strip())
    return total, files, os.path.getsize(path), scripts


def main():
    packages = {}
    pending = [canonical(n) for n in POPULAR]
    seen = set()
    while pending:
        batch = [n for n in dict.fromkeys(pending) if n not in seen]
        seen.update(batch)
        pending = []
        with ThreadPoolExecutor(8) as pool:
            docs = list(pool.map(metadata, batch))
        for name, doc in zip(batch, docs):
            if not doc:
                continue
            info = doc["info"]
            deps = requirements(info)
            packages[name] = {"name": info["name"], "version": info["version"], "deps": deps,
                              "files_doc": doc.get("urls", [])}
            pending.extend(deps)
    print(f"measuring wheels of {len(packages)} packages...", file=sys.stderr)

    def one(item):
        name, p = item
        out = {"name": p["name"], "version": p["version"]}
        if p["deps"]:
            out["deps"] = p["deps"]
        sdist = next((f for f in p["files_doc"] if f["packagetype"] == "sdist"), None)
        for key, musl in (("glibc", False), ("musl", True)):
            wheel = pick_wheel(p["files_doc"], musl)
            if wheel:
                try:
                    size, files, download, scripts = measure(wheel, name)
                except Exception as error:
                    print(f"{name}: {error}", file=sys.stderr)
                    continue
                out[key] = {"wheel": wheel["filename"], "size": size, "files": files,
                            "download": download}
                if scripts:
                    out["scripts"] = sorted(set(scripts))
            elif sdist:
                # Built from source: about three times the archive, unpacked.
                out[key] = {"sdist": sdist["filename"], "size": sdist["size"] * 3,
                            "files": 50, "download": sdist["size"], "build": True}
        return name, out

    result = {}
    with ThreadPoolExecutor(6) as pool:
        for name, out in pool.map(one, sorted(packages.items())):
            result[name] = out
    data = {"schema": 1, "python": "3.12", "popular": [canonical(n) for n in POPULAR],
            "packages": result}
    out = os.path.join(HERE, "pypi", "packages.json.gz")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    with open(out, "wb") as f:
        f.write(gzip.compress(text, mtime=0))
    print(f"{out}: {len(result)} packages, {len(text)} bytes of JSON, {os.path.getsize(out)} gzipped")


if __name__ == "__main__":
    main()
