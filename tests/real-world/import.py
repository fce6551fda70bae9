#!/usr/bin/env python3
"""Extracts the real-world corpus's build contexts from the repositories in
sources.json, at their recorded commits, into contexts/OWNER+NAME/DIR/
(each Dockerfile's directory: its build context), and adds a case to
cases.json for each Dockerfile not yet there (expected to build; what the
real build does is then checked by hand and written down).

    python3 tests/real-world/import.py [MIRRORS]

MIRRORS holds one bare clone per repository, OWNER+NAME/repo (the default,
/work/.mirror, is where Stagecraft's development machines keep them; `git
clone --bare https://github.com/OWNER/NAME OWNER+NAME/repo` makes one).

To keep the repository lean, a file over 16 KiB that no package manager or
build tool reads (images, fonts, minified scripts, logs) is replaced by a
placeholder: one line, `stagecraft placeholder: SIZE bytes`; the corpus
test (tests/it/real_world.rs) builds it as a file of SIZE bytes.
"""
import io
import json
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT = 16 * 1024
# What package managers and build tools read: kept whole at any size.
KEEP = (
    "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
    "requirements.txt", "poetry.lock", "pyproject.toml", "uv.lock", "Pipfile.lock",
    "go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "pom.xml", "build.gradle",
    "packages.lock.json", "Gemfile.lock", "composer.lock",
)


def kept_whole(path):
    name = os.path.basename(path)
    return name in KEEP or name.endswith((".csproj", ".sln", ".gradle", ".kts"))


def extract(git_dir, commit, directory, out):
    args = ["git", f"--git-dir={git_dir}", "archive", "--format=tar", commit]
    if directory:
        args.append(directory)
    data = subprocess.run(args, check=True, capture_output=True).stdout
    prefix = f"{directory}/" if directory else ""
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            rel = member.name[len(prefix):] if member.name.startswith(prefix) else member.name
            if not rel or member.isdir():
                continue
            target = os.path.join(out, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if member.issym():
                if os.path.lexists(target):
                    os.remove(target)
                os.symlink(member.linkname, target)
                continue
            body = tar.extractfile(member).read()
            if len(body) > LIMIT and not kept_whole(rel):
                body = f"stagecraft placeholder: {len(body)} bytes\n".encode()
            with open(target, "wb") as f:
                f.write(body)
            os.chmod(target, 0o755 if member.mode & 0o111 else 0o644)


def main(args):
    mirrors = args[0] if args else "/work/.mirror"
    with open(os.path.join(HERE, "sources.json")) as f:
        sources = json.load(f)
    cases_path = os.path.join(HERE, "cases.json")
    cases = json.load(open(cases_path)) if os.path.exists(cases_path) else []
    known = {c["case"] for c in cases}
    done = set()
    for repo in sources["repositories"]:
        owner_name = repo["repository"].replace("/", "+")
        git_dir = os.path.join(mirrors, owner_name, "repo")
        for dockerfile in repo["dockerfiles"]:
            directory = os.path.dirname(dockerfile)
            context = os.path.join("contexts", owner_name, directory) if directory else os.path.join("contexts", owner_name)
            if (owner_name, directory) not in done:
                extract(git_dir, repo["commit"], directory, os.path.join(HERE, context))
                done.add((owner_name, directory))
            base = os.path.basename(dockerfile)
            name = "/".join(p for p in (repo["repository"].split("/")[1], directory) if p)
            if base != "Dockerfile":
                name += f" ({base})"
            if name not in known:
                cases.append({
                    "case": name,
                    "repository": repo["repository"],
                    "context": context,
                    "dockerfile": os.path.basename(dockerfile),
                    "expect": "builds",
                })
                known.add(name)
    with open(cases_path, "w") as f:
        json.dump(cases, f, indent=2)
        f.write("\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main(sys.argv[1:])
