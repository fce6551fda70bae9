#!/usr/bin/env bash
# Builds the seed corpora fuzz/corpus/<target>/ from the external conformance
# corpora ($STAGECRAFT_CORPORA, default ../shared/corpora beside the repo),
# the sample apps (samples/), the lessons' Dockerfile blocks (lessons/*.md)
# and the RUN shell's unit-test scripts (src/engine/shell/). Reproducible:
# every file is named by the hash of its content, and a rerun only adds.
# Needs python3. Usage: fuzz/seed.sh   (from anywhere)
set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$FUZZ_DIR")"
CORPORA="${STAGECRAFT_CORPORA:-$REPO/../shared/corpora}"

python3 - "$REPO" "$CORPORA" "$FUZZ_DIR/corpus" <<'PY'
import base64, hashlib, json, os, re, sys, zlib
from pathlib import Path

repo, corpora, out = (Path(a) for a in sys.argv[1:4])
counts = {}

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
    counts[target] = counts.get(target, 0) + 1

def read(p):
    return p.read_bytes().decode("utf-8", "replace")

# The sample apps, in the order fuzz_targets/docker_build.rs numbers them.
SAMPLES = ["go-server", "java-spring", "node-api", "python-flask",
           "react-nginx", "rust-cli", "static-site"]
# The images of fuzz_targets/shell.rs, by the family a FROM names.
IMAGES = ["busybox", "alpine", "debian", "python", "node", "golang", "ubuntu", "rust"]

# --- Dockerfiles: parse and docker_build --------------------------------
dockerfiles = []  # (context byte or None, text)
if corpora.is_dir():
    parser = corpora / "buildkit-parser"
    for sub in ["testfiles", "testfiles-negative"]:
        for case in sorted((parser / sub).glob("*/Dockerfile")):
            dockerfiles.append((None, read(case)))
    line = parser / "testfile-line" / "Dockerfile"
    if line.is_file():
        dockerfiles.append((None, read(line)))
else:
    print(f"seed.sh: {corpora} is absent; corpora seeds skipped", file=sys.stderr)

for i, name in enumerate(SAMPLES):
    for f in sorted((repo / "samples" / name).glob("Dockerfile*")):
        dockerfiles.append((i, read(f)))

# Lesson blocks: ```dockerfile, ```dockerfile starter, ```dockerfile solution;
# and ```text file=.dockerignore blocks for the ignore target.
fence = re.compile(r"^(`{3,})([^\n`]*)\n(.*?)^\1[ \t]*$", re.M | re.S)
lesson_ignores = []
for md in sorted((repo / "lessons").glob("*.md")):
    for m in fence.finditer(read(md)):
        info, body = m.group(2).split(), m.group(3)
        if info[:1] == ["dockerfile"]:
            dockerfiles.append((None, body))
        elif "file=.dockerignore" in info:
            lesson_ignores.append(body)

for ctx, text in dockerfiles:
    put("parse", text)
    put("docker_build", text if ctx is None else bytes([ctx]) + text.encode())

# --- expand: buildkit-shell envVarTest and wordsTest --------------------
# Input: a settings byte ('@' = 0x40 = defaults; 'A' = 0x41 sets bit 0, the
# backtick escape; see fuzz_targets/expand.rs), then ENV\0WORD or WORD.
shell_dir = corpora / "buildkit-shell"
if (shell_dir / "envVarTest").is_file():
    for raw in read(shell_dir / "envVarTest").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("|")
        if len(parts) < 3 or parts[0].strip() not in ("A", "U"):
            continue
        word = "|".join(parts[1:-1]).strip()
        put("expand", "@" + word)
        put("expand", "P" + word)  # raw quotes + skip_unset_env (0x50)
if (shell_dir / "wordsTest").is_file():
    env = []
    for raw in read(shell_dir / "wordsTest").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("ENV "):
            env.append(raw[4:])
            continue
        word = raw.rsplit("|", 1)[0].strip()
        put("expand", "@" + "\n".join(env) + "\0" + word)
# Words from the Dockerfiles' ENV/ARG/FROM/COPY lines, with the escape
# swapped to backtick in a second copy.
for _, text in dockerfiles:
    for m in re.finditer(r"^\s*(?:ENV|ARG|FROM|COPY|WORKDIR|USER|LABEL)\s+(.+)$", text, re.M):
        put("expand", "@" + m.group(1))
        put("expand", "A" + m.group(1).replace("\\", "`"))

# --- ignore: patternmatcher cases, sample and lesson .dockerignore files --
pm = corpora / "patternmatcher" / "matches_cases.json"
if pm.is_file():
    for case in json.loads(read(pm))["cases"]:
        put("ignore", "\n".join(case["patterns"]) + "\0" + case["path"])
for name in SAMPLES:
    root = repo / "samples" / name
    ign = root / ".dockerignore"
    if ign.is_file():
        paths = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
        put("ignore", read(ign) + "\0" + "\n".join(paths))
for body in lesson_ignores:
    put("ignore", body + "\0" + "\n".join(
        ["main.go", "node_modules/x/index.js", ".git/HEAD", "src/app.py", "README.md",
         ".env", "dist/app", "notes/todo.md", "Dockerfile", ".dockerignore"]))

# --- shell: RUN lines of the Dockerfiles, scripts of the shell's tests ---
def logical_lines(text):
    joined = re.sub(r"\\\r?\n", " ", text)
    return joined.splitlines()

for _, text in dockerfiles:
    image = None
    for line in logical_lines(text):
        s = line.strip()
        m = re.match(r"(?i)from\s+(?:--\S+\s+)*(\S+)", s)
        if m:
            ref = m.group(1).split("/")[-1]
            image = next((i for i, f in enumerate(IMAGES) if ref.startswith(f)), None)
            continue
        m = re.match(r"(?i)run\s+(.*)$", s)
        if not m or m.group(1).lstrip().startswith("["):
            continue
        script = re.sub(r"^(?:--\S+\s+)*", "", m.group(1))
        put("shell", script if image is None else bytes([image]) + script.encode())

# String literals passed to the shell tests' helpers (run, alpine, debian,
# run_in's script, sh.run_script).
lit = r'"((?:[^"\\]|\\.)*)"'
helper = re.compile(
    r"\b(?:run|alpine|debian|busybox|run_script|sh_run|run_in\(\s*" + lit + r"\s*,)\s*\(?\s*" + lit)
def unescape(s):
    return re.sub(r'\\(n|t|r|0|\\|"|\'|\n\s*)',
                  lambda m: {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\",
                             '"': '"', "'": "'"}.get(m.group(1), ""), s)
for rs in sorted((repo / "src" / "engine" / "shell").rglob("*.rs")):
    for m in helper.finditer(read(rs)):
        image_ref, script = m.group(1), m.group(2)
        script = unescape(script)
        if image_ref:
            fam = image_ref.split("/")[-1]
            idx = next((i for i, f in enumerate(IMAGES) if fam.startswith(f)), None)
            put("shell", script if idx is None else bytes([idx]) + script.encode())
        else:
            put("shell", script)
            put("shell", b"\x02" + script.encode())  # debian (dash)

# --- share_link: links to each sample app, and their JSON -----------------
def link_of(sandbox):
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = raw.compress(json.dumps(sandbox).encode()) + raw.flush()
    return "#s=" + base64.urlsafe_b64encode(data).decode().rstrip("=")

for name in SAMPLES:
    root = repo / "samples" / name
    files = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_file() and not rel.startswith("Dockerfile") and p.stat().st_size < 4096:
            files[rel] = read(p)
    sandbox = {"version": 1, "dockerfile": read(root / "Dockerfile"), "files": files,
               "options": {"target": "", "build_args": [["A", "1"]], "legacy_builder": False}}
    put("share_link", link_of(sandbox))
    put("share_link", b"\0" + json.dumps(sandbox).encode())
small = {"version": 1, "dockerfile": "FROM alpine:3.19\nCOPY . /app\n",
         "files": {"main.go": "package main\n", ".dockerignore": "*.md\n"},
         "options": {"target": "build", "build_args": [["GO_VERSION", "1.22"]]}}
put("share_link", link_of(small))
put("share_link", b"\0" + json.dumps(small).encode())
put("share_link", b'\0{"version":1,"dockerfile":"FROM scratch\\n"}')
put("share_link", "s=AAAAAAAA")

for target in sorted(counts):
    n = len(list((out / target).iterdir()))
    print(f"{target}: {n} files in {out / target}")
PY
