#!/usr/bin/env python3
"""Writes catalog/catalog.json: the base images Stagecraft simulates.

This first catalog is structurally right (shells, users, package-manager
directories, toolchains, the programs a RUN may call) with plausible sizes;
large files are given by size only. Run it from anywhere:

    python3 catalog/generate.py

and commit the JSON it writes. The format is described in README.md.
"""
import gzip
import json
import os
import sys

import pack
from debian import BUILDPACK_CURL, BUILDPACK_FULL, BUILDPACK_SCM

HERE = os.path.dirname(os.path.abspath(__file__))
APT = pack.read(os.path.join(HERE, "apt", "debian-bookworm.pack"))
BASE_SET = APT["base"]
APK = pack.read(os.path.join(HERE, "apk", "alpine-3.19.pack"))

KB = 1024
MB = 1024 * 1024

# ---------------------------------------------------------------- helpers


class Layer:
    def __init__(self, layer_id, created_by):
        self.id = layer_id
        self.created_by = created_by
        self.entries = []

    def d(self, path, mode="0755", uid=0, gid=0):
        self.entries.append(entry("d", path, mode, None, uid, gid))
        return self

    def f(self, path, size, mode="0644", uid=0, gid=0):
        self.entries.append(entry("f", path, mode, int(size), uid, gid))
        return self

    def x(self, path, size):
        return self.f(path, size, "0755")

    def t(self, path, text, mode="0644", uid=0, gid=0):
        self.entries.append(entry("t", path, mode, text, uid, gid))
        return self

    def l(self, path, target):
        self.entries.append(["l", path, "0777", target])
        return self

    def spread(self, directory, names, total, mode="0644"):
        """Files named `names` in `directory` sharing `total` bytes."""
        weights = [len(n) + 7 for n in names]
        scale = total / sum(weights)
        for name, w in zip(names, weights):
            self.f(f"{directory}/{name}", int(w * scale), mode)
        return self

    def bulk(self, directory, stem, count, total, suffix=""):
        """`count` files of one kind (`stem-001.suffix`...) sharing `total`."""
        names = [f"{stem}-{i:03d}{suffix}" for i in range(1, count + 1)]
        return self.spread(directory, names, total)

    def json(self):
        return {"created_by": self.created_by, "entries": self.entries}


def entry(kind, path, mode, payload, uid, gid):
    e = [kind, path, mode, payload]
    if uid or gid:
        e += [uid, gid]
    return e


def passwd(*extra):
    return "".join(line + "\n" for line in DEBIAN_PASSWD + list(extra))


def group(*extra):
    return "".join(line + "\n" for line in DEBIAN_GROUP + list(extra))


DEBIAN_PASSWD = [
    "root:x:0:0:root:/root:/bin/bash",
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin",
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin",
    "sync:x:4:65534:sync:/bin:/bin/sync",
    "games:x:5:60:games:/usr/games:/usr/sbin/nologin",
    "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin",
    "lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin",
    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin",
    "news:x:9:9:news:/var/spool/news:/usr/sbin/nologin",
    "uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin",
    "proxy:x:13:13:proxy:/bin:/usr/sbin/nologin",
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin",
    "backup:x:34:34:backup:/var/backups:/usr/sbin/nologin",
    "list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin",
    "irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin",
    "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin",
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
]

DEBIAN_GROUP = [
    "root:x:0:", "daemon:x:1:", "bin:x:2:", "sys:x:3:", "adm:x:4:", "tty:x:5:", "disk:x:6:",
    "lp:x:7:", "mail:x:8:", "news:x:9:", "uucp:x:10:", "man:x:12:", "proxy:x:13:",
    "kmem:x:15:", "dialout:x:20:", "fax:x:21:", "voice:x:22:", "cdrom:x:24:", "floppy:x:25:",
    "tape:x:26:", "sudo:x:27:", "audio:x:29:", "dip:x:30:", "www-data:x:33:", "backup:x:34:",
    "operator:x:37:", "list:x:38:", "irc:x:39:", "src:x:40:", "shadow:x:42:", "utmp:x:43:",
    "video:x:44:", "sasl:x:45:", "plugdev:x:46:", "staff:x:50:", "games:x:60:", "users:x:100:",
    "nogroup:x:65534:",
]

BUSYBOX_APPLETS = {
    "/bin": ["ash", "base64", "cat", "chgrp", "chmod", "chown", "cp", "date", "dd", "df",
             "dmesg", "echo", "egrep", "false", "fgrep", "grep", "gunzip", "gzip", "hostname",
             "kill", "ln", "login", "ls", "mkdir", "mknod", "mktemp", "more", "mount", "mv",
             "netstat", "nice", "pidof", "ping", "ps", "pwd", "rm", "rmdir", "sed", "sh",
             "sleep", "stat", "stty", "su", "sync", "tar", "touch", "true", "umount", "uname",
             "usleep", "watch", "zcat"],
    "/sbin": ["addgroup", "adduser", "delgroup", "deluser", "getty", "halt", "ifconfig",
              "init", "insmod", "ip", "poweroff", "reboot", "route", "sysctl", "syslogd"],
    "/usr/bin": ["[", "[[", "awk", "basename", "bc", "bunzip2", "bzcat", "bzip2", "cksum",
                 "clear", "cmp", "comm", "cut", "diff", "dirname", "du", "env", "expr", "find",
                 "free", "head", "hexdump", "id", "install", "less", "md5sum", "nc", "nl",
                 "nohup", "nproc", "od", "paste", "printf", "readlink", "realpath", "reset",
                 "seq", "sha1sum", "sha256sum", "sha512sum", "sort", "split", "strings", "tail",
                 "tee", "test", "time", "timeout", "top", "tr", "tty", "uniq", "unxz", "unzip",
                 "uptime", "vi", "wc", "wget", "which", "whoami", "xargs", "xxd", "xzcat", "yes"],
    "/usr/sbin": ["chroot", "crond", "setcap"],
}


def busybox_applets(layer, busybox_path):
    for directory, applets in BUSYBOX_APPLETS.items():
        layer.d(directory)
        for applet in applets:
            target = os.path.relpath(busybox_path, directory)
            if f"{directory}/{applet}" != busybox_path:
                layer.l(f"{directory}/{applet}", target)


# ---------------------------------------------------------------- debian


# The slim variant's dpkg configuration (debuerreotype): what dpkg never
# unpacks, in the image and in every later apt-get install.
SLIM_DPKG = """# This is the "slim" variant of the Debian base image.
# Many files which are normally unnecessary in containers are excluded,
# and this configuration file keeps them that way.

path-exclude /usr/share/doc/*
# we need to keep copyright files for legal reasons
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
"""


def packages(layer, names, recommends=False):
    """Debian packages (and what they need), installed from the archive in
    catalog/apt/ as apt-get would: their real files and dpkg's records."""
    layer.entries.append(["pkgs", "debian-bookworm", list(names), {"recommends": recommends}])
    return layer


UBUNTU_EXCLUDES = """# Drop all man pages
path-exclude=/usr/share/man/*

# Drop all translations
path-exclude=/usr/share/locale/*/LC_MESSAGES/*.mo

# Drop all documentation ...
path-exclude=/usr/share/doc/*

# ... except copyright files ...
path-include=/usr/share/doc/*/copyright

# ... and Debian changelogs for native & non-native packages
path-include=/usr/share/doc/*/changelog.*

# Drop lintian overrides, groff, info
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/groff/*
path-exclude=/usr/share/info/*
"""


def ubuntu_rootfs(version, codename):
    """Ubuntu's minimized image. Stagecraft has no Ubuntu package data:
    Debian bookworm's packages stand in, with Ubuntu's release files and
    its minimize excludes."""
    layer = debian_rootfs(slim=False, ubuntu=(version, codename))
    return layer


def debian_rootfs(slim, ubuntu=None):
    name = "debian-bookworm-slim-rootfs" if slim else "debian-bookworm-rootfs"
    variant = "-slim" if slim else ""
    layer = Layer(name, f"# debian.sh --arch 'amd64' out/ 'bookworm{variant}' '@1716163200'")
    if ubuntu:
        version, codename = ubuntu
        layer = Layer(f"ubuntu-{version}-rootfs",
                      f"ADD file:ubuntu-{codename}-oci-amd64-root.tar.gz in / ")
    for link, target in [("/bin", "usr/bin"), ("/sbin", "usr/sbin"), ("/lib", "usr/lib"),
                         ("/lib64", "usr/lib64")]:
        layer.d(f"/{target}")
        layer.l(link, target)
    for d in ["/boot", "/dev", "/etc", "/home", "/media", "/mnt", "/opt", "/proc", "/run",
              "/srv", "/sys", "/usr/local/bin", "/usr/local/lib", "/usr/local/share",
              "/usr/local/sbin", "/var/cache/apt/archives/partial",
              "/var/lib/apt/lists/partial", "/var/lib/dpkg", "/var/lib/misc", "/var/local",
              "/var/log", "/var/mail", "/var/opt", "/var/spool"]:
        layer.d(d)
    layer.d("/root", "0700").d("/tmp", "1777").d("/var/tmp", "1777")
    # base-files: /var/run and /var/lock lead to /run.
    layer.d("/run/lock", "1777").l("/var/run", "/run").l("/var/lock", "/run/lock")
    if slim:
        layer.t("/etc/dpkg/dpkg.cfg.d/docker", SLIM_DPKG)
    if ubuntu:
        layer.t("/etc/dpkg/dpkg.cfg.d/excludes", UBUNTU_EXCLUDES)
    # debootstrap's minbase: Priority required, apt, and their dependencies.
    layer.entries.append(["pkgs", "debian-bookworm", BASE_SET, {"recommends": False}])
    # What maintainer scripts and debuerreotype write, with their real text
    # where a RUN may read it.
    layer.t("/etc/passwd", passwd())
    layer.t("/etc/group", group())
    layer.t("/etc/shadow", "".join(l.split(":")[0] + ":*:19800:0:99999:7:::\n" for l in DEBIAN_PASSWD), "0640", 0, 42)
    layer.t("/etc/gshadow", "".join(l.split(":")[0] + ":*::\n" for l in DEBIAN_GROUP), "0640", 0, 42)
    layer.t("/etc/debian_version", "12.15\n")
    layer.t("/etc/hostname", "localhost\n")
    layer.t("/usr/lib/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
            'VERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'
            'HOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\n'
            'BUG_REPORT_URL="https://bugs.debian.org/"\n')
    layer.l("/etc/os-release", "../usr/lib/os-release")
    if ubuntu:
        version, codename = ubuntu
        pretty = {"22.04": "22.04.4 LTS", "24.04": "24.04 LTS"}[version]
        layer.t("/usr/lib/os-release", f'PRETTY_NAME="Ubuntu {pretty}"\nNAME="Ubuntu"\n'
                f'VERSION_ID="{version}"\nVERSION="{pretty} ({codename.title()})"\n'
                f'VERSION_CODENAME={codename}\nID=ubuntu\nID_LIKE=debian\n'
                'HOME_URL="https://www.ubuntu.com/"\n')
        layer.t("/etc/debian_version", "bookworm/sid\n")
        layer.t("/etc/apt/sources.list",
                f"deb http://archive.ubuntu.com/ubuntu/ {codename} main restricted universe multiverse\n"
                f"deb http://archive.ubuntu.com/ubuntu/ {codename}-updates main restricted universe multiverse\n"
                f"deb http://security.ubuntu.com/ubuntu/ {codename}-security main restricted universe multiverse\n")
    layer.t("/etc/apt/sources.list.d/debian.sources",
            "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n"
            "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
            "Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n"
            "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
    layer.t("/etc/apt/apt.conf.d/docker-clean",
            'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb '
            '/var/cache/apt/*.bin || true"; };\nAPT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb '
            '/var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
            'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n')
    layer.t("/etc/apt/apt.conf.d/docker-gzip-indexes",
            'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n')
    layer.t("/etc/apt/apt.conf.d/docker-no-languages", 'Acquire::Languages "none";\n')
    layer.t("/etc/apt/apt.conf.d/docker-autoremove-suggests",
            'Apt::AutoRemove::SuggestsImportant "false";\n')
    layer.t("/etc/profile", 'if [ "$(id -u)" -eq 0 ]; then\n  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n'
            'else\n  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"\nfi\nexport PATH\n')
    layer.t("/etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n")
    layer.t("/etc/login.defs", "MAIL_DIR /var/mail\nUID_MIN 1000\nUID_MAX 60000\nSYS_UID_MIN 100\n"
            "SYS_UID_MAX 999\nGID_MIN 1000\nGID_MAX 60000\nSYS_GID_MIN 100\nSYS_GID_MAX 999\n")
    layer.t("/etc/skel/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n")
    layer.t("/etc/skel/.profile", "# ~/.profile: executed by the command interpreter for login shells.\n")
    layer.t("/etc/skel/.bash_logout", "# ~/.bash_logout: executed by bash(1) when login shell exits.\n")
    layer.t("/root/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n")
    layer.t("/root/.profile", "# ~/.profile: executed by Bourne-compatible login shells.\n")
    layer.l("/usr/bin/awk", "/etc/alternatives/awk").l("/etc/alternatives/awk", "/usr/bin/mawk")
    layer.l("/usr/bin/sh", "dash")
    # update-alternatives links that maintainer scripts make.
    layer.l("/usr/bin/which", "/etc/alternatives/which")
    layer.l("/etc/alternatives/which", "/usr/bin/which.debianutils")
    layer.f("/etc/ld.so.cache", 10_000)
    layer.f("/var/cache/debconf/config.dat", 18_000).f("/var/cache/debconf/templates.dat", 540_000)
    layer.f("/var/log/lastlog", 0, "0664", 0, 43).f("/var/log/wtmp", 0, "0664", 0, 43)
    return layer


def apt_layer(layer_id, command, names):
    """A RUN of the official images: apt-get update, install
    --no-install-recommends, rm -rf /var/lib/apt/lists/*."""
    layer = Layer(layer_id, f"RUN /bin/sh -c {command} # buildkit")
    return packages(layer, names)


def buildpack_curl():
    layer = apt_layer(
        "buildpack-deps-bookworm-curl",
        "set -eux; apt-get update; apt-get install -y --no-install-recommends "
        + " ".join(BUILDPACK_CURL) + "; rm -rf /var/lib/apt/lists/*",
        BUILDPACK_CURL)
    # What ca-certificates' postinst generates.
    layer.f("/etc/ssl/certs/ca-certificates.crt", 213_000)
    return layer


def buildpack_scm():
    return apt_layer(
        "buildpack-deps-bookworm-scm",
        "set -eux; apt-get update; apt-get install -y --no-install-recommends "
        + " ".join(BUILDPACK_SCM) + "; rm -rf /var/lib/apt/lists/*",
        BUILDPACK_SCM)


def build_tools_layer(layer_id, full):
    names = BUILDPACK_FULL if full else ["g++", "gcc", "libc6-dev", "make", "pkg-config"]
    command = ("set -ex; apt-get update; apt-get install -y --no-install-recommends "
               + " ".join(names) + "; rm -rf /var/lib/apt/lists/*")
    layer = apt_layer(layer_id, command, names)
    # gcc's and g++'s postinst: the generic compiler names.
    for name, target in [("cc", "gcc"), ("c++", "g++"), ("c89", "c89-gcc"), ("c99", "c99-gcc")]:
        layer.l(f"/usr/bin/{name}", f"/etc/alternatives/{name}")
        layer.l(f"/etc/alternatives/{name}", f"/usr/bin/{target}")
    return layer


def resolve(names, recommends, installed):
    """apt-get's choice, as src/engine/apt_archive.rs makes it."""
    packages, virtual = APT["packages"], APT["virtual"]
    chosen, order = set(), []

    def known(n):
        return n in packages or n in APT["others"]

    def satisfied(n):
        return (n in installed or n in chosen
                or any(p in installed or p in chosen for p in virtual.get(n, [])))

    def visit(name):
        if name in installed or name in chosen:
            return
        chosen.add(name)
        package = packages.get(name, {})
        groups = package.get("pre_depends", []) + package.get("depends", [])
        if recommends:
            groups = groups + package.get("recommends", [])
        for group in groups:
            if any(satisfied(a) for a in group):
                continue
            for alt in group:
                if known(alt):
                    visit("usr-is-merged" if alt == "usrmerge" else alt)
                    break
                if virtual.get(alt):
                    visit(virtual[alt][0])
                    break
        order.append(name)

    for name in names:
        if known(name):
            visit(name)
        elif len(virtual.get(name, [])) == 1:
            visit(virtual[name][0])
    return order


def dpkg_filter(text):
    rules = []
    for line in text.splitlines():
        line = line.strip()
        for word, include in (("path-exclude", False), ("path-include", True)):
            if line.startswith(word):
                rules.append((include, line[len(word):].lstrip("= \t").strip()))
    return rules


def excluded(rules, path):
    import fnmatch
    for include, glob in reversed(rules):
        if fnmatch.fnmatchcase(path, glob):
            return not include
    return False


def usr_merged(path):
    for top in ("/bin/", "/sbin/", "/lib/", "/lib64/"):
        if path.startswith(top):
            return "/usr" + path
    return path


# ---------------------------------------------------------------- images


# Go releases: the full version and how big its toolchain is beside 1.22's.
GO = {"1.22": ("1.22.5", 1.0), "1.21": ("1.21.12", 0.97), "1.23": ("1.23.4", 1.03), "1.24": ("1.24.1", 1.07)}


def go_toolchain(version="1.22"):
    full, scale = GO[version]
    layer = Layer(f"golang-{version}-toolchain",
                  f"RUN /bin/sh -c set -eux; url='https://dl.google.com/go/go{full}.linux-amd64.tar.gz'; "
                  "wget -O go.tgz \"$url\"; tar -C /usr/local -xzf go.tgz; rm go.tgz # buildkit")
    go = "/usr/local/go"
    layer.x(f"{go}/bin/go", 14_700_000 * scale).x(f"{go}/bin/gofmt", 3_200_000 * scale)
    layer.t(f"{go}/VERSION", f"go{full}\ntime 2024-06-27T20:11:12Z\n")
    for tool, size in [("compile", 20_000_000), ("link", 6_400_000), ("asm", 4_100_000),
                       ("cgo", 4_200_000), ("vet", 7_700_000), ("cover", 4_700_000),
                       ("pprof", 13_200_000), ("trace", 12_100_000), ("buildid", 2_200_000),
                       ("covdata", 3_800_000), ("doc", 4_400_000), ("fix", 3_000_000),
                       ("nm", 4_000_000), ("objdump", 4_500_000), ("pack", 2_100_000),
                       ("test2json", 2_300_000)]:
        layer.x(f"{go}/pkg/tool/linux_amd64/{tool}", size * scale)
    layer.bulk(f"{go}/src", "package", 400, 95_000_000 * scale, ".go")
    layer.bulk(f"{go}/pkg/include", "header", 8, 90_000, ".h")
    layer.bulk(f"{go}/lib/time", "zoneinfo", 1, 400_000, ".zip")
    layer.bulk(f"{go}/misc", "misc", 30, 3_200_000)
    layer.bulk(f"{go}/test", "test", 300, 14_000_000, ".go")
    layer.bulk(f"{go}/api", "api", 30, 1_200_000, ".txt")
    layer.t(f"{go}/LICENSE", "Copyright 2009 The Go Authors.\n")
    return layer


def go_path():
    layer = Layer("golang-gopath", 'RUN /bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH" # buildkit')
    layer.d("/go", "1777").d("/go/src", "1777").d("/go/bin", "1777")
    return layer


def workdir_go():
    return Layer("golang-workdir", "WORKDIR /go")


# Node.js releases: the full version and the size of the node binary.
NODE = {"18": ("18.20.4", 90_200_000), "20": ("20.15.1", 96_400_000), "22": ("22.4.1", 117_600_000),
        "24": ("24.11.1", 121_800_000)}


def node_layers(variant="", version="20"):
    """Node.js from nodejs.org (on Debian), or the musl build (on Alpine),
    with npm, corepack and yarn; the node user."""
    alpine = variant == "-alpine"
    full, binary = NODE[version]
    if alpine:
        group_layer = Layer(f"node-{version}{variant}-user", "RUN /bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node # buildkit")
        group_layer.t("/etc/passwd", ALPINE_PASSWD + "node:x:1000:1000:Linux User,,,:/home/node:/bin/sh\n")
        group_layer.t("/etc/group", ALPINE_GROUP + "node:x:1000:node\n")
        group_layer.d("/home/node", "2755", 1000, 1000)
    else:
        group_layer = Layer(f"node-{version}{variant}-user", "RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit")
        group_layer.t("/etc/passwd", passwd("node:x:1000:1000::/home/node:/bin/bash"))
        group_layer.t("/etc/group", group("node:x:1000:"))
        group_layer.d("/home/node", "0755", 1000, 1000)
        group_layer.t("/home/node/.bashrc", "# ~/.bashrc\n", "0644", 1000, 1000)
    if alpine:
        node = Layer(f"node-{version}{variant}-runtime", f"RUN /bin/sh -c addgroup ... && apk add --no-cache libstdc++ && apk add --no-cache --virtual .build-deps curl && curl -fsSLO --compressed \"https://unofficial-builds.nodejs.org/download/release/v{full}/node-v{full}-linux-x64-musl.tar.xz\" && tar -xJf \"node-v{full}-linux-x64-musl.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner && apk del .build-deps # buildkit")
        node.entries.append(["pkgs", "alpine-3.19", ["libstdc++"], {}])
    else:
        node = Layer(f"node-{version}{variant}-runtime", f"RUN /bin/sh -c ARCH= && dpkgArch=\"$(dpkg --print-architecture)\" && curl -fsSLO --compressed \"https://nodejs.org/dist/v{full}/node-v{full}-linux-x64.tar.xz\" && tar -xJf \"node-v{full}-linux-x64.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner && ln -s /usr/local/bin/node /usr/local/bin/nodejs # buildkit")
    node.x("/usr/local/bin/node", binary)
    node.l("/usr/local/bin/nodejs", "/usr/local/bin/node")
    node.l("/usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js")
    node.l("/usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js")
    node.l("/usr/local/bin/corepack", "../lib/node_modules/corepack/dist/corepack.js")
    node.t("/usr/local/lib/node_modules/npm/bin/npm-cli.js", "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n", "0755")
    node.t("/usr/local/lib/node_modules/npm/bin/npx-cli.js", "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n", "0755")
    node.bulk("/usr/local/lib/node_modules/npm/node_modules", "dependency", 300, 9_800_000, ".js")
    node.bulk("/usr/local/lib/node_modules/npm/lib", "command", 120, 1_300_000, ".js")
    node.t("/usr/local/lib/node_modules/corepack/dist/corepack.js", "#!/usr/bin/env node\nrequire('./lib/corepack.cjs').runMain(process.argv.slice(2));\n", "0755")
    node.bulk("/usr/local/lib/node_modules/corepack/dist/lib", "module", 6, 1_400_000, ".cjs")
    node.bulk("/usr/local/include/node", "header", 200, 5_600_000, ".h")
    node.bulk("/usr/local/share/doc/node", "doc", 10, 400_000)
    yarn = Layer(f"node-{version}{variant}-yarn", "RUN /bin/sh -c set -ex && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/1.22.22/yarn-v1.22.22.tar.gz\" && mkdir -p /opt && tar -xzf yarn-v1.22.22.tar.gz -C /opt/ && ln -s /opt/yarn-v1.22.22/bin/yarn /usr/local/bin/yarn # buildkit")
    yarn.t("/opt/yarn-v1.22.22/bin/yarn.js", "#!/usr/bin/env node\nrequire('../lib/cli.js');\n", "0755")
    yarn.t("/opt/yarn-v1.22.22/bin/yarn", "#!/bin/sh\nexec node \"$(dirname \"$0\")/yarn.js\" \"$@\"\n", "0755")
    yarn.f("/opt/yarn-v1.22.22/lib/cli.js", 5_300_000)
    yarn.l("/usr/local/bin/yarn", "/opt/yarn-v1.22.22/bin/yarn")
    entry = Layer(f"node-{version}{variant}-entrypoint", "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit")
    entry.t("/usr/local/bin/docker-entrypoint.sh", "#!/bin/sh\nset -e\n\n# Run command with node if the first argument contains a \"-\" or is not a system command.\nif [ \"${1#-}\" != \"${1}\" ] || [ -z \"$(command -v \"${1}\")\" ] || { [ -f \"${1}\" ] && ! [ -x \"${1}\" ]; }; then\n  set -- node \"$@\"\nfi\n\nexec \"$@\"\n", "0755")
    return [group_layer, node, yarn, entry]


# CPython releases: the full version and its shared library's size.
PYTHON = {"3.12": ("3.12.4", 26_300_000), "3.11": ("3.11.9", 24_500_000),
          "3.9": ("3.9.19", 22_800_000), "3.10": ("3.10.14", 23_600_000),
          "3.13": ("3.13.0", 27_900_000), "3.14": ("3.14.0", 29_100_000)}


def python_layers(variant="", version="3.12"):
    """CPython built from source into /usr/local; the slim and alpine
    images drop the test suite and keep fewer build files."""
    full_image = variant == ""
    full, libpython = PYTHON[version]
    py = Layer(f"python-{version}{variant}-runtime", f"RUN /bin/sh -c set -eux; wget -O python.tar.xz \"https://www.python.org/ftp/python/{full}/Python-{full}.tar.xz\"; ./configure --enable-optimizations --enable-shared; make -j \"$(nproc)\"; make install; ldconfig; python3 --version # buildkit")
    if variant == "-slim":
        py.entries.append(["pkgs", "debian-bookworm", ["ca-certificates", "netbase", "tzdata"],
                           {"recommends": False}])
    elif variant == "-alpine":
        py.entries.append(["pkgs", "alpine-3.19", ["ca-certificates", "tzdata"], {}])
    py.x(f"/usr/local/bin/python{version}", 17_000)
    py.l("/usr/local/bin/python3", f"python{version}")
    py.l("/usr/local/bin/python", "python3")
    py.f(f"/usr/local/lib/libpython{version}.so.1.0", libpython if full_image else 20_000_000)
    py.bulk(f"/usr/local/lib/python{version}", "module", 400, 48_000_000 if full_image else 14_000_000, ".py")
    py.bulk(f"/usr/local/lib/python{version}/lib-dynload", "extension", 70, 14_000_000 if full_image else 4_000_000, ".so")
    if full_image:
        py.bulk(f"/usr/local/lib/python{version}/test", "test", 300, 30_000_000, ".py")
    py.bulk(f"/usr/local/include/python{version}", "header", 90, 1_600_000, ".h")
    py.t("/usr/local/bin/pip", f"#!/usr/local/bin/python{version}\nfrom pip._internal.cli.main import main\nmain()\n", "0755")
    py.l("/usr/local/bin/pip3", "pip")
    py.bulk(f"/usr/local/lib/python{version}/site-packages/pip", "module", 200, 14_000_000 if full_image else 7_000_000, ".py")
    links = Layer(f"python-{version}{variant}-links", "RUN /bin/sh -c set -eux; for src in idle3 pydoc3 python3 python3-config; do dst=\"$(echo \"$src\" | tr -d 3)\"; [ -s \"/usr/local/bin/$src\" ]; [ ! -e \"/usr/local/bin/$dst\" ]; ln -svT \"$src\" \"/usr/local/bin/$dst\"; done # buildkit")
    links.l("/usr/local/bin/pydoc", "pydoc3").t("/usr/local/bin/pydoc3", f"#!/usr/local/bin/python{version}\nimport pydoc\npydoc.cli()\n", "0755")
    return [py, links]


def busybox_image():
    layer = Layer("busybox-1.36-rootfs", "BusyBox 1.36.1 (glibc), Debian 1.36.1-6")
    layer.d("/bin").d("/etc").d("/home").d("/lib").d("/root", "0700").d("/tmp", "1777")
    layer.d("/usr").d("/usr/sbin").d("/var").d("/var/spool").d("/var/spool/mail").d("/var/www")
    layer.x("/bin/busybox", 1_120_000)
    busybox_applets(layer, "/bin/busybox")
    for name, size in [("ld-linux-x86-64.so.2", 210_968), ("libc.so.6", 1_922_136),
                       ("libm.so.6", 907_784), ("libresolv.so.2", 68_104),
                       ("libnss_files.so.2", 14_320), ("libnss_dns.so.2", 14_392)]:
        layer.f(f"/lib/{name}", size)
    layer.l("/lib64", "lib")
    layer.t("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
            "bin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\n"
            "mail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\n"
            "operator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n")
    layer.t("/etc/group", "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\n"
            "wheel:x:10:root\nmail:x:8:\nwww-data:x:33:\noperator:x:37:\nusers:x:100:\nnogroup:x:65534:\n")
    layer.t("/etc/shadow", "root:*:10933:0:99999:7:::\n", "0600")
    layer.t("/etc/hostname", "localhost\n").t("/etc/localtime", "UTC0\n")
    return layer


ALPINE_PASSWD = ("root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\n"
            "daemon:x:2:2:daemon:/sbin:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\n"
            "sync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\n"
            "halt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/mail:/sbin/nologin\n"
            "news:x:9:13:news:/usr/lib/news:/sbin/nologin\nuucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\n"
            "cron:x:16:16:cron:/var/spool/cron:/sbin/nologin\nftp:x:21:21::/var/lib/ftp:/sbin/nologin\n"
            "sshd:x:22:22:sshd:/dev/null:/sbin/nologin\ngames:x:35:35:games:/usr/games:/sbin/nologin\n"
            "ntp:x:123:123:NTP:/var/empty:/sbin/nologin\nguest:x:405:100:guest:/dev/null:/sbin/nologin\n"
            "nobody:x:65534:65534:nobody:/:/sbin/nologin\n")
ALPINE_GROUP = ("root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\n"
            "sys:x:3:root,bin\nadm:x:4:root,daemon\ntty:x:5:\ndisk:x:6:root\nlp:x:7:lp\nkmem:x:9:\n"
            "wheel:x:10:root\nfloppy:x:11:root\nmail:x:12:mail\nnews:x:13:news\nuucp:x:14:uucp\n"
            "cron:x:16:cron\naudio:x:18:\ncdrom:x:19:\ndialout:x:20:root\nftp:x:21:\nsshd:x:22:\n"
            "input:x:23:\ntape:x:26:root\nvideo:x:27:root\nnetdev:x:28:\nkvm:x:34:kvm\ngames:x:35:\n"
            "shadow:x:42:\nwww-data:x:82:\nusers:x:100:games\nntp:x:123:\nabuild:x:300:\n"
            "utmp:x:406:\nping:x:999:\nnogroup:x:65533:\nnobody:x:65534:\n")


# Alpine releases: the minirootfs version and its libcrypto's size (the
# one file that changes much between them). Stagecraft's apk data is
# 3.19's; it stands in for the others.
ALPINE = {"3.18": ("3.18.6", 4_100_000), "3.19": ("3.19.1", 4_428_376), "3.20": ("3.20.1", 4_700_000)}


def alpine_image(version="3.19"):
    full, libcrypto = ALPINE[version]
    layer = Layer(f"alpine-{version}-rootfs", f"ADD file:alpine-minirootfs-{full}-x86_64.tar.gz in / ")
    for d in ["/bin", "/dev", "/etc", "/etc/apk", "/etc/apk/keys", "/etc/apk/protected_paths.d",
              "/etc/profile.d", "/etc/ssl", "/etc/ssl/certs", "/home", "/lib", "/lib/apk",
              "/lib/apk/db", "/media", "/mnt", "/opt", "/proc", "/run", "/sbin", "/srv", "/sys",
              "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin", "/usr/local/lib",
              "/usr/local/share", "/usr/sbin", "/usr/share", "/var", "/var/cache",
              "/var/cache/apk", "/var/lib", "/var/lib/apk", "/var/log", "/var/spool", "/var/opt"]:
        layer.d(d)
    layer.d("/root", "0700").d("/tmp", "1777").d("/var/tmp", "1777")
    # alpine-baselayout: /var/run and /var/lock lead to /run.
    layer.d("/run/lock").l("/var/run", "../run").l("/var/lock", "../run/lock")
    layer.x("/bin/busybox", 808_712)
    busybox_applets(layer, "/bin/busybox")
    layer.x("/lib/ld-musl-x86_64.so.1", 604_656).l("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
    for name, size in [("libcrypto.so.3", libcrypto), ("libssl.so.3", 618_704),
                       ("libz.so.1.3.1", 100_472), ("libapk.so.2.14.0", 210_232)]:
        layer.f(f"/lib/{name}", size, "0755")
    layer.l("/lib/libz.so.1", "libz.so.1.3.1")
    layer.x("/sbin/apk", 69_464).x("/sbin/ldconfig", 393).x("/usr/bin/ssl_client", 14_264)
    layer.x("/usr/bin/scanelf", 71_080).x("/usr/bin/getent", 45_232).x("/usr/bin/ldd", 604)
    layer.x("/usr/bin/iconv", 24_000).x("/usr/bin/getconf", 38_000)
    layer.f("/usr/lib/engines-3/afalg.so", 23_000).f("/usr/lib/ossl-modules/legacy.so", 104_000)
    layer.f("/etc/ssl/cert.pem", 222_352).f("/etc/ssl/certs/ca-certificates.crt", 222_352)
    layer.bulk("/etc/apk/keys", "alpine-devel@lists.alpinelinux.org", 3, 2_400, ".rsa.pub")
    layer.t("/etc/apk/repositories", f"https://dl-cdn.alpinelinux.org/alpine/v{version}/main\n"
            f"https://dl-cdn.alpinelinux.org/alpine/v{version}/community\n")
    layer.t("/etc/apk/world", "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nca-certificates-bundle\n"
            "libc-utils\nlibcrypto3\nlibssl3\nmusl\nmusl-utils\nscanelf\nssl_client\nzlib\n")
    layer.t("/etc/apk/arch", "x86_64\n")
    layer.t("/lib/apk/db/installed", "".join(
        f"P:{name}\nV:{APK['packages'][name]['version']}\nA:x86_64\n"
        f"S:{APK['packages'][name]['deb_size']}\nI:{APK['packages'][name]['installed_kb'] * 1024}\n"
        f"T:{name}\n\n" for name in APK["base"]))
    layer.f("/lib/apk/db/scripts.tar", 12_288)
    layer.t("/lib/apk/db/triggers", "").t("/lib/apk/db/lock", "", "0600")
    layer.t("/etc/alpine-release", f"{full}\n")
    layer.t("/etc/os-release", f'NAME="Alpine Linux"\nID=alpine\nVERSION_ID={full}\n'
            f'PRETTY_NAME="Alpine Linux v{version}"\nHOME_URL="https://alpinelinux.org/"\n')
    layer.t("/etc/passwd", ALPINE_PASSWD)
    layer.t("/etc/group", ALPINE_GROUP)
    layer.t("/etc/shadow", "root:*::0:::::\n", "0640", 0, 42)
    layer.t("/etc/profile", 'export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n'
            'export PAGER=less\numask 022\nfor script in /etc/profile.d/*.sh ; do\n  if [ -r "$script" ] ; then\n    . "$script"\n  fi\ndone\n')
    layer.t("/etc/hostname", "localhost\n").t("/etc/shells", "/bin/sh\n/bin/ash\n")
    layer.t("/etc/motd", "Welcome to Alpine!\n")
    layer.bulk("/usr/share/apk/keys", "key", 20, 16_000, ".rsa.pub")
    layer.bulk("/usr/share/udhcpc", "script", 1, 4_000)
    return layer


# What distroless images leave out of the Debian packages they unpack.
DISTROLESS_EXCLUDE = """path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
"""


def distroless_files(layer, names):
    layer.entries.append(["pkgs", "debian-bookworm", list(names),
                          {"files_only": True, "exclude": DISTROLESS_EXCLUDE}])
    return layer


def distroless_layers():
    """gcr.io/distroless (bookworm): chosen Debian packages unpacked by
    Bazel rules: no shell, no package manager, a nonroot user."""
    static = Layer("distroless-static-debian12", "bazel build //base:static_root_amd64_debian12")
    for link, target in [("/bin", "usr/bin"), ("/sbin", "usr/sbin"), ("/lib", "usr/lib")]:
        static.d(f"/{target}")
        static.l(link, target)
    static.d("/root", "0700").d("/tmp", "1777").d("/home/nonroot", "0700", 65532, 65532)
    static.d("/var/lib/dpkg/status.d")
    distroless_files(static, ["base-files", "netbase", "tzdata", "media-types"])
    static.t("/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n"
             "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
             "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")
    static.t("/etc/group", "root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n")
    static.t("/usr/lib/os-release", 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\n'
             'VERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\n'
             'HOME_URL="https://github.com/GoogleContainerTools/distroless"\n')
    static.l("/etc/os-release", "../usr/lib/os-release")
    static.f("/etc/ssl/certs/ca-certificates.crt", 213_000)
    base = Layer("distroless-base-debian12", "bazel build //base:base_root_amd64_debian12")
    distroless_files(base, ["libc6", "libssl3", "openssl"])
    cc = Layer("distroless-cc-debian12", "bazel build //cc:cc_root_amd64_debian12")
    distroless_files(cc, ["libgcc-s1", "libgomp1", "libstdc++6"])
    return static, base, cc


DISTROLESS_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"]


def distroless_images(static, base, cc):
    images = []
    for name, layers, libc, target, what in [
            ("static-debian12", [static], "none", 2.0,
             "statically linked programs (Go with CGO_ENABLED=0, Rust on musl)"),
            ("base-debian12", [static, base], "glibc", 20.0,
             "programs linked against glibc and OpenSSL"),
            ("cc-debian12", [static, base, cc], "glibc", 23.0,
             "C and C++ programs (and Rust on glibc) that need libstdc++ and libgcc")]:
        for tags, user in [(["latest", "debian12"], None), (["nonroot"], "65532")]:
            config = {"Env": DISTROLESS_ENV, "WorkingDir": "/"}
            if user:
                config["User"] = user
                config["WorkingDir"] = "/home/nonroot"
            images.append({
                "name": f"gcr.io/distroless/{name}", "tags": tags, "family": "distroless",
                "description": f"Distroless {name}: only what {what} need at run time. No shell, "
                               "no package manager: RUN cannot run here." +
                               (" Runs as nonroot (65532)." if user else ""),
                "libc": libc, "shell": "dash",
                "config": config,
                "layers": [l.id for l in layers], "target_mb": target,
            })
    return images


NGINX_DEFAULT_CONF = """server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
"""
NGINX_INDEX = ("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n"
               "<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is "
               "successfully installed and working.</p>\n</body>\n</html>\n")
NGINX_ENTRYPOINT = ("#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n\nif [ \"$1\" = \"nginx\" ] || "
                    "[ \"$1\" = \"nginx-debug\" ]; then\n    if /usr/bin/find \"/docker-entrypoint.d/\" "
                    "-mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read v; then\n"
                    "        echo \"$0: Launching /docker-entrypoint.d/\"\n    fi\nfi\n\nexec \"$@\"\n")


def nginx_layers(alpine):
    """nginx 1.25 as the official images install it: the server with its
    dynamic modules (njs, image-filter...), envsubst, curl; a user nginx
    (101), the default site and the entrypoint scripts."""
    suffix = "-alpine" if alpine else ""
    install = Layer(f"nginx-1.25{suffix}-install",
                    "RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && useradd --system "
                    "--gid nginx --no-create-home --home /nonexistent --shell /bin/false --uid 101 nginx "
                    "&& apt-get update && apt-get install --no-install-recommends --no-install-suggests -y "
                    "nginx nginx-module-xslt nginx-module-geoip nginx-module-image-filter nginx-module-njs "
                    "gettext-base curl && rm -rf /var/lib/apt/lists/* && ln -sf /dev/stdout "
                    "/var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log # buildkit")
    if alpine:
        install.entries.append(["pkgs", "alpine-3.19", ["nginx", "nginx-module-njs",
                                                         "nginx-module-image-filter",
                                                         "gettext-envsubst", "curl", "tzdata"], {}])
        # The Alpine image also ships debug builds of nginx and its modules.
        install.f("/usr/sbin/nginx-debug", 8_600_000, "0755")
        install.bulk("/usr/lib/nginx/modules", "ngx_debug_module", 6, 6_000_000, "-debug.so")
        install.t("/etc/passwd", ALPINE_PASSWD + "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n")
        install.t("/etc/group", ALPINE_GROUP + "nginx:x:101:nginx\n")
    else:
        install.entries.append(["pkgs", "debian-bookworm", NGINX_DEBIAN, {"recommends": False}])
        install.t("/etc/passwd", passwd("nginx:x:101:101:nginx user:/nonexistent:/bin/false"))
        install.t("/etc/group", group("nginx:x:101:"))
    install.d("/var/log/nginx").l("/var/log/nginx/access.log", "/dev/stdout")
    install.l("/var/log/nginx/error.log", "/dev/stderr")
    install.d("/var/cache/nginx", "0700", 101, 0)
    install.t("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF)
    install.t("/usr/share/nginx/html/index.html", NGINX_INDEX)
    install.t("/usr/share/nginx/html/50x.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n")
    entry = Layer(f"nginx-1.25{suffix}-entrypoint", "COPY docker-entrypoint.sh / # buildkit")
    entry.t("/docker-entrypoint.sh", NGINX_ENTRYPOINT, "0775")
    scripts = Layer(f"nginx-1.25{suffix}-entrypoint-scripts",
                    "COPY 10-listen-on-ipv6-by-default.sh 20-envsubst-on-templates.sh "
                    "30-tune-worker-processes.sh /docker-entrypoint.d # buildkit")
    for name, size in [("10-listen-on-ipv6-by-default.sh", 2125), ("15-local-resolvers.envsh", 389),
                       ("20-envsubst-on-templates.sh", 3018), ("30-tune-worker-processes.sh", 4620)]:
        scripts.f(f"/docker-entrypoint.d/{name}", size, "0775")
    return [install, entry, scripts]


def temurin_layers(version, jdk):
    """Eclipse Temurin (Adoptium) on Ubuntu noble: the tools its Dockerfile
    installs, then the JDK or JRE unpacked in /opt/java/openjdk. Sizes of
    the runtime are approximations of the real tarballs."""
    kind = "jdk" if jdk else "jre"
    full = {"21": "21.0.4_7", "17": "17.0.12_7"}[version]
    tools = Layer(f"temurin-noble-tools",
                  "RUN /bin/sh -c set -eux; apt-get update; DEBIAN_FRONTEND=noninteractive apt-get "
                  "install -y --no-install-recommends tzdata curl wget ca-certificates fontconfig "
                  "locales; echo \"en_US.UTF-8 UTF-8\" >> /etc/locale.gen; locale-gen en_US.UTF-8; "
                  "rm -rf /var/lib/apt/lists/* # buildkit")
    tools.entries.append(["pkgs", "debian-bookworm",
                          ["tzdata", "curl", "wget", "ca-certificates", "fontconfig", "locales"],
                          {"recommends": False}])
    tools.f("/usr/lib/locale/locale-archive", 3_060_000)
    java = Layer(f"temurin-{version}-{kind}",
                 f"RUN /bin/sh -c set -eux; BINARY_URL='https://github.com/adoptium/temurin{version}-binaries/"
                 f"releases/download/jdk-{full.replace('_', '%2B')}/OpenJDK{version}U-{kind}_x64_linux_hotspot_{full}.tar.gz'; "
                 "wget -O /tmp/openjdk.tar.gz ${BINARY_URL}; tar --extract --file /tmp/openjdk.tar.gz "
                 "--directory /opt/java/openjdk --strip-components 1 --no-same-owner; rm -f /tmp/openjdk.tar.gz # buildkit")
    home = "/opt/java/openjdk"
    java.t(f"{home}/release", f'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="{full.split("_")[0]}"\n')
    java.x(f"{home}/bin/java", 13_000)
    java.f(f"{home}/lib/server/libjvm.so", 22_500_000, "0755")
    java.f(f"{home}/lib/modules", {("21", True): 140_000_000, ("21", False): 112_000_000,
                                   ("17", True): 128_000_000, ("17", False): 104_000_000}[(version, jdk)])
    java.bulk(f"{home}/lib", "native", 60, 24_000_000 if jdk else 16_000_000, ".so")
    java.bulk(f"{home}/legal", "notice", 70, 900_000)
    java.f(f"{home}/lib/security/cacerts", 170_000)
    if jdk:
        for tool in ["javac", "jar", "jlink", "jdeps", "jshell", "javadoc", "jcmd", "jstack"]:
            java.x(f"{home}/bin/{tool}", 13_000)
        java.bulk(f"{home}/jmods", "module", 70, 90_000_000 if version == "21" else 80_000_000, ".jmod")
        java.f(f"{home}/lib/src.zip", 58_000_000)
        java.bulk(f"{home}/include", "header", 10, 250_000, ".h")
        java.f(f"{home}/lib/ct.sym", 14_000_000)
    return [tools, java]


def maven_layers():
    layer = Layer("maven-3.9", "RUN /bin/sh -c set -eux; curl -fsSLO --compressed "
                  "https://downloads.apache.org/maven/maven-3/3.9.8/binaries/apache-maven-3.9.8-bin.tar.gz; "
                  "mkdir -p /usr/share/maven; tar -xzf apache-maven-*-bin.tar.gz -C /usr/share/maven "
                  "--strip-components=1; ln -s /usr/share/maven/bin/mvn /usr/bin/mvn # buildkit")
    layer.x("/usr/share/maven/bin/mvn", 6_500)
    layer.l("/usr/bin/mvn", "/usr/share/maven/bin/mvn")
    layer.bulk("/usr/share/maven/lib", "maven-lib", 60, 9_800_000, ".jar")
    layer.f("/usr/share/maven/boot/plexus-classworlds.jar", 52_000)
    layer.d("/root/.m2")
    return [layer]


def gcc_layers():
    """GCC 14 built from source into /usr/local over buildpack-deps:bookworm,
    as the official gcc image does (C, C++, Fortran, Go and LTO), with
    ldconfig's entry and update-alternatives pointing /usr/bin/gcc at it.
    Sizes approximate the real image's layer."""
    v, triple = "14.2.0", "x86_64-pc-linux-gnu"
    layer = Layer("gcc-14-toolchain",
                  "RUN /bin/sh -c set -ex; savedAptMark=\"$(apt-mark showmanual)\"; apt-get update; "
                  "apt-get install -y --no-install-recommends dpkg-dev flex; ... ./configure --prefix=/usr/local "
                  "--enable-languages=c,c++,fortran,go ...; make -j \"$(nproc)\"; make install-strip; ... # buildkit")
    for tool in ["gcc", "g++", "cpp", "gfortran", "gccgo", "gcc-ar", "gcc-nm", "gcc-ranlib", "gcov"]:
        layer.x(f"/usr/local/bin/{tool}", 1_300_000)
    layer.x(f"/usr/local/bin/{triple}-gcc-{v}", 1_300_000)
    layer.l("/usr/local/bin/cc", "gcc").l("/usr/local/bin/c++", "g++")
    libexec = f"/usr/local/libexec/gcc/{triple}/{v}"
    for tool, size in [("cc1", 36_000_000), ("cc1plus", 39_000_000), ("f951", 40_000_000),
                       ("go1", 38_000_000), ("lto1", 34_000_000), ("collect2", 1_100_000),
                       ("lto-wrapper", 1_000_000)]:
        layer.x(f"{libexec}/{tool}", size)
    lib = f"/usr/local/lib/gcc/{triple}/{v}"
    for header, size in [("stddef.h", 13_600), ("stdarg.h", 4_200), ("stdbool.h", 1_200),
                         ("float.h", 21_000), ("stdint.h", 330), ("limits.h", 6_300),
                         ("stdatomic.h", 9_200), ("stdalign.h", 1_300)]:
        layer.f(f"{lib}/include/{header}", size)
    layer.bulk(f"{lib}/include", "intrinsics", 120, 9_000_000, ".h")
    layer.bulk(lib, "crt", 6, 60_000, ".o").f(f"{lib}/libgcc.a", 5_400_000)
    layer.f("/usr/local/lib64/libstdc++.so.6.0.33", 20_000_000)
    layer.l("/usr/local/lib64/libstdc++.so.6", "libstdc++.so.6.0.33")
    layer.f("/usr/local/lib64/libstdc++.a", 60_000_000)
    layer.f("/usr/local/lib64/libgo.so.23.0.0", 75_000_000).f("/usr/local/lib64/libgo.a", 70_000_000)
    layer.f("/usr/local/lib64/libgfortran.so.5.0.0", 8_000_000).f("/usr/local/lib64/libgfortran.a", 12_000_000)
    layer.bulk("/usr/local/lib64", "runtime", 40, 30_000_000, ".so")
    layer.bulk(f"/usr/local/include/c++/{v}", "header", 700, 16_000_000)
    layer.bulk("/usr/local/lib64/go", "package", 300, 26_000_000, ".gox")
    layer.bulk("/usr/local/share/man/man1", "page", 12, 1_200_000, ".1")
    layer.bulk("/usr/local/share/info", "info", 10, 6_000_000)
    layer.bulk("/usr/local/share/locale", "messages", 40, 14_000_000, ".mo")
    layer.t("/etc/ld.so.conf.d/000-local-lib.conf", "/usr/local/lib64\n/usr/local/lib\n")
    return [layer]


def rust_layers(variant):
    """Rust 1.75 installed by rustup (minimal profile) into /usr/local:
    rustc with LLVM, the standard library for the host, cargo. On slim
    images gcc and libc6-dev come first (rustc links with cc); on Alpine,
    gcc and musl-dev. Toolchain sizes are approximations of the real one."""
    host = "x86_64-unknown-linux-musl" if variant == "-alpine" else "x86_64-unknown-linux-gnu"
    layers = []
    if variant == "-slim":
        deps = Layer("rust-1.75-slim-deps", "RUN /bin/sh -c apt-get update; apt-get install -y "
                     "--no-install-recommends ca-certificates gcc libc6-dev wget; rm -rf /var/lib/apt/lists/* # buildkit")
        deps.entries.append(["pkgs", "debian-bookworm", ["ca-certificates", "gcc", "libc6-dev", "wget"],
                             {"recommends": False}])
        layers.append(deps)
    elif variant == "-alpine":
        deps = Layer("rust-1.75-alpine-deps", "RUN /bin/sh -c apk add --no-cache ca-certificates gcc musl-dev # buildkit")
        deps.entries.append(["pkgs", "alpine-3.19", ["ca-certificates", "gcc", "musl-dev"], {}])
        layers.append(deps)
    tc = Layer(f"rust-1.75{variant}-toolchain",
               f"RUN /bin/sh -c set -eux; url=\"https://static.rust-lang.org/rustup/archive/1.26.0/{host}/rustup-init\"; "
               "wget \"$url\"; chmod +x rustup-init; ./rustup-init -y --no-modify-path --profile minimal "
               f"--default-toolchain 1.75.0 --default-host {host}; rm rustup-init; chmod -R a+w $RUSTUP_HOME $CARGO_HOME # buildkit")
    home = f"/usr/local/rustup/toolchains/1.75.0-{host}"
    tc.x(f"{home}/bin/rustc", 650_000).x(f"{home}/bin/cargo", 34_000_000)
    tc.x(f"{home}/bin/rustdoc", 14_000_000)
    tc.f(f"{home}/lib/librustc_driver-7b5dbb1a1c1bd4c7.so", 180_000_000, "0755")
    tc.f(f"{home}/lib/libLLVM-17-rust-1.75.0-stable.so", 120_000_000, "0755")
    tc.bulk(f"{home}/lib/rustlib/{host}/lib", "std", 40, 130_000_000, ".rlib")
    tc.bulk(f"{home}/lib/rustlib/{host}/bin", "tool", 4, 28_000_000)
    tc.bulk(f"{home}/share", "doc", 20, 1_000_000)
    tc.t("/usr/local/rustup/settings.toml", 'default_toolchain = "1.75.0-%s"\nprofile = "minimal"\nversion = "12"\n' % host)
    for tool in ["cargo", "rustc", "rustdoc", "rustup", "rust-gdb", "rust-lldb", "cargo-clippy", "rustfmt"]:
        tc.x(f"/usr/local/cargo/bin/{tool}", 8_200_000 if tool == "rustup" else 0)
    layers.append(tc)
    return layers


HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n"


def httpd_layers():
    """httpd 2.4 as its official image builds it on bookworm-slim: the
    libraries it keeps (apt-mark manual after the build), then Apache
    compiled into /usr/local/apache2 (sizes approximated)."""
    deps = Layer("httpd-2.4-deps", "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y "
                 "--no-install-recommends ca-certificates libaprutil1-ldap libldap-common; "
                 "rm -rf /var/lib/apt/lists/* # buildkit")
    packages(deps, ["ca-certificates", "libaprutil1-ldap", "libldap-common", "libapr1", "libaprutil1",
                    "libbrotli1", "libcurl4", "libjansson4", "libnghttp2-14", "libpcre2-8-0",
                    "libssl3", "libxml2"])
    build = Layer("httpd-2.4-build", "RUN /bin/sh -c set -eux; savedAptMark=\"$(apt-mark showmanual)\"; "
                  "apt-get install -y --no-install-recommends bzip2 dpkg-dev gcc libapr1-dev "
                  "libaprutil1-dev make wget; wget -O httpd.tar.bz2 \"https://dlcdn.apache.org/httpd/httpd-2.4.62.tar.bz2\"; "
                  "./configure --prefix=\"$HTTPD_PREFIX\" --enable-mods-shared=reallyall --enable-mpms-shared=all; "
                  "make -j \"$(nproc)\"; make install; apt-get purge -y --auto-remove; httpd -v # buildkit")
    root = "/usr/local/apache2"
    build.x(f"{root}/bin/httpd", 2_900_000)
    for tool in ["apachectl", "apxs", "envvars", "envvars-std"]:
        build.t(f"{root}/bin/{tool}", f"#!/bin/sh\n# {tool} for Apache httpd 2.4\n", "0755")
    for tool, size in [("ab", 90_000), ("htpasswd", 60_000), ("htdigest", 30_000), ("rotatelogs", 40_000),
                       ("htcacheclean", 60_000), ("logresolve", 20_000), ("httxt2dbm", 20_000),
                       ("checkgid", 20_000), ("fcgistarter", 20_000), ("htdbm", 60_000)]:
        build.x(f"{root}/bin/{tool}", size)
    build.bulk(f"{root}/modules", "mod", 110, 9_400_000, ".so")
    build.bulk(f"{root}/manual", "page", 600, 14_500_000, ".html")
    build.bulk(f"{root}/include", "header", 100, 1_600_000, ".h")
    build.bulk(f"{root}/error", "error", 40, 200_000, ".html.var")
    build.bulk(f"{root}/icons", "icon", 200, 900_000, ".png")
    build.bulk(f"{root}/build", "build", 10, 200_000)
    build.t(f"{root}/htdocs/index.html", HTTPD_INDEX)
    build.f(f"{root}/conf/httpd.conf", 20_000).f(f"{root}/conf/mime.types", 60_000)
    build.d(f"{root}/logs").d(f"{root}/cgi-bin")
    foreground = Layer("httpd-2.4-foreground", "COPY httpd-foreground /usr/local/bin/ # buildkit")
    foreground.t("/usr/local/bin/httpd-foreground", "#!/bin/sh\nset -e\n\n# Apache gets grumpy about PID files pre-existing\nrm -f /usr/local/apache2/logs/httpd.pid\n\nexec httpd -DFOREGROUND \"$@\"\n", "0755")
    return [deps, build, foreground]


def distroless_language_layers(static, base, cc):
    """The language images of distroless: Node.js 20 (nodejs.org's build
    in /nodejs, no npm), Python 3 (Debian's python3.11 packages), Java 21
    (Temurin's JRE). Sizes of the Node.js and Java runtimes approximated."""
    nodejs = Layer("distroless-nodejs20-debian12", "bazel build //nodejs:nodejs20_root_amd64_debian12")
    nodejs.x("/nodejs/bin/node", NODE["20"][1])
    nodejs.bulk("/nodejs/include/node", "header", 200, 5_600_000, ".h")
    nodejs.f("/nodejs/CHANGELOG.md", 380_000).f("/nodejs/LICENSE", 120_000).f("/nodejs/README.md", 38_000)
    python = Layer("distroless-python3-debian12", "bazel build //python3:python3_root_amd64_debian12")
    distroless_files(python, ["python3.11-minimal", "libpython3.11-minimal", "libpython3.11-stdlib",
                              "libbz2-1.0", "libdb5.3", "libexpat1", "libffi8", "liblzma5", "libmpdec3",
                              "libncursesw6", "libreadline8", "libsqlite3-0", "libtinfo6", "libuuid1",
                              "zlib1g", "libcrypt1", "libnsl2", "libtirpc3"])
    python.l("/usr/bin/python3", "python3.11").l("/usr/bin/python", "python3.11")
    java = Layer("distroless-java21-debian12", "bazel build //java:java21_root_amd64_debian12")
    distroless_files(java, ["fontconfig-config", "libfontconfig1", "libfreetype6", "libpng16-16",
                            "libexpat1", "zlib1g", "libbrotli1", "libjpeg62-turbo"])
    home = "/usr/lib/jvm/temurin21_jre_amd64"
    java.x(f"{home}/bin/java", 13_000)
    java.f(f"{home}/lib/server/libjvm.so", 22_500_000, "0755")
    java.f(f"{home}/lib/modules", 112_000_000)
    java.bulk(f"{home}/lib", "native", 60, 16_000_000, ".so")
    java.f(f"{home}/lib/security/cacerts", 170_000)
    java.bulk(f"{home}/legal", "notice", 70, 900_000)
    java.l("/usr/bin/java", f"{home}/bin/java")
    images = []
    for name, layer, target, what, entrypoint in [
            ("nodejs20-debian12", nodejs, 130, "Node.js 20 (no npm: install dependencies in a build stage)",
             ["/nodejs/bin/node"]),
            ("python3-debian12", python, 53, "Python 3.11 from Debian (no pip: copy a venv or site-packages in)",
             ["/usr/bin/python3.11"]),
            ("java21-debian12", java, 190, "a Java 21 runtime (Temurin JRE); run a jar",
             ["/usr/bin/java", "-jar"])]:
        for tags, user in [(["latest", "debian12"], None), (["nonroot"], "65532")]:
            config = {"Env": DISTROLESS_ENV, "WorkingDir": "/", "Entrypoint": entrypoint}
            if user:
                config["User"] = user
                config["WorkingDir"] = "/home/nonroot"
            images.append({
                "name": f"gcr.io/distroless/{name}", "tags": tags, "family": "distroless",
                "description": f"Distroless {name}: {what}. No shell, no package manager: RUN cannot "
                               "run here." + (" Runs as nonroot (65532)." if user else ""),
                "libc": "glibc", "shell": "dash", "config": config,
                "layers": [static.id, base.id, cc.id, layer.id], "target_mb": target,
            })
    return [nodejs, python, java], images


DOTNET_RUNTIME = "8.0.7"
DOTNET_SDK = "8.0.303"


# uv's own images (ghcr.io/astral-sh/uv): the static binaries alone FROM
# scratch, and the same two binaries in /usr/local/bin of Python, Debian
# and Alpine images. Sizes of uv 0.5.11's x86_64 musl build.
UV_VERSION = "0.5.11"
UV_BYTES = 36_700_000
UVX_BYTES = 340_000


def uv_images_of(bases, python_stacks, python_env):
    minor = UV_VERSION.rsplit(".", 1)[0]
    alone = Layer(f"uv-{UV_VERSION}-binaries", f"COPY /uv /uvx / # buildkit")
    alone.f("/uv", UV_BYTES, "0755")
    alone.f("/uvx", UVX_BYTES, "0755")
    local = Layer(f"uv-{UV_VERSION}-usr-local", f"COPY /uv /uvx /usr/local/bin/ # buildkit")
    local.f("/usr/local/bin/uv", UV_BYTES, "0755")
    local.f("/usr/local/bin/uvx", UVX_BYTES, "0755")
    name = "ghcr.io/astral-sh/uv"
    uv_config = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                         "UV_TOOL_BIN_DIR=/usr/local/bin"],
                 "Entrypoint": [], "Cmd": ["/usr/local/bin/uv"]}

    def tags(flavour):
        return [flavour, f"{minor}-{flavour}", f"{UV_VERSION}-{flavour}"]

    images = [{
        "name": name, "tags": ["latest", minor, UV_VERSION], "family": "uv",
        "description": f"uv {UV_VERSION} alone: the static uv and uvx binaries FROM scratch, "
                       "for COPY --from=ghcr.io/astral-sh/uv /uv /uvx /bin/.",
        "libc": "none", "shell": "dash",
        "config": {"Entrypoint": ["/uv"]},
        "layers": [alone.id], "target_mb": 37,
    }]
    for flavour, variant, distro, target in [("debian", "", "buildpack-deps:bookworm (Debian with build tools)", 930),
                                             ("debian-slim", "-slim", "Debian bookworm-slim", 112),
                                             ("alpine", "-alpine", "Alpine 3.19", 45)]:
        extra = {"debian": ["bookworm"], "debian-slim": ["bookworm-slim"], "alpine": ["alpine3.19"]}[flavour]
        images.append({
            "name": name, "tags": [t for f in [flavour] + extra for t in tags(f)], "family": "uv",
            "description": f"uv {UV_VERSION} in /usr/local/bin of {distro}.",
            "libc": "musl" if variant == "-alpine" else "glibc",
            "shell": "ash" if variant == "-alpine" else "dash",
            "config": uv_config,
            "layers": bases[variant] + [local.id], "target_mb": target,
        })
    for (version, variant), (stack, full) in sorted(python_stacks.items()):
        if version not in ("3.11", "3.12", "3.13"):
            continue
        flavour = {"": "bookworm", "-slim": "bookworm-slim", "-alpine": "alpine"}[variant]
        base_mb = {"": 1020, "-slim": 130, "-alpine": 55}[variant]
        images.append({
            "name": name, "tags": tags(f"python{version}-{flavour}"), "family": "uv",
            "description": f"uv {UV_VERSION} in /usr/local/bin of python:{version}{variant or ''}.",
            "libc": "musl" if variant == "-alpine" else "glibc",
            "shell": "ash" if variant == "-alpine" else "dash",
            "config": {"Env": [e.replace("3.12.4", full) for e in python_env["Env"]] + ["UV_TOOL_BIN_DIR=/usr/local/bin"],
                       "Entrypoint": [], "Cmd": ["/usr/local/bin/uv"]},
            "layers": stack + [local.id], "target_mb": base_mb + 37,
        })
    return [alone, local], images


def dotnet_layers():
    """mcr.microsoft.com/dotnet 8.0 on bookworm-slim: runtime-deps (the
    libraries .NET needs and the app user), runtime, aspnet, sdk. The .NET
    file sets are approximations of the real ones."""
    deps = Layer("dotnet-8.0-runtime-deps", "RUN /bin/sh -c apt-get update && apt-get install -y "
                 "--no-install-recommends ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 "
                 "tzdata zlib1g && rm -rf /var/lib/apt/lists/* # buildkit")
    packages(deps, ["ca-certificates", "libc6", "libgcc-s1", "libicu72", "libssl3", "libstdc++6",
                    "tzdata", "zlib1g"])
    user = Layer("dotnet-8.0-app-user", "RUN /bin/sh -c groupadd --gid=$APP_UID app && useradd -l "
                 "--uid=$APP_UID --gid=$APP_UID --create-home app # buildkit")
    user.t("/etc/passwd", passwd("app:x:1654:1654::/home/app:/bin/sh"))
    user.t("/etc/group", group("app:x:1654:"))
    user.d("/home/app", "0700", 1654, 1654)
    runtime = Layer("dotnet-8.0-runtime", f"RUN /bin/sh -c curl -fSL --output dotnet.tar.gz "
                    f"https://dotnetcli.azureedge.net/dotnet/Runtime/{DOTNET_RUNTIME}/dotnet-runtime-{DOTNET_RUNTIME}-linux-x64.tar.gz "
                    "&& mkdir -p /usr/share/dotnet && tar -oxzf dotnet.tar.gz -C /usr/share/dotnet "
                    "&& rm dotnet.tar.gz && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet # buildkit")
    runtime.x("/usr/share/dotnet/dotnet", 73_000)
    runtime.l("/usr/bin/dotnet", "/usr/share/dotnet/dotnet")
    runtime.f("/usr/share/dotnet/host/fxr/8.0.7/libhostfxr.so", 480_000, "0755")
    shared = f"/usr/share/dotnet/shared/Microsoft.NETCore.App/{DOTNET_RUNTIME}"
    runtime.f(f"{shared}/libcoreclr.so", 7_300_000, "0755").f(f"{shared}/libclrjit.so", 3_900_000, "0755")
    runtime.f(f"{shared}/System.Private.CoreLib.dll", 15_700_000)
    runtime.bulk(shared, "System.Library", 160, 43_000_000, ".dll")
    runtime.f("/usr/share/dotnet/LICENSE.txt", 1_100).f("/usr/share/dotnet/ThirdPartyNotices.txt", 45_000)
    aspnet = Layer("dotnet-8.0-aspnetcore", f"RUN /bin/sh -c curl -fSL --output aspnetcore.tar.gz "
                   f"https://dotnetcli.azureedge.net/dotnet/aspnetcore/Runtime/{DOTNET_RUNTIME}/aspnetcore-runtime-{DOTNET_RUNTIME}-linux-x64.tar.gz "
                   "&& tar -oxzf aspnetcore.tar.gz -C /usr/share/dotnet ./shared/Microsoft.AspNetCore.App && rm aspnetcore.tar.gz # buildkit")
    aspnet.bulk(f"/usr/share/dotnet/shared/Microsoft.AspNetCore.App/{DOTNET_RUNTIME}", "Microsoft.AspNetCore",
                150, 24_500_000, ".dll")
    sdk_tools = Layer("dotnet-8.0-sdk-tools", "RUN /bin/sh -c apt-get update && apt-get install -y "
                      "--no-install-recommends curl git libatomic1 wget && rm -rf /var/lib/apt/lists/* # buildkit")
    packages(sdk_tools, ["curl", "git", "libatomic1", "wget"])
    sdk = Layer("dotnet-8.0-sdk", f"RUN /bin/sh -c curl -fSL --output dotnet.tar.gz "
                f"https://dotnetcli.azureedge.net/dotnet/Sdk/{DOTNET_SDK}/dotnet-sdk-{DOTNET_SDK}-linux-x64.tar.gz "
                "&& tar -oxzf dotnet.tar.gz -C /usr/share/dotnet ./packs ./sdk ./sdk-manifests ./templates "
                "./LICENSE.txt ./ThirdPartyNotices.txt && rm dotnet.tar.gz && dotnet help # buildkit")
    sdk.bulk(f"/usr/share/dotnet/sdk/{DOTNET_SDK}", "sdk", 900, 235_000_000, ".dll")
    sdk.bulk(f"/usr/share/dotnet/sdk/{DOTNET_SDK}/Roslyn/bincore", "Microsoft.CodeAnalysis", 12, 17_000_000, ".dll")
    sdk.bulk("/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref/8.0.7/ref/net8.0", "ref", 170, 30_000_000, ".dll")
    sdk.bulk("/usr/share/dotnet/packs/Microsoft.AspNetCore.App.Ref/8.0.7/ref/net8.0", "ref", 140, 14_000_000, ".dll")
    sdk.bulk("/usr/share/dotnet/packs/NETStandard.Library.Ref/2.1.0/ref", "ref", 110, 4_000_000, ".dll")
    sdk.bulk("/usr/share/dotnet/templates/8.0.7", "template", 12, 2_500_000, ".nupkg")
    sdk.bulk("/usr/share/dotnet/sdk-manifests/8.0.100", "manifest", 30, 600_000, ".json")
    pwsh = Layer("dotnet-8.0-powershell", "RUN /bin/sh -c powershell_version=7.4.3 && curl -fSL --output "
                 "PowerShell.Linux.x64.$powershell_version.nupkg https://powershellinfraartifacts-gkhedzdeaghdezhr.z01.azurefd.net/tool/$powershell_version/PowerShell.Linux.x64.$powershell_version.nupkg "
                 "&& dotnet tool install --add-source / --tool-path /usr/share/powershell --version $powershell_version "
                 "PowerShell.Linux.x64 && dotnet nuget locals all --clear && rm PowerShell.Linux.x64.$powershell_version.nupkg "
                 "&& ln -s /usr/share/powershell/pwsh /usr/bin/pwsh # buildkit")
    pwsh.bulk("/usr/share/powershell/.store/powershell.linux.x64/7.4.3", "pwsh", 500, 176_000_000, ".dll")
    pwsh.x("/usr/share/powershell/pwsh", 70_000)
    pwsh.l("/usr/bin/pwsh", "/usr/share/powershell/pwsh")
    return {"runtime-deps": [deps, user], "runtime": [runtime], "aspnet": [aspnet],
            "sdk": [sdk_tools, sdk, pwsh]}


# What nginx:1.25 (on bookworm-slim) installs, with Debian's packages
# standing in for nginx.org's.
NGINX_DEBIAN = ["nginx", "libnginx-mod-http-xslt-filter", "libnginx-mod-http-geoip",
                "libnginx-mod-http-image-filter", "libnginx-mod-stream", "gettext-base", "curl",
                "ca-certificates"]


DEBIAN_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]


def main():
    # `--out DIR` writes the data elsewhere (scripts/check-catalog.sh
    # compares it with what is committed).
    here = os.path.dirname(os.path.abspath(__file__))
    if "--out" in sys.argv:
        here = sys.argv[sys.argv.index("--out") + 1]
    debian = debian_rootfs(slim=False)
    debian_slim = debian_rootfs(slim=True)
    curl = buildpack_curl()
    scm = buildpack_scm()
    full_build = build_tools_layer("buildpack-deps-bookworm", full=True)
    go_build = build_tools_layer("golang-1.22-build-tools", full=False)
    go = go_toolchain()
    gopath = go_path()
    gowork = workdir_go()
    node = node_layers()
    python = python_layers()
    busybox = busybox_image()
    alpine = alpine_image()
    static, base, cc = distroless_layers()
    go_certs = Layer("golang-1.22-alpine-certs", "RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit")
    go_certs.entries.append(["pkgs", "alpine-3.19", ["ca-certificates"], {}])
    node_slim = node_layers("-slim")
    node_alpine = node_layers("-alpine")
    python_slim = python_layers("-slim")
    python_alpine = python_layers("-alpine")
    rust = rust_layers("")
    rust_slim = rust_layers("-slim")
    rust_alpine = rust_layers("-alpine")
    gcc = gcc_layers()
    ubuntu_jammy = ubuntu_rootfs("22.04", "jammy")
    ubuntu_noble = ubuntu_rootfs("24.04", "noble")
    temurin = {(v, jdk): temurin_layers(v, jdk) for v in ("21", "17") for jdk in (True, False)}
    maven = maven_layers()
    java_layers = {l.id: l for ls in temurin.values() for l in ls}
    nginx = nginx_layers(alpine=False)
    nginx_alpine = nginx_layers(alpine=True)
    layers = ([debian, debian_slim, curl, scm, full_build, go_build, go, gopath, gowork, busybox,
               alpine, static, base, cc, go_certs] + node + python + node_slim + node_alpine
              + python_slim + python_alpine + nginx + nginx_alpine
              + [ubuntu_jammy, ubuntu_noble] + list(java_layers.values()) + maven
              + rust + rust_slim + rust_alpine + gcc)

    images = [
        {
            "name": "busybox", "tags": ["1.36", "1.36.1", "latest", "stable", "glibc"], "family": "busybox",
            "description": "BusyBox 1.36 on glibc: one 1 MB binary provides sh and about 130 applets. "
                           "Approximated from its documented contents.",
            "libc": "glibc", "shell": "ash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["sh"]},
            "layers": [busybox.id], "target_mb": 4.3,
        },
        {
            "name": "alpine", "tags": ["3.19", "3.19.1", "3", "latest"], "family": "alpine",
            "description": "Alpine Linux 3.19: musl libc, BusyBox and apk. Approximated from its "
                           "documented package set.",
            "libc": "musl", "shell": "ash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["/bin/sh"]},
            "layers": [alpine.id], "target_mb": 7.5,
        },
        {
            "name": "debian", "tags": ["bookworm", "12", "12.5", "latest"], "family": "debian",
            "description": "Debian 12 (bookworm): glibc, dash as /bin/sh, bash, coreutils, apt and dpkg.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["bash"]},
            "layers": [debian.id], "target_mb": 117,
        },
        {
            "name": "debian", "tags": ["bookworm-slim", "12-slim", "stable-slim"], "family": "debian",
            "description": "Debian 12 (bookworm) without documentation, manual pages and most locales.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["bash"]},
            "layers": [debian_slim.id], "target_mb": 75,
        },
        {
            "name": "golang", "tags": ["1.22", "1.22.5", "1.22-bookworm", "1", "latest", "bookworm"],
            "family": "golang",
            "description": "Go 1.22 on Debian bookworm with git, gcc and make: everything to build, "
                           "far more than a program needs to run.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": ["PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "GOLANG_VERSION=1.22.5", "GOTOOLCHAIN=local", "GOPATH=/go"],
                       "Cmd": ["bash"], "WorkingDir": "/go"},
            "layers": [debian.id, curl.id, scm.id, go_build.id, go.id, gopath.id, gowork.id],
            "target_mb": 815,
        },
        {
            "name": "node", "tags": ["20", "20.15", "20.15.1", "20-bookworm", "lts", "latest", "iron"],
            "family": "node",
            "description": "Node.js 20 with npm and yarn on Debian bookworm with full build tools.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "NODE_VERSION=20.15.1", "YARN_VERSION=1.22.22"],
                       "Entrypoint": ["docker-entrypoint.sh"], "Cmd": ["node"]},
            "layers": [debian.id, curl.id, scm.id, full_build.id] + [l.id for l in node],
            "target_mb": 1100,
        },
        {
            "name": "python", "tags": ["3.12", "3.12.4", "3.12-bookworm", "3", "latest", "bookworm"],
            "family": "python",
            "description": "Python 3.12 built from source on Debian bookworm with full build tools.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": ["PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "LANG=C.UTF-8", "PYTHON_VERSION=3.12.4"],
                       "Cmd": ["python3"]},
            "layers": [debian.id, curl.id, scm.id, full_build.id] + [l.id for l in python],
            "target_mb": 1000,
        },
    ]
    go_env = {"Env": ["PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                      "GOLANG_VERSION=1.22.5", "GOTOOLCHAIN=local", "GOPATH=/go"],
              "WorkingDir": "/go"}
    node_env = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "NODE_VERSION=20.15.1", "YARN_VERSION=1.22.22"],
                "Entrypoint": ["docker-entrypoint.sh"], "Cmd": ["node"]}
    python_env = {"Env": ["PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                          "LANG=C.UTF-8", "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
                          "PYTHON_VERSION=3.12.4"],
                  "Cmd": ["python3"]}
    images += [
        {
            "name": "golang", "tags": ["1.22-alpine", "1.22.5-alpine", "1.22-alpine3.19", "alpine"],
            "family": "golang",
            "description": "Go 1.22 on Alpine 3.19 (musl): the toolchain without Debian's build tools. "
                           "No gcc, so cgo is off unless you add build-base.",
            "libc": "musl", "shell": "ash",
            "config": dict(go_env, Cmd=["/bin/sh"]),
            "layers": [alpine.id, go_certs.id, go.id, gopath.id, gowork.id], "target_mb": 230,
        },
        {
            "name": "node", "tags": ["20-slim", "20.15-slim", "20.15.1-slim", "20-bookworm-slim", "lts-slim"],
            "family": "node",
            "description": "Node.js 20 on Debian bookworm-slim: no compilers, so native modules need a build stage.",
            "libc": "glibc", "shell": "dash",
            "config": node_env,
            "layers": [debian_slim.id] + [l.id for l in node_slim], "target_mb": 200,
        },
        {
            "name": "node", "tags": ["20-alpine", "20.15-alpine", "20.15.1-alpine", "20-alpine3.19", "lts-alpine"],
            "family": "node",
            "description": "Node.js 20 (musl build) on Alpine 3.19.",
            "libc": "musl", "shell": "ash",
            "config": node_env,
            "layers": [alpine.id] + [l.id for l in node_alpine], "target_mb": 135,
        },
        {
            "name": "python", "tags": ["3.12-slim", "3.12.4-slim", "3.12-slim-bookworm", "slim"],
            "family": "python",
            "description": "Python 3.12 on Debian bookworm-slim, without the test suite or build tools.",
            "libc": "glibc", "shell": "dash",
            "config": python_env,
            "layers": [debian_slim.id] + [l.id for l in python_slim], "target_mb": 130,
        },
        {
            "name": "python", "tags": ["3.12-alpine", "3.12.4-alpine", "3.12-alpine3.19", "alpine"],
            "family": "python",
            "description": "Python 3.12 built against musl on Alpine 3.19: small, but wheels built for glibc "
                           "(manylinux) do not install; packages without musl wheels compile from source.",
            "libc": "musl", "shell": "ash",
            "config": python_env,
            "layers": [alpine.id] + [l.id for l in python_alpine], "target_mb": 55,
        },
    ]
    nginx_config = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                            "NGINX_VERSION=1.25.5", "NJS_VERSION=0.8.4", "PKG_RELEASE=1~bookworm"],
                    "Entrypoint": ["/docker-entrypoint.sh"], "Cmd": ["nginx", "-g", "daemon off;"],
                    "ExposedPorts": ["80/tcp"], "StopSignal": "SIGQUIT"}
    images += [
        {
            "name": "nginx", "tags": ["1.25", "1.25.5", "1.25-bookworm", "mainline", "latest"],
            "family": "nginx",
            "description": "nginx 1.25 on Debian bookworm-slim, with its dynamic modules (Debian's "
                           "packages stand in for nginx.org's).",
            "libc": "glibc", "shell": "dash", "config": nginx_config,
            "layers": [debian_slim.id] + [l.id for l in nginx], "target_mb": 190,
        },
        {
            "name": "nginx", "tags": ["1.25-alpine", "1.25.5-alpine", "mainline-alpine", "alpine"],
            "family": "nginx",
            "description": "nginx 1.25 on Alpine 3.19 (approximated package set).",
            "libc": "musl", "shell": "ash", "config": nginx_config,
            "layers": [alpine.id] + [l.id for l in nginx_alpine], "target_mb": 43,
        },
    ]
    rust_env = {"Env": ["RUSTUP_HOME=/usr/local/rustup", "CARGO_HOME=/usr/local/cargo",
                        "PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "RUST_VERSION=1.75.0"]}
    images += [
        {
            "name": "rust", "tags": ["1.75", "1.75.0", "1.75-bookworm", "1", "latest"], "family": "rust",
            "description": "Rust 1.75 (rustup, minimal profile) on Debian bookworm with full build tools.",
            "libc": "glibc", "shell": "dash", "config": rust_env,
            "layers": [debian.id, curl.id, scm.id, full_build.id] + [l.id for l in rust], "target_mb": 1500,
        },
        {
            "name": "rust", "tags": ["1.75-slim", "1.75.0-slim", "1.75-slim-bookworm", "slim"], "family": "rust",
            "description": "Rust 1.75 on Debian bookworm-slim with just gcc and libc6-dev for linking.",
            "libc": "glibc", "shell": "dash", "config": rust_env,
            "layers": [debian_slim.id] + [l.id for l in rust_slim], "target_mb": 750,
        },
        {
            "name": "rust", "tags": ["1.75-alpine", "1.75.0-alpine", "1.75-alpine3.19", "alpine"], "family": "rust",
            "description": "Rust 1.75 on Alpine 3.19: builds musl binaries, static by default.",
            "libc": "musl", "shell": "ash", "config": rust_env,
            "layers": [alpine.id] + [l.id for l in rust_alpine],
            # An estimate: Alpine, gcc and musl-dev, and the toolchain of -slim.
            "target_mb": 650,
        },
    ]
    images += [
        {
            "name": "gcc", "tags": ["14", "14.2", "14.2.0", "latest", "bookworm", "14-bookworm"],
            "family": "gcc",
            "description": "GCC 14 (C, C++, Fortran, Go) built into /usr/local over buildpack-deps:bookworm.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": DEBIAN_ENV + ["GCC_VERSION=14.2.0"], "Cmd": ["bash"]},
            "layers": [debian.id, curl.id, scm.id, full_build.id] + [l.id for l in gcc],
            "target_mb": 1420,
        },
    ]
    ubuntu_env = {"Env": DEBIAN_ENV, "Cmd": ["/bin/bash"]}
    images += [
        {
            "name": "ubuntu", "tags": ["22.04", "jammy"], "family": "ubuntu",
            "description": "Ubuntu 22.04 (jammy), minimized. Stagecraft has no Ubuntu package data: "
                           "Debian bookworm's packages stand in, so versions differ from the real image.",
            "libc": "glibc", "shell": "dash", "config": ubuntu_env,
            "layers": [ubuntu_jammy.id], "target_mb": 78,
        },
        {
            "name": "ubuntu", "tags": ["24.04", "noble", "latest"], "family": "ubuntu",
            "description": "Ubuntu 24.04 (noble), minimized. Stagecraft has no Ubuntu package data: "
                           "Debian bookworm's packages stand in, so versions differ from the real image.",
            "libc": "glibc", "shell": "dash", "config": ubuntu_env,
            "layers": [ubuntu_noble.id], "target_mb": 78,
        },
    ]
    for (version, jdk), layers_ in temurin.items():
        kind = "jdk" if jdk else "jre"
        full = {"21": "21.0.4+7", "17": "17.0.12+7"}[version]
        env = {"Env": ["JAVA_HOME=/opt/java/openjdk",
                       "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                       "LANG=en_US.UTF-8", "LANGUAGE=en_US:en", "LC_ALL=en_US.UTF-8",
                       f"JAVA_VERSION=jdk-{full}"]}
        if jdk:
            env["Cmd"] = ["jshell"]
        # 21's sizes are published figures; 17's are estimates from the
        # size of its runtime beside 21's.
        target = {("21", True): 450, ("21", False): 270,
                  ("17", True): 410, ("17", False): 260}.get((version, jdk))
        entry = {
            "name": "eclipse-temurin",
            "tags": [f"{version}-{kind}", f"{version}-{kind}-noble", f"{full.replace('+', '_')}-{kind}"]
                    + ([version, "latest"] if jdk and version == "21" else [version] if jdk else []),
            "family": "eclipse-temurin",
            "description": f"Eclipse Temurin {version} {kind.upper()} on Ubuntu noble"
                           + (": compiler, tools and sources, for building." if jdk else
                              ": the runtime only, for running a built jar."),
            "libc": "glibc", "shell": "dash", "config": env,
            "layers": [ubuntu_noble.id] + [l.id for l in layers_],
        }
        if target:
            entry["target_mb"] = target
        images.append(entry)
    # Temurin's Alpine images: the same JDK or JRE (Adoptium's musl build,
    # approximated by the glibc build's files) on Alpine 3.19, with the
    # packages its Dockerfile adds. Sizes are estimates.
    java_alpine_tools = Layer("temurin-alpine-tools",
                              "RUN /bin/sh -c set -eux; apk add --no-cache fontconfig ttf-dejavu gnupg "
                              "ca-certificates p11-kit-trust musl-locales musl-locales-lang tzdata coreutils openssl # buildkit")
    java_alpine_tools.f("/usr/share/fonts/dejavu/DejaVuSans.ttf", 9_800_000)
    java_alpine_tools.f("/usr/lib/libfontconfig.so.1", 300_000, "0755")
    java_alpine_tools.f("/usr/share/zoneinfo/tzdata.zi", 3_200_000)
    layers.append(java_alpine_tools)
    for (version, jdk), layers_ in temurin.items():
        kind = "jdk" if jdk else "jre"
        full = {"21": "21.0.4_7", "17": "17.0.12_7"}[version]
        java_layer = layers_[-1]
        images.append({
            "name": "eclipse-temurin",
            "tags": [f"{version}-{kind}-alpine", f"{full}-{kind}-alpine"] + ([f"{version}-alpine"] if jdk else []),
            "family": "eclipse-temurin",
            "description": f"Eclipse Temurin {version} {kind.upper()} on Alpine 3.19 (musl); the Java files are "
                           "approximated by the glibc build's.",
            "libc": "musl", "shell": "ash",
            "config": {"Env": ["JAVA_HOME=/opt/java/openjdk",
                               "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "LANG=en_US.UTF-8", "LANGUAGE=en_US:en", "LC_ALL=en_US.UTF-8",
                               f"JAVA_VERSION=jdk-{full.replace('_', '+')}"]},
            "layers": [alpine.id, java_alpine_tools.id, java_layer.id],
        })
    images.append({
        "name": "maven", "tags": ["3.9", "3.9-eclipse-temurin-21", "3.9.8-eclipse-temurin-21", "3", "latest"],
        "family": "maven",
        "description": "Maven 3.9 on Eclipse Temurin 21 JDK (Ubuntu noble); dependencies go to /root/.m2.",
        "libc": "glibc", "shell": "dash",
        "config": {"Env": ["JAVA_HOME=/opt/java/openjdk",
                           "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                           "MAVEN_HOME=/usr/share/maven", "MAVEN_CONFIG=/root/.m2", "LANG=en_US.UTF-8"],
                   "Cmd": ["mvn"]},
        "layers": [ubuntu_noble.id] + [l.id for l in temurin[("21", True)]] + [l.id for l in maven],
        # An estimate: eclipse-temurin:21-jdk and Maven's 10 MB.
        "target_mb": 470,
    })
    images += distroless_images(static, base, cc)
    # Other releases of the images above, built the same way.
    alpines = {v: alpine_image(v) for v in ("3.18", "3.20")}
    layers += list(alpines.values())
    for version, layer in alpines.items():
        images.append({
            "name": "alpine", "tags": [version, ALPINE[version][0]], "family": "alpine",
            "description": f"Alpine Linux {version}: musl libc, BusyBox and apk. Approximated from its "
                           "documented package set; apk uses Stagecraft's Alpine 3.19 package data.",
            "libc": "musl", "shell": "ash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["/bin/sh"]},
            "layers": [layer.id], "target_mb": {"3.18": 7.3, "3.20": 7.8}[version],
        })
    # Go 1.21 (measured), 1.23 and 1.24 (sized from the toolchain's
    # growth between releases: estimates).
    go_targets = {"1.21": (814, 223), "1.23": (834, 250), "1.24": (858, 268)}
    for version, (target, target_alpine) in go_targets.items():
        toolchain = go_toolchain(version)
        layers.append(toolchain)
        full = GO[version][0]
        env = dict(go_env, Env=[e.replace("1.22.5", full) for e in go_env["Env"]])
        images += [
            {
                "name": "golang", "tags": [version, full, f"{version}-bookworm"], "family": "golang",
                "description": f"Go {version} on Debian bookworm with git, gcc and make.",
                "libc": "glibc", "shell": "dash", "config": dict(env, Cmd=["bash"]),
                "layers": [debian.id, curl.id, scm.id, go_build.id, toolchain.id, gopath.id, gowork.id],
                "target_mb": target,
            },
            {
                "name": "golang", "tags": [f"{version}-alpine", f"{full}-alpine", f"{version}-alpine3.19"],
                "family": "golang",
                "description": f"Go {version} on Alpine 3.19 (musl), without a C compiler.",
                "libc": "musl", "shell": "ash", "config": dict(env, Cmd=["/bin/sh"]),
                "layers": [alpine.id, go_certs.id, toolchain.id, gopath.id, gowork.id], "target_mb": target_alpine,
            },
        ]
    bases = {"": [debian.id, curl.id, scm.id, full_build.id], "-slim": [debian_slim.id], "-alpine": [alpine.id]}
    python_stacks = {}
    node_targets = {("18", ""): 1090, ("18", "-slim"): 190, ("18", "-alpine"): 128,
                    ("22", ""): 1110, ("22", "-slim"): 220, ("22", "-alpine"): 155,
                    ("24", ""): 1120, ("24", "-slim"): 226, ("24", "-alpine"): 160}
    for (version, variant), target in node_targets.items():
        these = node_layers(variant, version)
        layers += these
        full = NODE[version][0]
        minor = full.rsplit(".", 1)[0]
        codename = {"18": "hydrogen", "22": "jod", "24": "krypton"}[version]
        suffix = variant or ""
        tags = [f"{version}{suffix}", f"{minor}{suffix}", f"{full}{suffix}"]
        tags += {"": [f"{version}-bookworm", codename], "-slim": [f"{version}-bookworm-slim", f"{codename}-slim"],
                 "-alpine": [f"{version}-alpine3.19", f"{codename}-alpine"]}[variant]
        images.append({
            "name": "node", "tags": tags, "family": "node",
            "description": f"Node.js {version} with npm and yarn on "
                           + {"": "Debian bookworm with full build tools.",
                              "-slim": "Debian bookworm-slim: no compilers.",
                              "-alpine": "Alpine 3.19 (musl build)."}[variant],
            "libc": "musl" if variant == "-alpine" else "glibc",
            "shell": "ash" if variant == "-alpine" else "dash",
            "config": dict(node_env, Env=[e.replace("20.15.1", full) for e in node_env["Env"]]),
            "layers": bases[variant] + [l.id for l in these], "target_mb": target,
        })
    for version, variant, target in [(v, var, t) for v in ["3.11", "3.10", "3.9", "3.13", "3.14"]
                                     for var, t in [("", 1010), ("-slim", 128), ("-alpine", 52)]]:
        these = python_layers(variant, version)
        layers += these
        full = PYTHON[version][0]
        suffix = variant or ""
        tags = [f"{version}{suffix}", f"{full}{suffix}"] + {
            "": [f"{version}-bookworm"], "-slim": [f"{version}-slim-bookworm"],
            "-alpine": [f"{version}-alpine3.19"]}[variant]
        images.append({
            "name": "python", "tags": tags, "family": "python",
            "description": f"Python {version} built from source on "
                           + {"": "Debian bookworm with full build tools.",
                              "-slim": "Debian bookworm-slim, without the test suite or build tools.",
                              "-alpine": "Alpine 3.19 (musl): manylinux wheels do not install."}[variant],
            "libc": "musl" if variant == "-alpine" else "glibc",
            "shell": "ash" if variant == "-alpine" else "dash",
            "config": dict(python_env, Env=[e.replace("3.12.4", full) for e in python_env["Env"]]),
            "layers": bases[variant] + [l.id for l in these], "target_mb": target,
        })
        python_stacks[(version, variant)] = (bases[variant] + [l.id for l in these], full)
    python_stacks[("3.12", "")] = ([debian.id, curl.id, scm.id, full_build.id] + [l.id for l in python], "3.12.4")
    python_stacks[("3.12", "-slim")] = ([debian_slim.id] + [l.id for l in python_slim], "3.12.4")
    python_stacks[("3.12", "-alpine")] = ([alpine.id] + [l.id for l in python_alpine], "3.12.4")
    uv_layers, uv_images = uv_images_of(bases, python_stacks, python_env)
    layers += uv_layers
    images += uv_images
    httpd = httpd_layers()
    layers += httpd
    images.append({
        "name": "httpd", "tags": ["2.4", "2.4.62", "2", "latest", "bookworm"], "family": "httpd",
        "description": "Apache httpd 2.4 built from source on Debian bookworm-slim; serves "
                       "/usr/local/apache2/htdocs.",
        "libc": "glibc", "shell": "dash",
        "config": {"Env": ["HTTPD_PREFIX=/usr/local/apache2",
                           "PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                           "HTTPD_VERSION=2.4.62"],
                   "WorkingDir": "/usr/local/apache2", "Cmd": ["httpd-foreground"],
                   "ExposedPorts": ["80/tcp"], "StopSignal": "SIGWINCH"},
        "layers": [debian_slim.id] + [l.id for l in httpd], "target_mb": 148,
    })
    language_layers, language_images = distroless_language_layers(static, base, cc)
    layers += language_layers
    dotnet = dotnet_layers()
    layers += [l for ls in dotnet.values() for l in ls]
    dotnet_env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_UID=1654",
                  "ASPNETCORE_HTTP_PORTS=8080", "DOTNET_RUNNING_IN_CONTAINER=true"]
    stack = [debian_slim.id]
    for kind, target, what, extra_env in [
            ("runtime-deps", 117, "the native libraries .NET needs, for self-contained apps", []),
            ("runtime", 193, "the .NET runtime, for console apps", [f"DOTNET_VERSION={DOTNET_RUNTIME}"]),
            ("aspnet", 220, "the .NET and ASP.NET Core runtimes, for web apps",
             [f"DOTNET_VERSION={DOTNET_RUNTIME}", f"ASPNET_VERSION={DOTNET_RUNTIME}"]),
            ("sdk", 800, "the .NET SDK (with PowerShell, git and curl), for building",
             [f"DOTNET_VERSION={DOTNET_RUNTIME}", f"ASPNET_VERSION={DOTNET_RUNTIME}",
              "DOTNET_GENERATE_ASPNET_CERTIFICATE=false", "DOTNET_NOLOGO=true",
              f"DOTNET_SDK_VERSION={DOTNET_SDK}", "DOTNET_USE_POLLING_FILE_WATCHER=true",
              "NUGET_XMLDOC_MODE=skip"])]:
        stack = stack + [l.id for l in dotnet[kind]]
        env = dotnet_env + extra_env
        images.append({
            "name": f"mcr.microsoft.com/dotnet/{kind}",
            "tags": ["8.0", "8.0-bookworm-slim", (DOTNET_SDK if kind == "sdk" else DOTNET_RUNTIME), "latest"],
            "family": "dotnet",
            "description": f".NET 8 {kind} on Debian bookworm-slim: {what}. The .NET files are approximated.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": env} if kind != "sdk" else {"Env": env},
            "layers": list(stack), "target_mb": target,
        })
    images += language_images
    # The index (images, and each layer's history line) in catalog.json;
    # each layer's files in layers/ID.json, read only when an image that
    # has the layer is built (in the browser, fetched then).
    catalog = {
        "schema": 2,
        "note": "Generated by catalog/generate.py; do not edit by hand.",
        "images": images,
        "layers": {layer.id: {"created_by": layer.created_by} for layer in layers},
    }
    with open(os.path.join(here, "catalog.json"), "w") as out:
        json.dump(catalog, out, separators=(",", ":"), sort_keys=False)
        out.write("\n")
    layer_dir = os.path.join(here, "layers")
    os.makedirs(layer_dir, exist_ok=True)
    for stale in os.listdir(layer_dir):
        os.remove(os.path.join(layer_dir, stale))
    for layer in layers:
        with open(os.path.join(layer_dir, f"{layer.id}.json"), "w") as out:
            json.dump(layer.entries, out, separators=(",", ":"))
            out.write("\n")
    entries_of = {layer.id: layer.entries for layer in layers}
    print(f"{'image':<28} {'target':>8} {'simulated':>10}")
    for image in images:
        files = {}
        installed = set()
        excludes = []
        for lid in image["layers"]:
            for e in entries_of[lid]:
                if e[0] == "f":
                    files[e[1]] = e[3]
                elif e[0] == "t":
                    files[e[1]] = len(e[3].encode())
                    if e[1].startswith("/etc/dpkg/dpkg.cfg.d/"):
                        excludes = dpkg_filter(e[3])
                elif e[0] == "pkgs" and e[1] == "alpine-3.19":
                    for name in e[2]:
                        for dep in [name] + APK["packages"][name].get("depends", []):
                            dep = dep[0] if isinstance(dep, list) else dep
                            for f in APK["packages"].get(dep, {}).get("files", []):
                                if f[0] == "f":
                                    files[f[1]] = f[3]
                elif e[0] == "pkgs" and e[3].get("files_only"):
                    rules = dpkg_filter(e[3].get("exclude", ""))
                    for name in e[2]:
                        for f in APT["packages"].get(name, {}).get("files", []):
                            if f[0] == "f" and not excluded(rules, f[1]):
                                files[usr_merged(f[1])] = f[3]
                elif e[0] == "pkgs":
                    for name in resolve(e[2], e[3].get("recommends", True), installed):
                        installed.add(name)
                        for f in APT["packages"].get(name, {}).get("files", []):
                            if f[0] == "f" and not excluded(excludes, f[1]):
                                files[usr_merged(f[1])] = f[3]
        total = sum(files.values())
        target = image.get("target_mb")
        print(f"{image['name'] + ':' + image['tags'][0]:<28} "
              f"{(str(target) + ' MB') if target else '?':>8} {total / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
