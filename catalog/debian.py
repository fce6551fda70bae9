#!/usr/bin/env python3
"""Debian bookworm packages, from the real archive, for Stagecraft.

Reads the package index of deb.debian.org (bookworm, bookworm-updates and
bookworm-security, main, amd64), resolves dependencies as apt does (Depends
and Pre-Depends, and Recommends unless told not to; the first alternative
that exists), and lists each package's files from its real .deb (the
`apt-get download` + `dpkg-deb -c` of a Debian machine, done with
urllib and `dpkg-deb -c`, or Python's tarfile where dpkg-deb is missing).

Used by generate.py for the Debian-based base images, and run by itself

    python3 catalog/debian.py

to write catalog/apt/debian-bookworm.pack: the packages `apt-get
install` can install in a simulated build (the most used in Dockerfiles,
listed in POPULAR below, those of the official buildpack-deps images, and
everything they pull in) with their files; the installed size of every
other bookworm package; and what `apt-get update` writes. Downloads are
cached in ~/.cache/stagecraft/debian (about 1.5 GB the first time).
"""
import gzip
import io
import json
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pack

MIRROR = "http://deb.debian.org/debian"
SECURITY = "http://deb.debian.org/debian-security"
SUITES = [
    (MIRROR, "bookworm"),
    (MIRROR, "bookworm-updates"),
    (SECURITY, "bookworm-security"),
]
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "stagecraft", "debian")
HERE = os.path.dirname(os.path.abspath(__file__))

# The packages most used in Dockerfiles' apt-get install lines.
POPULAR = """
build-essential gcc g++ make cmake git curl wget ca-certificates gnupg gnupg2 dirmngr unzip zip
xz-utils bzip2 zstd vim vim-tiny nano less procps net-tools iputils-ping dnsutils
openssh-client openssh-server rsync jq file patch python3 python3-pip python3-venv python3-dev
python3-setuptools python3-wheel python3-distutils python-is-python3 pipx nodejs npm
default-jdk-headless default-jre-headless openjdk-17-jdk-headless openjdk-17-jre-headless maven
ant libpq-dev libpq5 libssl-dev libffi-dev zlib1g-dev libxml2-dev libxslt1-dev libjpeg-dev
libjpeg62-turbo-dev libpng-dev libsqlite3-dev sqlite3 postgresql-client default-mysql-client
default-libmysqlclient-dev libmariadb-dev libmariadb-dev-compat redis-tools nginx apache2
supervisor cron tzdata locales sudo gosu tini dumb-init netcat-openbsd telnet iproute2
lsb-release apt-transport-https apt-utils gettext gettext-base autoconf automake libtool
pkg-config libcurl4-openssl-dev libcurl4 imagemagick fontconfig fonts-liberation
fonts-dejavu-core libnss3 xvfb libgtk-3-0 libgbm1 libasound2 libx11-6 libxext6 libxrender1
libxtst6 libxi6 libfreetype6 libfreetype6-dev liblcms2-dev libwebp-dev libtiff-dev
libopenblas-dev liblapack-dev gfortran libgomp1 libgl1 libglib2.0-0 libsm6 libmagic1
libmagic-dev libyaml-dev libreadline-dev libncurses-dev libbz2-dev liblzma-dev libgdbm-dev
uuid-dev tk-dev libexpat1-dev libsasl2-dev libldap2-dev libkrb5-dev libgmp-dev libmpfr-dev
libmpc-dev libzmq3-dev libevent-dev ruby ruby-dev bundler perl cpanminus php php-cli php-fpm
php-mysql php-pgsql php-curl php-xml php-mbstring composer golang-go rustc cargo clang llvm lld
gdb valgrind strace lsof htop tree tmux screen man-db manpages openssl libssl3 libc6-dev
linux-libc-dev musl-tools binutils dpkg-dev fakeroot git-lfs subversion mercurial sshpass
expect dos2unix bc gawk libaio1 libnuma1 libjemalloc2 libtcmalloc-minimal4 graphviz
ghostscript poppler-utils chromium chromium-driver ffmpeg libsndfile1 locales-all
""".split()

# What the official images install (docker-library/buildpack-deps, bookworm),
# with --no-install-recommends.
BUILDPACK_CURL = "ca-certificates curl gnupg netbase sq wget".split()
BUILDPACK_SCM = "git mercurial openssh-client subversion procps".split()
BUILDPACK_FULL = """
autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick
libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev
libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev
libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev
libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev
libyaml-dev make patch unzip xz-utils zlib1g-dev
""".split()

# Packages other images in the catalog install (nginx:1.25 on
# bookworm-slim: nginx with its dynamic modules).
IMAGE_PACKAGES = """
nginx libnginx-mod-http-xslt-filter libnginx-mod-http-geoip libnginx-mod-http-image-filter
libnginx-mod-stream gettext-base curl ca-certificates
""".split()

PRIORITY = {"required": 0, "important": 1, "standard": 2, "optional": 3, "extra": 4}
# Where apt would take the first alternative but Debian's images hold the
# other (debootstrap installs usr-is-merged).
PREFER = {"usrmerge": "usr-is-merged"}


def fetch(url, path):
    """Downloads `url` to `path` unless it is there already."""
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    with urllib.request.urlopen(url, timeout=120) as response, open(tmp, "wb") as out:
        shutil.copyfileobj(response, out)
    os.replace(tmp, path)
    return path


def parse_index(text, base):
    packages = {}
    for block in text.split("\n\n"):
        fields = {}
        for line in block.split("\n"):
            if not line or line[0] in " \t":
                continue
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        if "Package" in fields:
            fields["_base"] = base
            packages[fields["Package"]] = fields
    return packages


class Index:
    """The bookworm package index: newer versions from updates and
    security replace main's."""

    def __init__(self):
        self.packages = {}
        self.release = {}
        for base, suite in SUITES:
            url = f"{base}/dists/{suite}/main/binary-amd64/Packages.xz"
            path = fetch(url, os.path.join(CACHE, "dists", suite, "Packages.xz"))
            raw = lzma.open(path).read()
            text = raw.decode("utf-8")
            self.release[suite] = {"packages_bytes": len(raw)}
            self.packages.update(parse_index(text, base))
            release = fetch(
                f"{base}/dists/{suite}/Release",
                os.path.join(CACHE, "dists", suite, "Release"),
            )
            for line in open(release, encoding="utf-8"):
                if line.startswith(("Date:", "Version:")):
                    key, _, value = line.partition(":")
                    self.release[suite][key.lower()] = value.strip()
        self.providers = {}
        for name, fields in self.packages.items():
            for provided in split_list(fields.get("Provides", "")):
                self.providers.setdefault(provided[0], []).append(name)

    def get(self, name):
        return self.packages.get(name)

    def relations(self, name, field):
        return [
            [alt for alt in group]
            for group in (split_relations(self.packages[name].get(field, "")))
        ]

    def required(self):
        return sorted(n for n, f in self.packages.items() if f.get("Priority") == "required")

    def resolve(self, names, recommends=True, installed=()):
        """The packages `apt-get install names` would add to `installed`."""
        have = set(installed)
        chosen = []
        seen = set(have)
        stack = []
        for name in names:
            real = self.real(name)
            if real and real not in seen:
                seen.add(real)
                stack.append(real)
        key = lambda p: (
            PRIORITY.get(self.packages[p].get("Priority"), 5),
            int(self.packages[p].get("Installed-Size", "0")),
        )

        def pick(group):
            for alt in group:
                if alt in seen or any(p in seen for p in self.providers.get(alt, [])):
                    return None
            for alt in group:
                if alt in self.packages:
                    return PREFER.get(alt, alt)
                candidates = self.providers.get(alt, [])
                if candidates:
                    return min(candidates, key=key)
            return None

        fields = ["Pre-Depends", "Depends"] + (["Recommends"] if recommends else [])
        while stack:
            name = stack.pop()
            chosen.append(name)
            for field in fields:
                for group in self.relations(name, field):
                    picked = pick(group)
                    if picked and picked not in seen:
                        seen.add(picked)
                        stack.append(picked)
        return sorted(set(chosen) - have)

    def real(self, name):
        if name in self.packages:
            return name
        providers = self.providers.get(name, [])
        return providers[0] if len(providers) == 1 else None


def split_list(text):
    return [part.strip().split(" ") for part in text.split(",") if part.strip()]


def split_relations(text):
    """`a (>= 1) | b, c` -> [["a", "b"], ["c"]] (architecture qualifiers dropped)."""
    groups = []
    for group in text.split(","):
        alts = [alt.strip().split(" ")[0].split(":")[0] for alt in group.split("|")]
        alts = [a for a in alts if a]
        if alts:
            groups.append(alts)
    return groups


def deb_path(index, name):
    fields = index.get(name)
    return os.path.join(CACHE, "pool", os.path.basename(fields["Filename"]))


def download(index, names, workers=8):
    def one(name):
        fields = index.get(name)
        fetch(f"{fields['_base']}/{fields['Filename']}", deb_path(index, name))

    missing = [n for n in names if not os.path.exists(deb_path(index, n))]
    if missing:
        print(f"downloading {len(missing)} packages...", file=sys.stderr)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, missing))


MODE_BITS = {"r": 4, "w": 2, "x": 1, "-": 0}


def parse_mode(text):
    """`-rwsr-xr-x` -> 0o4755."""
    mode = 0
    special = 0
    for i, shift in ((1, 6), (4, 3), (7, 0)):
        triple = text[i : i + 3]
        bits = MODE_BITS.get(triple[0], 0) | MODE_BITS.get(triple[1], 0)
        x = triple[2]
        if x in "xst":
            bits |= 1
        if x in "sS":
            special |= 4 if shift == 6 else 2
        if x in "tT":
            special |= 1
        mode |= bits << shift
    return (special << 9) | mode


def listing(path):
    """The entries of a .deb's data: (kind, path, mode, size, target, owner)."""
    cache = path + ".list.json"
    if os.path.exists(cache):
        return json.load(open(cache))
    entries = []
    if shutil.which("dpkg-deb"):
        out = subprocess.run(
            ["dpkg-deb", "-c", path], check=True, capture_output=True, text=True
        ).stdout
        for line in out.splitlines():
            parts = line.split(None, 5)
            mode_text, owner, size = parts[0], parts[1], int(parts[2])
            rest = parts[5]
            name, target = rest, None
            if mode_text[0] == "l" and " -> " in rest:
                name, target = rest.split(" -> ", 1)
            elif mode_text[0] == "h" and " link to " in rest:
                name, target = rest.split(" link to ", 1)
            entries.append((mode_text[0], clean(name), parse_mode(mode_text), size,
                            clean(target) if mode_text[0] == "h" else target, owner))
    else:
        entries = listing_python(path)
    json.dump(entries, open(cache, "w"))
    return entries


def listing_python(path):
    data = open(path, "rb").read()
    offset = 8
    while offset < len(data):
        name = data[offset : offset + 16].decode().strip().rstrip("/")
        size = int(data[offset + 48 : offset + 58].decode().strip())
        body = data[offset + 60 : offset + 60 + size]
        offset += 60 + size + (size % 2)
        if name.startswith("data.tar"):
            break
    if name.endswith(".xz"):
        body = lzma.decompress(body)
    elif name.endswith(".gz"):
        body = gzip.decompress(body)
    entries = []
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        for m in tar:
            kind = "d" if m.isdir() else "l" if m.issym() else "h" if m.islnk() else "-"
            target = m.linkname if (m.issym() or m.islnk()) else None
            entries.append((kind, clean(m.name), m.mode, m.size,
                            clean(target) if kind == "h" else target,
                            f"{m.uname or m.uid}/{m.gname or m.gid}"))
    return entries


def clean(name):
    if name is None:
        return None
    name = name[1:] if name.startswith(".") else name
    name = "/" + name.strip("/")
    return name


def package_record(index, name):
    """A package as Stagecraft's apt-get reads it."""
    f = index.get(name)
    entries = listing(deb_path(index, name))
    files = []
    for kind, path, mode, size, target, owner in entries:
        if path == "/":
            continue
        if kind == "d":
            if mode != 0o755 or owner != "root/root":
                files.append(["d", path, oct(mode)[2:]] + owner_ids(owner))
            continue
        if kind == "l":
            files.append(["l", path, target])
        elif kind == "h":
            files.append(["h", path, target])
        else:
            files.append(["f", path, oct(mode)[2:], size] + owner_ids(owner))
    record = {
        "version": f["Version"],
        "installed_kb": int(f.get("Installed-Size", "0")),
        "deb_size": int(f.get("Size", "0")),
        "priority": f.get("Priority", "optional"),
        "section": f.get("Section", ""),
        "files": files,
    }
    for field, key in (
        ("Pre-Depends", "pre_depends"),
        ("Depends", "depends"),
        ("Recommends", "recommends"),
    ):
        groups = index.relations(name, field)
        if groups:
            record[key] = groups
    provides = [p[0] for p in split_list(f.get("Provides", ""))]
    if provides:
        record["provides"] = provides
    if f.get("Essential") == "yes":
        record["essential"] = True
    return record


# Debian's well-known users and groups own a few files.
IDS = {"root": 0, "daemon": 1, "bin": 2, "sys": 3, "adm": 4, "tty": 5, "disk": 6, "lp": 7,
       "mail": 8, "news": 9, "uucp": 10, "man": 12, "proxy": 13, "kmem": 15, "dialout": 20,
       "fax": 21, "voice": 22, "cdrom": 24, "floppy": 25, "tape": 26, "sudo": 27,
       "audio": 29, "dip": 30, "www-data": 33, "backup": 34, "operator": 37, "list": 38,
       "irc": 39, "src": 40, "shadow": 42, "utmp": 43, "video": 44, "sasl": 45,
       "plugdev": 46, "staff": 50, "games": 60, "users": 100, "nogroup": 65534,
       "nobody": 65534, "crontab": 101, "messagebus": 102, "ssh": 103}


def owner_ids(owner):
    user, _, group = owner.partition("/")
    uid, gid = IDS.get(user, 0), IDS.get(group, 0)
    return [uid, gid] if uid or gid else []


def base_packages(index):
    """Debian's official image: Priority required, apt, and what they need
    (debootstrap's minbase variant)."""
    return index.resolve(index.required() + ["apt"], recommends=False)


def lists(index):
    """What `apt-get update` leaves in /var/lib/apt/lists of Debian's image,
    which stores indexes lz4-compressed (docker-gzip-indexes)."""
    out = []
    for base, suite in SUITES:
        host = base.split("://", 1)[1].replace("/", "_")
        inrelease = fetch(f"{base}/dists/{suite}/InRelease",
                          os.path.join(CACHE, "dists", suite, "InRelease"))
        out.append([f"{host}_dists_{suite}_InRelease", os.path.getsize(inrelease)])
        packages = os.path.join(CACHE, "dists", suite, "Packages.xz")
        raw = lzma.open(packages).read()
        if shutil.which("lz4"):
            size = len(subprocess.run(["lz4", "-c", "-q"], input=raw, check=True,
                                      capture_output=True).stdout)
        else:
            size = len(raw) * 42 // 100
        out.append([f"{host}_dists_{suite}_main_binary-amd64_Packages.lz4", size])
    return out


def main():
    index = Index()
    base = base_packages(index)
    wanted = set(base)
    unknown = []
    for name in POPULAR:
        if index.real(name) is None:
            unknown.append(name)
            continue
        wanted.update(index.resolve([name], recommends=True, installed=base))
    if unknown:
        print("not in bookworm:", " ".join(unknown), file=sys.stderr)
    wanted.update(index.resolve(IMAGE_PACKAGES, recommends=False, installed=base))
    have = list(base)
    for layer in (BUILDPACK_CURL, BUILDPACK_SCM, BUILDPACK_FULL):
        added = index.resolve(layer, recommends=False, installed=have)
        wanted.update(added)
        have += added
    wanted = sorted(wanted)
    download(index, wanted)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda n: listing(deb_path(index, n)), wanted))
    packages = {name: package_record(index, name) for name in wanted}
    # Virtual names apt-get accepts: those with one provider among these.
    virtual = {}
    for name, record in packages.items():
        for provided in record.get("provides", []):
            if provided not in packages:
                virtual.setdefault(provided, []).append(name)
    # Every other bookworm package: `apt-get install` of one of these is
    # simulated from its size alone, with a warning.
    others = {
        name: int(f.get("Installed-Size", "0"))
        for name, f in sorted(index.packages.items())
        if name not in packages
    }
    data = {
        "schema": 1,
        "lists": lists(index),
        "others": others,
        "distribution": "debian-bookworm",
        "release": index.release,
        "base": base,
        "popular": [n for n in POPULAR if n not in unknown],
        # Providers best first: apt-get (and Stagecraft) take the first.
        "virtual": {
            k: sorted(v, key=lambda n: (PRIORITY.get(packages[n]["priority"], 5),
                                        packages[n]["installed_kb"], n))
            for k, v in sorted(virtual.items())
        },
        "packages": packages,
    }
    out = os.path.join(HERE, "apt", "debian-bookworm.pack")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    pack.write(data, out)
    files = sum(len(p["files"]) for p in packages.values())
    print(f"{out}: {len(packages)} packages, {files} entries, "
          f"{len(text) / 1e6:.1f} MB of JSON, {os.path.getsize(out) / 1e6:.1f} MB packed")


if __name__ == "__main__":
    main()
