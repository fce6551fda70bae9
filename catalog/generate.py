#!/usr/bin/env python3
"""Writes catalog/catalog.json: the base images Stagecraft simulates.

This first catalog is structurally right (shells, users, package-manager
directories, toolchains, the programs a RUN may call) with plausible sizes;
large files are given by size only. Run it from anywhere:

    python3 catalog/generate.py

and commit the JSON it writes. The format is described in README.md.
"""
import json
import os

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

COREUTILS = {
    "arch": 35, "b2sum": 60, "base32": 40, "base64": 40, "basename": 35, "cat": 44, "chgrp": 72,
    "chmod": 64, "chown": 72, "cksum": 96, "comm": 40, "cp": 150, "csplit": 120, "cut": 48,
    "date": 108, "dd": 76, "df": 96, "dir": 150, "dircolors": 48, "dirname": 35, "du": 110,
    "echo": 35, "env": 48, "expand": 40, "expr": 110, "factor": 80, "false": 31, "fmt": 40,
    "fold": 40, "head": 48, "id": 48, "install": 150, "join": 52, "link": 35, "ln": 68,
    "logname": 35, "ls": 151, "md5sum": 48, "mkdir": 96, "mkfifo": 60, "mknod": 64,
    "mktemp": 40, "mv": 144, "nice": 35, "nl": 44, "nohup": 35, "nproc": 35, "numfmt": 64,
    "od": 72, "paste": 40, "pathchk": 35, "pinky": 40, "pr": 72, "printenv": 35, "printf": 56,
    "ptx": 72, "pwd": 40, "readlink": 52, "realpath": 52, "rm": 76, "rmdir": 48, "runcon": 35,
    "seq": 52, "sha1sum": 48, "sha224sum": 52, "sha256sum": 52, "sha384sum": 60,
    "sha512sum": 60, "shred": 60, "shuf": 56, "sleep": 35, "sort": 120, "split": 60,
    "stat": 88, "stdbuf": 48, "stty": 80, "sum": 40, "sync": 35, "tac": 40, "tail": 68,
    "tee": 40, "test": 48, "[": 52, "timeout": 40, "touch": 96, "tr": 52, "true": 31,
    "truncate": 40, "tsort": 40, "tty": 35, "uname": 35, "unexpand": 40, "uniq": 48,
    "unlink": 35, "users": 35, "vdir": 150, "wc": 48, "who": 60, "whoami": 35, "yes": 35,
}

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


def debian_rootfs(slim):
    name = "debian-bookworm-slim-rootfs" if slim else "debian-bookworm-rootfs"
    variant = "-slim" if slim else ""
    layer = Layer(name, f"# debian.sh --arch 'amd64' out/ 'bookworm{variant}' '@1716163200'")
    for link, target in [("/bin", "usr/bin"), ("/sbin", "usr/sbin"), ("/lib", "usr/lib"),
                         ("/lib64", "usr/lib64")]:
        layer.l(link, target)
    for d in ["/boot", "/dev", "/etc", "/home", "/media", "/mnt", "/opt", "/proc", "/run",
              "/srv", "/sys", "/usr", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64",
              "/usr/local", "/usr/local/bin", "/usr/local/lib", "/usr/local/share",
              "/usr/local/sbin", "/usr/share", "/var", "/var/backups", "/var/cache",
              "/var/cache/apt", "/var/cache/apt/archives", "/var/cache/apt/archives/partial",
              "/var/lib", "/var/lib/apt", "/var/lib/apt/lists", "/var/lib/apt/lists/partial",
              "/var/lib/dpkg", "/var/lib/misc", "/var/local", "/var/log", "/var/mail",
              "/var/opt", "/var/spool"]:
        layer.d(d)
    layer.d("/root", "0700").d("/tmp", "1777").d("/var/tmp", "1777")
    layer.t("/etc/passwd", passwd())
    layer.t("/etc/group", group())
    layer.t("/etc/shadow", "".join(l.split(":")[0] + ":*:19800:0:99999:7:::\n" for l in DEBIAN_PASSWD), "0640", 0, 42)
    layer.t("/etc/gshadow", "".join(l.split(":")[0] + ":*::\n" for l in DEBIAN_GROUP), "0640", 0, 42)
    layer.t("/etc/debian_version", "12.5\n")
    layer.t("/etc/hostname", "localhost\n")
    layer.t("/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
            'VERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'
            'HOME_URL="https://www.debian.org/"\n')
    layer.t("/etc/apt/sources.list.d/debian.sources",
            "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n"
            "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
    layer.t("/etc/apt/apt.conf.d/docker-clean",
            'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb '
            '/var/cache/apt/*.bin || true"; };\nAPT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb '
            '/var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
            'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n')
    layer.t("/etc/profile", 'if [ "$(id -u)" -eq 0 ]; then\n  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n'
            'else\n  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"\nfi\nexport PATH\n')
    layer.t("/etc/bash.bashrc", "# System-wide .bashrc file for interactive bash(1) shells.\n[ -z \"$PS1\" ] && return\n")
    layer.t("/etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n")
    layer.t("/etc/login.defs", "MAIL_DIR /var/mail\nUID_MIN 1000\nUID_MAX 60000\nSYS_UID_MIN 100\n"
            "SYS_UID_MAX 999\nGID_MIN 1000\nGID_MAX 60000\nSYS_GID_MIN 100\nSYS_GID_MAX 999\n")
    layer.t("/etc/skel/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n")
    layer.t("/etc/skel/.profile", "# ~/.profile: executed by the command interpreter for login shells.\n")
    layer.t("/root/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n")
    layer.t("/root/.profile", "# ~/.profile: executed by Bourne-compatible login shells.\n")
    # Shells and programs.
    layer.x("/usr/bin/bash", 1265648).x("/usr/bin/dash", 125640).l("/usr/bin/sh", "dash")
    for name, kb in COREUTILS.items():
        layer.x(f"/usr/bin/{name}", kb * KB)
    for name, size in [("grep", 207 * KB), ("egrep", 41), ("fgrep", 41), ("sed", 118 * KB),
                       ("tar", 527 * KB), ("gzip", 98 * KB), ("gunzip", 2346), ("zcat", 1984),
                       ("find", 224 * KB), ("xargs", 69 * KB), ("mawk", 174 * KB),
                       ("diff", 208 * KB), ("cmp", 44 * KB), ("perl", 3902 * KB),
                       ("apt", 19 * KB), ("apt-get", 27 * KB), ("apt-cache", 84 * KB),
                       ("apt-config", 27 * KB), ("apt-mark", 63 * KB), ("dpkg", 318 * KB),
                       ("dpkg-query", 166 * KB), ("dpkg-deb", 157 * KB), ("dpkg-divert", 153 * KB),
                       ("su", 63 * KB), ("login", 63 * KB), ("passwd", 64 * KB),
                       ("chsh", 54 * KB), ("hostname", 18 * KB), ("which", 946),
                       ("tempfile", 14 * KB), ("run-parts", 23 * KB), ("mount", 59 * KB),
                       ("umount", 39 * KB), ("getent", 35 * KB), ("ldd", 5 * KB),
                       ("gpgv", 370 * KB), ("clear", 14 * KB), ("tput", 27 * KB),
                       ("more", 44 * KB), ("kill", 31 * KB), ("uptime", 1 * KB)]:
        layer.x(f"/usr/bin/{name}", size)
    layer.l("/usr/bin/awk", "/etc/alternatives/awk").l("/etc/alternatives/awk", "/usr/bin/mawk")
    for name in ["useradd", "groupadd", "userdel", "groupdel", "usermod", "groupmod", "chpasswd",
                 "nologin", "ldconfig", "start-stop-daemon", "pam_tally2", "installkernel",
                 "chroot", "e2fsck", "mke2fs", "fsck", "mkswap", "sulogin"]:
        layer.x(f"/usr/sbin/{name}", 40 * KB if name != "ldconfig" else 975 * KB)
    # Libraries.
    lib = "/usr/lib/x86_64-linux-gnu"
    layer.d(lib)
    for name, size in [("libc.so.6", 1922136), ("libm.so.6", 907784), ("libresolv.so.2", 68104),
                       ("libpthread.so.0", 21448), ("libdl.so.2", 14480), ("librt.so.1", 14664),
                       ("libselinux.so.1", 178808), ("libpcre2-8.so.0.11.2", 629384),
                       ("libz.so.1.2.13", 121280), ("libtinfo.so.6.4", 204840),
                       ("libacl.so.1.1.2301", 34904), ("libattr.so.1.1.2501", 22584),
                       ("libcrypt.so.1.1.0", 206888), ("libgmp.so.10.4.1", 665888),
                       ("libsystemd.so.0.35.0", 899344), ("libzstd.so.1.5.4", 853560),
                       ("liblzma.so.5.4.1", 174352), ("libbz2.so.1.0.4", 76688),
                       ("libgcrypt.so.20.4.1", 1275624), ("libstdc++.so.6.0.30", 2260296),
                       ("libgcc_s.so.1", 125312), ("libapt-pkg.so.6.0.0", 2164872),
                       ("libdb-5.3.so", 1806904), ("libudev.so.1.7.5", 208120),
                       ("libmount.so.1.1.0", 378520), ("libblkid.so.1.1.0", 331680),
                       ("libsmartcols.so.1.1.0", 186800), ("libuuid.so.1.3.0", 34888),
                       ("libext2fs.so.2.4", 419400), ("libcom_err.so.2.1", 18504),
                       ("libsemanage.so.2", 301456), ("libaudit.so.1.0.0", 137512),
                       ("libcap-ng.so.0.0.0", 30960), ("libgpg-error.so.0.33.1", 149552),
                       ("libhogweed.so.6.6", 300032), ("libnettle.so.8.6", 305552),
                       ("libp11-kit.so.0.3.0", 1279448), ("libtasn1.so.6.6.3", 92024),
                       ("libunistring.so.2.2.0", 1813224), ("libxxhash.so.0.8.1", 162312),
                       ("libffi.so.8.1.2", 43096), ("libidn2.so.0.3.8", 121224),
                       ("libgnutls.so.30.34.3", 2110000), ("libnss_files.so.2", 14320),
                       ("libnss_dns.so.2", 14392), ("libpam.so.0.85.1", 67992),
                       ("libmd.so.0.0.5", 48680), ("libsepol.so.2", 741200)]:
        layer.f(f"{lib}/{name}", size)
    layer.bulk(f"{lib}/gconv", "charset", 248, 8_400_000, ".so")
    layer.bulk(f"{lib}/perl-base", "module", 180, 6_900_000, ".pm")
    layer.bulk(f"{lib}/security", "pam", 40, 1_100_000, ".so")
    layer.f("/usr/lib64/ld-linux-x86-64.so.2", 210968)
    layer.bulk("/usr/lib/locale/C.utf8", "LC", 13, 3_400_000)
    layer.bulk("/usr/lib/systemd/system", "unit", 20, 40_000, ".service")
    layer.bulk("/usr/lib/udev", "rule", 12, 90_000)
    layer.bulk("/usr/lib/apt/methods", "method", 12, 1_300_000)
    layer.bulk("/usr/lib/dpkg/methods", "method", 10, 60_000)
    # Shared data.
    layer.bulk("/usr/share/zoneinfo", "zone", 600, 4_900_000)
    layer.bulk("/usr/share/perl5/Debconf", "module", 90, 1_400_000, ".pm")
    layer.bulk("/usr/share/common-licenses", "license", 14, 180_000)
    layer.bulk("/usr/share/keyrings", "keyring", 7, 140_000, ".gpg")
    layer.bulk("/usr/share/terminfo", "term", 50, 330_000)
    layer.bulk("/usr/share/bash-completion/completions", "completion", 40, 220_000)
    layer.bulk("/usr/share/debconf", "template", 8, 90_000)
    layer.bulk("/usr/share/pam", "config", 6, 30_000)
    layer.bulk("/usr/share/base-files", "file", 10, 20_000)
    layer.bulk("/usr/share/lintian/overrides", "override", 40, 60_000)
    if not slim:
        layer.bulk("/usr/share/doc", "package", 95, 3_400_000)
        layer.bulk("/usr/share/man/man1", "page", 420, 3_100_000, ".1.gz")
        layer.bulk("/usr/share/man/man8", "page", 90, 700_000, ".8.gz")
        layer.bulk("/usr/share/info", "manual", 12, 1_100_000, ".info.gz")
        layer.bulk("/usr/share/locale", "catalog", 900, 23_500_000, ".mo")
        layer.bulk("/usr/share/i18n/charmaps", "charmap", 60, 4_800_000, ".gz")
        layer.bulk("/usr/share/i18n/locales", "locale", 120, 8_000_000)
    else:
        layer.bulk("/usr/share/doc", "copyright", 95, 560_000)
        layer.bulk("/usr/share/locale", "catalog", 20, 600_000, ".mo")
    # Package databases: installed packages, apt's state; lists are empty.
    layer.t("/var/lib/dpkg/status", "".join(
        f"Package: {p}\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\n\n"
        for p in DEBIAN_PACKAGES))
    layer.bulk("/var/lib/dpkg/info", "package", 400, 4_200_000 if not slim else 3_500_000, ".list")
    layer.t("/var/lib/dpkg/available", "")
    layer.bulk("/var/cache/debconf", "db", 3, 1_600_000, ".dat")
    layer.f("/var/log/dpkg.log", 210_000).f("/var/log/apt/history.log", 9_000)
    layer.f("/var/log/lastlog", 0, "0664", 0, 43).f("/var/log/wtmp", 0, "0664", 0, 43)
    return layer


DEBIAN_PACKAGES = [
    "apt", "base-files", "base-passwd", "bash", "bsdutils", "coreutils", "dash", "debconf",
    "debian-archive-keyring", "debianutils", "diffutils", "dpkg", "e2fsprogs", "findutils",
    "gcc-12-base", "gpgv", "grep", "gzip", "hostname", "init-system-helpers", "libacl1",
    "libapt-pkg6.0", "libattr1", "libaudit1", "libblkid1", "libbz2-1.0", "libc-bin", "libc6",
    "libcap-ng0", "libcom-err2", "libcrypt1", "libdb5.3", "libdebconfclient0", "libext2fs2",
    "libffi8", "libgcc-s1", "libgcrypt20", "libgmp10", "libgnutls30", "libgpg-error0",
    "libhogweed6", "libidn2-0", "liblz4-1", "liblzma5", "libmd0", "libmount1", "libnettle8",
    "libp11-kit0", "libpam-modules", "libpam-runtime", "libpam0g", "libpcre2-8-0",
    "libseccomp2", "libselinux1", "libsemanage2", "libsepol2", "libsmartcols1", "libss2",
    "libstdc++6", "libsystemd0", "libtasn1-6", "libtinfo6", "libudev1", "libunistring2",
    "libuuid1", "libxxhash0", "libzstd1", "login", "logsave", "mawk", "mount", "ncurses-base",
    "ncurses-bin", "passwd", "perl-base", "sed", "sysvinit-utils", "tar", "tzdata",
    "usr-is-merged", "util-linux", "util-linux-extra", "zlib1g",
]


def apt_layer(layer_id, command, packages_bytes, extra=None):
    """A layer installed with apt-get: files under /usr, its dpkg records."""
    layer = Layer(layer_id, f"RUN /bin/sh -c {command} # buildkit")
    total = sum(size for _, _, size in packages_bytes)
    for directory, stem, size in packages_bytes:
        count = max(1, min(400, size // 150_000))
        layer.bulk(directory, stem, count, size)
    layer.bulk("/var/lib/dpkg/info", layer_id, 30, max(20_000, total // 400), ".list")
    layer.f("/var/lib/dpkg/status", 80_000 + total // 2000)
    layer.f("/var/log/dpkg.log", 260_000 + total // 1000)
    layer.f("/var/log/apt/history.log", 12_000)
    layer.f("/var/log/apt/eipp.log.xz", 30_000)
    layer.f("/var/cache/debconf/templates.dat", 1_700_000)
    if extra:
        extra(layer)
    return layer


def buildpack_curl():
    def programs(layer):
        layer.x("/usr/bin/curl", 260 * KB).x("/usr/bin/wget", 520 * KB).x("/usr/bin/gpg", 1100 * KB)
        layer.bulk("/etc/ssl/certs", "ca", 140, 230_000, ".pem")
        layer.f("/etc/ssl/certs/ca-certificates.crt", 213_000)
        layer.f("/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0", 720_000)
        layer.f("/usr/lib/x86_64-linux-gnu/libssl.so.3", 690_000)
        layer.f("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", 4_700_000)
    return apt_layer(
        "buildpack-deps-bookworm-curl",
        "set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl "
        "gnupg netbase sq wget; rm -rf /var/lib/apt/lists/*",
        [("/usr/lib/x86_64-linux-gnu", "libcurl-dep", 9_500_000), ("/usr/share/ca-certificates", "mozilla", 600_000),
         ("/usr/lib/x86_64-linux-gnu/sasl2", "sasl", 400_000), ("/usr/bin", "sq-tool", 9_000_000)],
        programs)


def buildpack_scm():
    def programs(layer):
        layer.x("/usr/bin/git", 3_900_000).x("/usr/bin/ssh", 900_000).x("/usr/bin/hg", 2_000)
        layer.x("/usr/bin/svn", 300_000).x("/usr/bin/ps", 150_000).x("/usr/bin/top", 130_000)
        layer.x("/usr/bin/free", 30_000).x("/usr/bin/pgrep", 30_000).x("/usr/bin/less", 180_000)
    return apt_layer(
        "buildpack-deps-bookworm-scm",
        "set -eux; apt-get update; apt-get install -y --no-install-recommends git mercurial "
        "openssh-client subversion procps; rm -rf /var/lib/apt/lists/*",
        [("/usr/lib/git-core", "git-helper", 38_000_000), ("/usr/share/git-core/templates", "hook", 300_000),
         ("/usr/lib/python3/dist-packages/mercurial", "module", 24_000_000),
         ("/usr/lib/python3.11", "stdlib", 26_000_000), ("/usr/bin", "python-tool", 6_800_000),
         ("/usr/lib/x86_64-linux-gnu", "libsvn", 9_000_000), ("/usr/share/perl5", "Git", 22_000_000),
         ("/usr/lib/x86_64-linux-gnu/perl5/5.36", "xs", 14_000_000)],
        programs)


def build_tools_layer(layer_id, full):
    def programs(layer):
        for name, size in [("gcc", 1_000_000), ("gcc-12", 1_000_000), ("g++", 1_000_000),
                           ("g++-12", 1_000_000), ("cc", 0), ("c++", 0), ("cpp", 1_000_000),
                           ("make", 250_000), ("ld", 1_700_000), ("ld.bfd", 1_700_000),
                           ("as", 700_000), ("ar", 60_000), ("strip", 1_000_000),
                           ("pkg-config", 60_000), ("objdump", 450_000)]:
            layer.x(f"/usr/bin/{name}", size)
        layer.f("/usr/libexec/gcc/x86_64-linux-gnu/12/cc1", 32_000_000, "0755")
        layer.f("/usr/libexec/gcc/x86_64-linux-gnu/12/cc1plus", 35_000_000, "0755")
        layer.f("/usr/libexec/gcc/x86_64-linux-gnu/12/lto1", 30_000_000, "0755")
        layer.bulk("/usr/include", "header", 400, 14_000_000, ".h")
        layer.f("/usr/lib/x86_64-linux-gnu/libc.a", 5_800_000)
        layer.f("/usr/lib/x86_64-linux-gnu/libc.so", 253)
        layer.f("/usr/lib/x86_64-linux-gnu/crt1.o", 3_000)
    packages = [("/usr/lib/gcc/x86_64-linux-gnu/12", "gcc-support", 62_000_000),
                ("/usr/lib/x86_64-linux-gnu", "libbinutils", 24_000_000),
                ("/usr/share/perl/5.36", "perl-module", 19_000_000)]
    command = "apt-get install -y --no-install-recommends g++ gcc libc6-dev make pkg-config"
    if full:
        packages += [("/usr/lib/x86_64-linux-gnu", "dev-lib", 250_000_000),
                     ("/usr/include", "dev-header", 95_000_000),
                     ("/usr/share", "dev-share", 80_000_000),
                     ("/usr/lib/x86_64-linux-gnu/ImageMagick-6.9.11", "coder", 60_000_000)]
        command = ("set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake "
                   "bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev "
                   "libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev "
                   "libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev "
                   "libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev "
                   "libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev "
                   "libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev; rm -rf /var/lib/apt/lists/*")
    return apt_layer(layer_id, command, packages, programs)


# ---------------------------------------------------------------- images


def go_toolchain():
    layer = Layer("golang-1.22-toolchain",
                  "RUN /bin/sh -c set -eux; url='https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz'; "
                  "wget -O go.tgz \"$url\"; tar -C /usr/local -xzf go.tgz; rm go.tgz # buildkit")
    go = "/usr/local/go"
    layer.x(f"{go}/bin/go", 14_700_000).x(f"{go}/bin/gofmt", 3_200_000)
    layer.t(f"{go}/VERSION", "go1.22.5\ntime 2024-06-27T20:11:12Z\n")
    for tool, size in [("compile", 24_000_000), ("link", 7_700_000), ("asm", 5_000_000),
                       ("cgo", 5_100_000), ("vet", 9_300_000), ("cover", 5_700_000),
                       ("pprof", 16_000_000), ("trace", 14_600_000), ("buildid", 2_600_000),
                       ("covdata", 4_600_000), ("doc", 5_300_000), ("fix", 3_600_000),
                       ("nm", 4_800_000), ("objdump", 5_400_000), ("pack", 2_500_000),
                       ("test2json", 2_800_000)]:
        layer.x(f"{go}/pkg/tool/linux_amd64/{tool}", size)
    layer.bulk(f"{go}/src", "package", 400, 126_000_000, ".go")
    layer.bulk(f"{go}/pkg/include", "header", 8, 90_000, ".h")
    layer.bulk(f"{go}/lib/time", "zoneinfo", 1, 400_000, ".zip")
    layer.bulk(f"{go}/misc", "misc", 30, 3_200_000)
    layer.bulk(f"{go}/test", "test", 300, 22_000_000, ".go")
    layer.bulk(f"{go}/api", "api", 30, 1_200_000, ".txt")
    layer.t(f"{go}/LICENSE", "Copyright 2009 The Go Authors.\n")
    return layer


def go_path():
    layer = Layer("golang-gopath", 'RUN /bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH" # buildkit')
    layer.d("/go", "1777").d("/go/src", "1777").d("/go/bin", "1777")
    return layer


def workdir_go():
    return Layer("golang-workdir", "WORKDIR /go")


def node_layers():
    group_layer = Layer("node-20-user", "RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit")
    group_layer.t("/etc/passwd", passwd("node:x:1000:1000::/home/node:/bin/bash"))
    group_layer.t("/etc/group", group("node:x:1000:"))
    group_layer.d("/home/node", "0755", 1000, 1000)
    group_layer.t("/home/node/.bashrc", "# ~/.bashrc\n", "0644", 1000, 1000)
    node = Layer("node-20-runtime", "RUN /bin/sh -c ARCH= && dpkgArch=\"$(dpkg --print-architecture)\" && curl -fsSLO --compressed \"https://nodejs.org/dist/v20.15.1/node-v20.15.1-linux-x64.tar.xz\" && tar -xJf \"node-v20.15.1-linux-x64.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner && ln -s /usr/local/bin/node /usr/local/bin/nodejs # buildkit")
    node.x("/usr/local/bin/node", 96_400_000)
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
    yarn = Layer("node-20-yarn", "RUN /bin/sh -c set -ex && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/1.22.22/yarn-v1.22.22.tar.gz\" && mkdir -p /opt && tar -xzf yarn-v1.22.22.tar.gz -C /opt/ && ln -s /opt/yarn-v1.22.22/bin/yarn /usr/local/bin/yarn # buildkit")
    yarn.t("/opt/yarn-v1.22.22/bin/yarn.js", "#!/usr/bin/env node\nrequire('../lib/cli.js');\n", "0755")
    yarn.t("/opt/yarn-v1.22.22/bin/yarn", "#!/bin/sh\nexec node \"$(dirname \"$0\")/yarn.js\" \"$@\"\n", "0755")
    yarn.f("/opt/yarn-v1.22.22/lib/cli.js", 5_300_000)
    yarn.l("/usr/local/bin/yarn", "/opt/yarn-v1.22.22/bin/yarn")
    entry = Layer("node-20-entrypoint", "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit")
    entry.t("/usr/local/bin/docker-entrypoint.sh", "#!/bin/sh\nset -e\n\n# Run command with node if the first argument contains a \"-\" or is not a system command.\nif [ \"${1#-}\" != \"${1}\" ] || [ -z \"$(command -v \"${1}\")\" ] || { [ -f \"${1}\" ] && ! [ -x \"${1}\" ]; }; then\n  set -- node \"$@\"\nfi\n\nexec \"$@\"\n", "0755")
    return [group_layer, node, yarn, entry]


def python_layers():
    py = Layer("python-3.12-runtime", "RUN /bin/sh -c set -eux; wget -O python.tar.xz \"https://www.python.org/ftp/python/3.12.4/Python-3.12.4.tar.xz\"; ./configure --enable-optimizations --enable-shared; make -j \"$(nproc)\"; make install; ldconfig; python3 --version # buildkit")
    py.x("/usr/local/bin/python3.12", 17_000)
    py.l("/usr/local/bin/python3", "python3.12")
    py.l("/usr/local/bin/python", "python3")
    py.f("/usr/local/lib/libpython3.12.so.1.0", 26_300_000)
    py.bulk("/usr/local/lib/python3.12", "module", 400, 48_000_000, ".py")
    py.bulk("/usr/local/lib/python3.12/lib-dynload", "extension", 70, 14_000_000, ".so")
    py.bulk("/usr/local/lib/python3.12/test", "test", 300, 30_000_000, ".py")
    py.bulk("/usr/local/include/python3.12", "header", 90, 1_600_000, ".h")
    py.t("/usr/local/bin/pip", "#!/usr/local/bin/python3.12\nfrom pip._internal.cli.main import main\nmain()\n", "0755")
    py.l("/usr/local/bin/pip3", "pip")
    py.bulk("/usr/local/lib/python3.12/site-packages/pip", "module", 200, 14_000_000, ".py")
    links = Layer("python-3.12-links", "RUN /bin/sh -c set -eux; for src in idle3 pydoc3 python3 python3-config; do dst=\"$(echo \"$src\" | tr -d 3)\"; [ -s \"/usr/local/bin/$src\" ]; [ ! -e \"/usr/local/bin/$dst\" ]; ln -svT \"$src\" \"/usr/local/bin/$dst\"; done # buildkit")
    links.l("/usr/local/bin/pydoc", "pydoc3").t("/usr/local/bin/pydoc3", "#!/usr/local/bin/python3.12\nimport pydoc\npydoc.cli()\n", "0755")
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


def alpine_image():
    layer = Layer("alpine-3.19-rootfs", "ADD file:alpine-minirootfs-3.19.1-x86_64.tar.gz in / ")
    for d in ["/bin", "/dev", "/etc", "/etc/apk", "/etc/apk/keys", "/etc/apk/protected_paths.d",
              "/etc/profile.d", "/etc/ssl", "/etc/ssl/certs", "/home", "/lib", "/lib/apk",
              "/lib/apk/db", "/media", "/mnt", "/opt", "/proc", "/run", "/sbin", "/srv", "/sys",
              "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin", "/usr/local/lib",
              "/usr/local/share", "/usr/sbin", "/usr/share", "/var", "/var/cache",
              "/var/cache/apk", "/var/lib", "/var/lib/apk", "/var/log", "/var/spool", "/var/opt"]:
        layer.d(d)
    layer.d("/root", "0700").d("/tmp", "1777").d("/var/tmp", "1777")
    layer.x("/bin/busybox", 808_712)
    busybox_applets(layer, "/bin/busybox")
    layer.x("/lib/ld-musl-x86_64.so.1", 604_656).l("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
    for name, size in [("libcrypto.so.3", 4_428_376), ("libssl.so.3", 618_704),
                       ("libz.so.1.3.1", 100_472), ("libapk.so.2.14.0", 210_232)]:
        layer.f(f"/lib/{name}", size, "0755")
    layer.l("/lib/libz.so.1", "libz.so.1.3.1")
    layer.x("/sbin/apk", 69_464).x("/sbin/ldconfig", 393).x("/usr/bin/ssl_client", 14_264)
    layer.x("/usr/bin/scanelf", 71_080).x("/usr/bin/getent", 45_232).x("/usr/bin/ldd", 604)
    layer.x("/usr/bin/iconv", 24_000).x("/usr/bin/getconf", 38_000)
    layer.f("/usr/lib/engines-3/afalg.so", 23_000).f("/usr/lib/ossl-modules/legacy.so", 104_000)
    layer.f("/etc/ssl/cert.pem", 222_352).f("/etc/ssl/certs/ca-certificates.crt", 222_352)
    layer.bulk("/etc/apk/keys", "alpine-devel@lists.alpinelinux.org", 3, 2_400, ".rsa.pub")
    layer.t("/etc/apk/repositories", "https://dl-cdn.alpinelinux.org/alpine/v3.19/main\n"
            "https://dl-cdn.alpinelinux.org/alpine/v3.19/community\n")
    layer.t("/etc/apk/world", "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nca-certificates-bundle\n"
            "libc-utils\nlibcrypto3\nlibssl3\nmusl\nmusl-utils\nscanelf\nssl_client\nzlib\n")
    layer.t("/etc/apk/arch", "x86_64\n")
    layer.f("/lib/apk/db/installed", 27_340).f("/lib/apk/db/scripts.tar", 12_288)
    layer.t("/lib/apk/db/triggers", "").t("/lib/apk/db/lock", "", "0600")
    layer.t("/etc/alpine-release", "3.19.1\n")
    layer.t("/etc/os-release", 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n'
            'PRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\n')
    layer.t("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\n"
            "daemon:x:2:2:daemon:/sbin:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\n"
            "sync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\n"
            "halt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/mail:/sbin/nologin\n"
            "news:x:9:13:news:/usr/lib/news:/sbin/nologin\nuucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\n"
            "cron:x:16:16:cron:/var/spool/cron:/sbin/nologin\nftp:x:21:21::/var/lib/ftp:/sbin/nologin\n"
            "sshd:x:22:22:sshd:/dev/null:/sbin/nologin\ngames:x:35:35:games:/usr/games:/sbin/nologin\n"
            "ntp:x:123:123:NTP:/var/empty:/sbin/nologin\nguest:x:405:100:guest:/dev/null:/sbin/nologin\n"
            "nobody:x:65534:65534:nobody:/:/sbin/nologin\n")
    layer.t("/etc/group", "root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\n"
            "sys:x:3:root,bin\nadm:x:4:root,daemon\ntty:x:5:\ndisk:x:6:root\nlp:x:7:lp\nkmem:x:9:\n"
            "wheel:x:10:root\nfloppy:x:11:root\nmail:x:12:mail\nnews:x:13:news\nuucp:x:14:uucp\n"
            "cron:x:16:cron\naudio:x:18:\ncdrom:x:19:\ndialout:x:20:root\nftp:x:21:\nsshd:x:22:\n"
            "input:x:23:\ntape:x:26:root\nvideo:x:27:root\nnetdev:x:28:\nkvm:x:34:kvm\ngames:x:35:\n"
            "shadow:x:42:\nwww-data:x:82:\nusers:x:100:games\nntp:x:123:\nabuild:x:300:\n"
            "utmp:x:406:\nping:x:999:\nnogroup:x:65533:\nnobody:x:65534:\n")
    layer.t("/etc/shadow", "root:*::0:::::\n", "0640", 0, 42)
    layer.t("/etc/profile", 'export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n'
            'export PAGER=less\numask 022\nfor script in /etc/profile.d/*.sh ; do\n  if [ -r "$script" ] ; then\n    . "$script"\n  fi\ndone\n')
    layer.t("/etc/hostname", "localhost\n").t("/etc/shells", "/bin/sh\n/bin/ash\n")
    layer.t("/etc/motd", "Welcome to Alpine!\n")
    layer.bulk("/usr/share/apk/keys", "key", 20, 16_000, ".rsa.pub")
    layer.bulk("/usr/share/udhcpc", "script", 1, 4_000)
    return layer


DEBIAN_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
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
    layers = [debian, debian_slim, curl, scm, full_build, go_build, go, gopath, gowork, busybox, alpine] + node + python

    images = [
        {
            "name": "busybox", "tags": ["1.36", "1.36.1", "latest", "stable", "glibc"], "family": "busybox",
            "description": "BusyBox 1.36 on glibc: one 1 MB binary provides sh and about 130 applets. "
                           "Approximated from its documented contents.",
            "libc": "glibc", "shell": "ash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["sh"]},
            "layers": [busybox.id],
        },
        {
            "name": "alpine", "tags": ["3.19", "3.19.1", "3", "latest"], "family": "alpine",
            "description": "Alpine Linux 3.19: musl libc, BusyBox and apk. Approximated from its "
                           "documented package set.",
            "libc": "musl", "shell": "ash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["/bin/sh"]},
            "layers": [alpine.id],
        },
        {
            "name": "debian", "tags": ["bookworm", "12", "12.5", "latest"], "family": "debian",
            "description": "Debian 12 (bookworm): glibc, dash as /bin/sh, bash, coreutils, apt and dpkg.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["bash"]},
            "layers": [debian.id],
        },
        {
            "name": "debian", "tags": ["bookworm-slim", "12-slim", "stable-slim"], "family": "debian",
            "description": "Debian 12 (bookworm) without documentation, manual pages and most locales.",
            "libc": "glibc", "shell": "dash",
            "config": {"Env": DEBIAN_ENV, "Cmd": ["bash"]},
            "layers": [debian_slim.id],
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
        },
    ]
    catalog = {
        "schema": 1,
        "note": "Generated by catalog/generate.py; do not edit by hand.",
        "images": images,
        "layers": {layer.id: layer.json() for layer in layers},
    }
    with open(os.path.join(here, "catalog.json"), "w") as out:
        json.dump(catalog, out, separators=(",", ":"), sort_keys=False)
        out.write("\n")
    for image in images:
        total = sum(e[3] for lid in image["layers"] for e in catalog["layers"][lid]["entries"]
                    if e[0] == "f")
        total += sum(len(e[3].encode()) for lid in image["layers"]
                     for e in catalog["layers"][lid]["entries"] if e[0] == "t")
        print(f"{image['name']}:{image['tags'][0]:<16} {total / MB:8.1f} MiB")


if __name__ == "__main__":
    main()
