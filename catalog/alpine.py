#!/usr/bin/env python3
"""Alpine Linux 3.19 packages for Stagecraft's `apk`: documented
approximations.

Alpine's package index is not reachable from the machines Stagecraft is
built on, so this table is written by hand from the package pages of
pkgs.alpinelinux.org (v3.19, x86_64): each package's version, installed
size and dependencies, and its main files; the rest of its installed size
is spread over a few files under its own directory. Sizes are rounded.
Run

    python3 catalog/alpine.py

to write catalog/apk/alpine-3.19.pack, in the format of
catalog/apt/debian-bookworm.pack (see debian.py).
"""
import json
import os

import pack

HERE = os.path.dirname(os.path.abspath(__file__))
KB = 1024

# name: (version, installed KiB, dependencies, {path: size in bytes}, mode of those files)
# Paths ending in "/" get the rest of the installed size, spread over files.
P = {}


def pkg(name, version, kb, deps=(), files=None, provides=()):
    P[name] = {"version": version, "kb": kb, "deps": list(deps),
               "files": files or {}, "provides": list(provides)}


# The image itself (alpine-minirootfs-3.19.1): installed already, files in
# the rootfs layer.
BASE = ["alpine-baselayout", "alpine-baselayout-data", "alpine-keys", "apk-tools", "busybox",
        "busybox-binsh", "ca-certificates-bundle", "libc-utils", "libcrypto3", "libssl3",
        "musl", "musl-utils", "scanelf", "ssl_client", "zlib"]
for name, version, kb in [
        ("alpine-baselayout", "3.4.3-r2", 8), ("alpine-baselayout-data", "3.4.3-r2", 18),
        ("alpine-keys", "2.4-r1", 156), ("apk-tools", "2.14.0-r5", 300),
        ("busybox", "1.36.1-r15", 944), ("busybox-binsh", "1.36.1-r15", 4),
        ("ca-certificates-bundle", "20230506-r0", 216), ("libc-utils", "0.7.2-r5", 4),
        ("libcrypto3", "3.1.4-r5", 4944), ("libssl3", "3.1.4-r5", 648),
        ("musl", "1.2.4_git20230717-r4", 632), ("musl-utils", "1.2.4_git20230717-r4", 140),
        ("scanelf", "1.3.7-r2", 84), ("ssl_client", "1.36.1-r15", 28), ("zlib", "1.3.1-r0", 104)]:
    pkg(name, version, kb, provides=["/bin/sh"] if name == "busybox-binsh" else ())

lib = "/usr/lib"
pkg("ca-certificates", "20240226-r0", 680, ["libcrypto3"],
    {"/etc/ssl/certs/ca-certificates.crt": 220_000, "/usr/share/ca-certificates/": 0,
     "/usr/bin/update-ca-certificates": 34_000})
pkg("brotli-libs", "1.1.0-r1", 812, [], {f"{lib}/libbrotlienc.so.1.1.0": 560_000,
                                          f"{lib}/libbrotlidec.so.1.1.0": 50_000,
                                          f"{lib}/libbrotlicommon.so.1.1.0": 140_000})
pkg("c-ares", "1.24.0-r1", 212, [], {f"{lib}/libcares.so.2.7.1": 210_000})
pkg("libunistring", "1.1-r2", 1740, [], {f"{lib}/libunistring.so.5.0.0": 1_770_000})
pkg("libidn2", "2.3.4-r4", 156, ["libunistring"], {f"{lib}/libidn2.so.0.3.8": 150_000})
pkg("libpsl", "0.21.5-r0", 76, [], {f"{lib}/libpsl.so.5.3.4": 74_000})
pkg("nghttp2-libs", "1.58.0-r0", 172, [], {f"{lib}/libnghttp2.so.14.24.1": 170_000})
pkg("zstd-libs", "1.5.5-r8", 664, [], {f"{lib}/libzstd.so.1.5.5": 660_000})
pkg("libcurl", "8.5.0-r0", 724, ["brotli-libs", "c-ares", "libidn2", "libpsl", "nghttp2-libs",
                                  "zlib", "zstd-libs", "libssl3", "libcrypto3", "ca-certificates"],
    {f"{lib}/libcurl.so.4.8.0": 720_000})
pkg("curl", "8.5.0-r0", 260, ["libcurl", "ca-certificates"], {"/usr/bin/curl": 255_000})
pkg("wget", "1.21.4-r0", 556, ["libidn2", "libunistring", "libssl3", "pcre2", "zlib"],
    {"/usr/bin/wget": 550_000})
pkg("pcre2", "10.42-r2", 680, [], {f"{lib}/libpcre2-8.so.0.11.2": 580_000})
pkg("libexpat", "2.6.0-r0", 192, [], {f"{lib}/libexpat.so.1.8.10": 190_000})
pkg("git", "2.43.0-r0", 12_564, ["libcurl", "libexpat", "pcre2", "zlib"],
    {"/usr/bin/git": 3_400_000, "/usr/libexec/git-core/": 0, "/usr/share/git-core/templates/": 0})
pkg("openssh-keygen", "9.6_p1-r0", 612, ["libcrypto3"], {"/usr/bin/ssh-keygen": 600_000})
pkg("openssh-client-common", "9.6_p1-r0", 2_480, ["openssh-keygen"],
    {"/usr/bin/scp": 140_000, "/usr/bin/sftp": 150_000, "/usr/bin/ssh-add": 160_000,
     "/usr/bin/ssh-agent": 350_000, "/usr/libexec/": 0})
pkg("openssh-client-default", "9.6_p1-r0", 980, ["openssh-client-common"],
    {"/usr/bin/ssh": 980_000})
pkg("openssh-client", "9.6_p1-r0", 4, ["openssh-client-default"])
pkg("readline", "8.2.1-r2", 276, ["ncurses-libs"], {f"{lib}/libreadline.so.8.2": 270_000})
pkg("ncurses-terminfo-base", "6.4_p20231125-r0", 112, [], {"/etc/terminfo/": 0})
pkg("ncurses-libs", "6.4_p20231125-r0", 484, ["ncurses-terminfo-base"],
    {f"{lib}/libncursesw.so.6.4": 400_000})
pkg("bash", "5.2.21-r0", 1_296, ["readline", "ncurses-terminfo-base"],
    {"/bin/bash": 1_290_000})
pkg("tzdata", "2024a-r0", 1_580, [], {"/usr/share/zoneinfo/": 0})
pkg("libgcc", "13.2.1_git20231014-r0", 164, [], {f"{lib}/libgcc_s.so.1": 160_000})
pkg("libstdc++", "13.2.1_git20231014-r0", 2_484, ["libgcc"], {f"{lib}/libstdc++.so.6.0.32": 2_480_000})
pkg("libc6-compat", "1.2.4_git20230717-r4", 12, [], {"/lib64/ld-linux-x86-64.so.2": 0,
                                                      "/lib/libc.so.6": 0})
pkg("gcompat", "1.1.0-r4", 64, ["musl-obstack"], {"/lib/libgcompat.so.0": 50_000,
                                                    "/lib/ld-linux-x86-64.so.2": 0})
pkg("musl-obstack", "1.2.3-r2", 24, [], {f"{lib}/libobstack.so.1.0.0": 20_000})
pkg("su-exec", "0.2-r3", 24, [], {"/sbin/su-exec": 18_000})
pkg("tini", "0.19.0-r2", 48, [], {"/sbin/tini": 24_000})
pkg("dumb-init", "1.2.5-r3", 48, [], {"/usr/bin/dumb-init": 38_000})
pkg("jq", "1.7.1-r0", 316, ["oniguruma"], {"/usr/bin/jq": 300_000})
pkg("oniguruma", "6.9.9-r0", 600, [], {f"{lib}/libonig.so.5.4.0": 590_000})
pkg("openssl", "3.1.4-r5", 884, ["libcrypto3", "libssl3"], {"/usr/bin/openssl": 880_000})
pkg("unzip", "6.0-r14", 200, [], {"/usr/bin/unzip": 190_000})
pkg("zip", "3.0-r12", 412, [], {"/usr/bin/zip": 230_000})
pkg("xz-libs", "5.4.5-r0", 176, [], {f"{lib}/liblzma.so.5.4.5": 170_000})
pkg("xz", "5.4.5-r0", 240, ["xz-libs"], {"/usr/bin/xz": 90_000})
pkg("tar", "1.35-r2", 480, [], {"/bin/tar": 470_000})
pkg("coreutils", "9.4-r1", 1_180, ["libacl", "libattr", "skalibs", "utmps-libs"],
    {"/bin/coreutils": 1_100_000})
pkg("libacl", "2.3.1-r4", 40, ["libattr"], {f"{lib}/libacl.so.1.1.2301": 36_000})
pkg("libattr", "2.5.1-r5", 24, [], {f"{lib}/libattr.so.1.1.2501": 20_000})
pkg("skalibs", "2.14.0.1-r0", 196, [], {f"{lib}/libskarnet.so.2.14.0.1": 190_000})
pkg("utmps-libs", "0.1.2.2-r0", 32, ["skalibs"], {f"{lib}/libutmps.so.0.1.2.2": 28_000})
pkg("make", "4.4.1-r2", 268, [], {"/usr/bin/make": 260_000})
pkg("patch", "2.7.6-r10", 148, [], {"/usr/bin/patch": 140_000})
pkg("libmagic", "5.45-r1", 8_100, [], {f"{lib}/libmagic.so.1.0.0": 160_000,
                                       "/usr/share/misc/magic.mgc": 7_900_000})
pkg("file", "5.45-r1", 28, ["libmagic"], {"/usr/bin/file": 24_000})
pkg("binutils", "2.41-r0", 7_680, ["jansson", "zstd-libs", "libstdc++"],
    {"/usr/bin/ld.bfd": 1_700_000, "/usr/bin/as": 900_000, "/usr/bin/objdump": 500_000,
     "/usr/bin/strip": 400_000, f"{lib}/libbfd-2.41.so": 1_900_000})
pkg("jansson", "2.14-r4", 72, [], {f"{lib}/libjansson.so.4.14.0": 70_000})
pkg("gmp", "6.3.0-r0", 420, [], {f"{lib}/libgmp.so.10.5.0": 410_000})
pkg("mpfr4", "4.2.1-r0", 2_400, ["gmp"], {f"{lib}/libmpfr.so.6.2.1": 2_350_000})
pkg("mpc1", "1.3.1-r1", 120, ["gmp", "mpfr4"], {f"{lib}/libmpc.so.3.3.1": 115_000})
pkg("isl26", "0.26-r1", 2_960, ["gmp"], {f"{lib}/libisl.so.23.3.0": 2_900_000})
pkg("libgomp", "13.2.1_git20231014-r0", 312, [], {f"{lib}/libgomp.so.1.0.0": 300_000})
pkg("libatomic", "13.2.1_git20231014-r0", 40, [], {f"{lib}/libatomic.so.1.2.0": 30_000})
pkg("gcc", "13.2.1_git20231014-r0", 92_000,
    ["binutils", "libgcc", "libstdc++", "libgomp", "libatomic", "gmp", "isl26", "mpc1",
     "mpfr4", "zlib", "zstd-libs"],
    {"/usr/bin/gcc": 1_000_000, "/usr/bin/cc": 0,
     "/usr/libexec/gcc/x86_64-alpine-linux-musl/13.2.1/cc1": 33_000_000,
     "/usr/libexec/gcc/x86_64-alpine-linux-musl/13.2.1/lto1": 31_000_000,
     # GCC's own headers: the freestanding ones a C program includes.
     **{f"/usr/lib/gcc/x86_64-alpine-linux-musl/13.2.1/include/{h}": size
        for h, size in [("stddef.h", 13_600), ("stdarg.h", 4_200), ("stdbool.h", 1_200),
                        ("float.h", 21_000), ("stdatomic.h", 9_200), ("stdalign.h", 1_300),
                        ("stdnoreturn.h", 1_100), ("limits.h", 6_300)]}})
pkg("libstdc++-dev", "13.2.1_git20231014-r0", 16_500, ["libstdc++"], {"/usr/include/c++/13.2.1/": 0})
pkg("g++", "13.2.1_git20231014-r0", 36_900, ["gcc", "libstdc++-dev", "musl-dev"],
    {"/usr/bin/g++": 1_000_000, "/usr/bin/c++": 1_000_000,
     "/usr/libexec/gcc/x86_64-alpine-linux-musl/13.2.1/cc1plus": 34_800_000})
# The C library's headers (the common ones, at their sizes), so that a
# program's #include is found as it is on Alpine.
MUSL_HEADERS = {
    "stdio.h": 5_700, "stdlib.h": 5_400, "string.h": 3_200, "strings.h": 1_100,
    "unistd.h": 12_600, "errno.h": 530, "stdint.h": 2_600, "inttypes.h": 5_900,
    "math.h": 11_500, "time.h": 4_000, "signal.h": 8_500, "fcntl.h": 5_600,
    "ctype.h": 1_600, "limits.h": 4_000, "assert.h": 400, "dirent.h": 2_400,
    "netdb.h": 4_500, "locale.h": 1_900, "setjmp.h": 1_100, "dlfcn.h": 1_000,
    "poll.h": 1_100, "termios.h": 1_300, "getopt.h": 700, "wchar.h": 5_600,
    "pthread.h": 7_900, "sched.h": 4_200, "syslog.h": 2_100, "pwd.h": 1_200,
    "grp.h": 1_200, "libgen.h": 200, "glob.h": 1_000, "regex.h": 1_800,
    "features.h": 900, "alloca.h": 300, "endian.h": 1_900, "byteswap.h": 600,
    "sys/types.h": 1_700, "sys/stat.h": 3_400, "sys/socket.h": 11_000,
    "sys/time.h": 1_700, "sys/wait.h": 1_500, "sys/mman.h": 4_700, "sys/ioctl.h": 3_700,
    "sys/select.h": 1_100, "sys/uio.h": 1_200, "sys/un.h": 500, "sys/utsname.h": 400,
    "sys/resource.h": 3_500, "sys/param.h": 800, "sys/file.h": 400, "sys/epoll.h": 1_800,
    "netinet/in.h": 12_500, "netinet/tcp.h": 7_800, "arpa/inet.h": 1_000,
    "bits/alltypes.h": 9_800, "bits/syscall.h": 44_000,
}
pkg("musl-dev", "1.2.4_git20230717-r4", 3_960, ["musl"],
    {f"{lib}/libc.a": 2_400_000, f"{lib}/crt1.o": 1_500,
     **{f"/usr/include/{h}": size for h, size in MUSL_HEADERS.items()}})
pkg("libc-dev", "0.7.2-r5", 4, ["musl-dev"])
pkg("fortify-headers", "1.1-r3", 68, [], {"/usr/include/fortify/": 0})
pkg("linux-headers", "6.5-r0", 7_000, [], {"/usr/include/linux/": 0})
pkg("build-base", "0.5-r3", 4, ["binutils", "file", "fortify-headers", "g++", "gcc", "libc-dev",
                                "make", "patch"])
pkg("pkgconf", "2.1.0-r0", 144, [], {"/usr/bin/pkgconf": 50_000})
pkg("openssl-dev", "3.1.4-r5", 3_300, ["libcrypto3", "libssl3", "pkgconf"],
    {"/usr/include/openssl/": 0})
pkg("zlib-dev", "1.3.1-r0", 180, ["zlib", "pkgconf"], {"/usr/include/zlib.h": 97_000})
pkg("libffi", "3.4.4-r3", 48, [], {f"{lib}/libffi.so.8.1.2": 44_000})
pkg("libffi-dev", "3.4.4-r3", 140, ["libffi", "linux-headers"], {"/usr/include/ffi.h": 14_000})
pkg("gdbm", "1.23-r1", 220, [], {f"{lib}/libgdbm.so.6.0.0": 60_000})
pkg("mpdecimal", "2.5.1-r2", 336, [], {f"{lib}/libmpdec.so.2.5.1": 330_000})
pkg("sqlite-libs", "3.44.2-r0", 1_480, [], {f"{lib}/libsqlite3.so.0.8.6": 1_470_000})
pkg("libbz2", "1.0.8-r6", 76, [], {f"{lib}/libbz2.so.1.0.8": 72_000})
pkg("libuuid", "2.39.3-r0", 40, [], {f"{lib}/libuuid.so.1.3.0": 36_000})
pkg("libpanelw", "6.4_p20231125-r0", 20, ["ncurses-libs"], {f"{lib}/libpanelw.so.6.4": 16_000})
pkg("python3", "3.11.8-r0", 43_500,
    ["libbz2", "libexpat", "libffi", "gdbm", "xz-libs", "mpdecimal", "libpanelw", "readline",
     "sqlite-libs", "libuuid", "zlib", "ca-certificates"],
    {"/usr/bin/python3.11": 14_000, "/usr/bin/python3": 0,
     f"{lib}/libpython3.11.so.1.0": 5_900_000, f"{lib}/python3.11/": 0})
pkg("python3-dev", "3.11.8-r0", 5_500, ["python3", "pkgconf"], {"/usr/include/python3.11/": 0})
pkg("py3-setuptools", "68.2.2-r0", 4_300, ["python3"], {f"{lib}/python3.11/site-packages/setuptools/": 0})
pkg("py3-pip", "23.3.1-r0", 12_600, ["py3-setuptools"],
    {"/usr/bin/pip": 200, "/usr/bin/pip3": 200, f"{lib}/python3.11/site-packages/pip/": 0})
pkg("icu-data-en", "74.1-r0", 2_300, [], {"/usr/share/icu/74.1/icudt74l.dat": 2_300_000})
pkg("icu-libs", "74.1-r0", 4_700, ["libgcc", "libstdc++", "icu-data-en"],
    {f"{lib}/libicuuc.so.74.1": 2_200_000, f"{lib}/libicui18n.so.74.1": 3_500_000})
pkg("ada-libs", "2.7.4-r0", 420, ["libgcc", "libstdc++"], {f"{lib}/libada.so.2.7.4": 410_000})
pkg("simdutf", "4.0.8-r0", 1_200, ["libstdc++"], {f"{lib}/libsimdutf.so.14.0.0": 1_180_000})
pkg("nodejs", "20.11.1-r0", 44_500,
    ["ada-libs", "brotli-libs", "c-ares", "icu-libs", "libcrypto3", "libssl3", "libgcc",
     "libstdc++", "nghttp2-libs", "simdutf", "zlib", "ca-certificates"],
    {"/usr/bin/node": 44_000_000})
pkg("npm", "10.2.5-r0", 9_300, ["nodejs"], {"/usr/lib/node_modules/npm/": 0, "/usr/bin/npm": 0})
pkg("yarn", "1.22.19-r0", 5_400, ["nodejs"], {"/usr/share/yarn/": 0, "/usr/bin/yarn": 0})
pkg("go", "1.21.8-r0", 240_000, ["binutils", "gcc", "musl-dev"],
    {"/usr/lib/go/bin/go": 13_400_000, "/usr/bin/go": 0, "/usr/lib/go/src/": 0,
     "/usr/lib/go/pkg/tool/linux_amd64/": 0})
pkg("nginx", "1.24.0-r15", 1_380, ["pcre2", "libssl3", "libcrypto3", "zlib"],
    {"/usr/sbin/nginx": 1_300_000, "/etc/nginx/nginx.conf": 3_000})
pkg("nginx-module-njs", "1.25.5.0.8.4-r1", 6_200, ["nginx"], {f"{lib}/nginx/modules/ngx_http_js_module.so": 2_900_000,
                                                          f"{lib}/nginx/modules/ngx_stream_js_module.so": 2_800_000,
                                                          "/usr/bin/njs": 500_000})
pkg("nginx-module-image-filter", "1.25.5-r1", 40, ["nginx", "libgd"], {f"{lib}/nginx/modules/ngx_http_image_filter_module.so": 30_000})
pkg("libgd", "2.3.3-r8", 620, ["fontconfig", "freetype", "libjpeg-turbo", "libpng", "libwebp"],
    {f"{lib}/libgd.so.3.0.11": 470_000, f"{lib}/gd/": 0})
pkg("gettext-envsubst", "0.22.3-r0", 60, [], {"/usr/bin/envsubst": 50_000})
pkg("libpq", "16.2-r0", 364, ["libssl3"], {f"{lib}/libpq.so.5.16": 350_000})
pkg("postgresql16-client", "16.2-r0", 4_700, ["libpq", "readline", "zstd-libs"],
    {"/usr/libexec/postgresql16/psql": 750_000, "/usr/bin/psql": 0})
pkg("postgresql-client", "16-r0", 4, ["postgresql16-client"])
pkg("libpq-dev", "16.2-r0", 1_100, ["libpq", "openssl-dev"], {"/usr/include/postgresql/": 0})
pkg("mariadb-connector-c", "3.3.8-r0", 620, ["libssl3", "zlib"], {f"{lib}/libmariadb.so.3": 400_000})
pkg("shadow", "4.14.2-r0", 1_560, ["linux-pam"], {"/usr/sbin/useradd": 130_000,
                                                   "/usr/sbin/groupadd": 90_000})
pkg("linux-pam", "1.5.3-r7", 1_040, [], {f"{lib}/libpam.so.0.85.1": 60_000, "/lib/security/": 0})
pkg("sudo", "1.9.15_p5-r0", 3_400, [], {"/usr/bin/sudo": 260_000, "/usr/libexec/sudo/": 0})
pkg("openrc", "0.52.1-r2", 2_300, [], {"/sbin/openrc": 30_000, "/lib/rc/": 0})
pkg("vim", "9.0.2127-r0", 3_900, ["ncurses-libs"], {"/usr/bin/vim": 3_000_000})
pkg("nano", "7.2-r1", 640, ["ncurses-libs"], {"/usr/bin/nano": 280_000})
pkg("less", "643-r1", 232, ["ncurses-libs"], {"/usr/bin/less": 200_000})
pkg("htop", "3.2.2-r1", 260, ["ncurses-libs"], {"/usr/bin/htop": 250_000})
pkg("rsync", "3.2.7-r4", 540, ["acl-libs", "libzstd", "lz4-libs", "popt", "xxhash"],
    {"/usr/bin/rsync": 520_000})
pkg("acl-libs", "2.3.1-r4", 40, [], {f"{lib}/libacl.so.1.1.2301": 36_000})
pkg("libzstd", "1.5.5-r8", 4, ["zstd-libs"])
pkg("lz4-libs", "1.9.4-r5", 140, [], {f"{lib}/liblz4.so.1.9.4": 130_000})
pkg("popt", "1.19-r3", 64, [], {f"{lib}/libpopt.so.0.0.2": 60_000})
pkg("xxhash", "0.8.2-r2", 180, [], {f"{lib}/libxxhash.so.0.8.2": 170_000})
pkg("imagemagick", "7.1.1.26-r0", 8_900, ["fontconfig", "freetype", "libjpeg-turbo", "libpng",
                                           "libwebp", "libgomp", "libltdl"],
    {"/usr/bin/magick": 30_000, f"{lib}/ImageMagick-7.1.1/": 0})
pkg("fontconfig", "2.14.2-r4", 740, ["freetype", "libexpat"], {f"{lib}/libfontconfig.so.1.12.0": 300_000})
pkg("freetype", "2.13.2-r0", 740, ["libbz2", "libpng", "zlib"], {f"{lib}/libfreetype.so.6.20.1": 730_000})
pkg("libjpeg-turbo", "3.0.1-r0", 1_000, [], {f"{lib}/libjpeg.so.8.3.2": 500_000})
pkg("libpng", "1.6.40-r0", 220, ["zlib"], {f"{lib}/libpng16.so.16.40.0": 210_000})
pkg("libwebp", "1.3.2-r0", 440, [], {f"{lib}/libwebp.so.7.1.8": 400_000})
pkg("libltdl", "2.4.7-r3", 40, [], {f"{lib}/libltdl.so.7.3.2": 36_000})
pkg("chromium", "121.0.6167.160-r0", 236_000, ["nss", "freetype", "fontconfig", "libstdc++"],
    {f"{lib}/chromium/chrome": 230_000_000})
pkg("nss", "3.96.1-r0", 3_900, ["nspr"], {f"{lib}/libnss3.so": 1_400_000})
pkg("nspr", "4.35-r4", 340, [], {f"{lib}/libnspr4.so": 260_000})
pkg("git-lfs", "3.4.0-r6", 11_300, ["git"], {"/usr/bin/git-lfs": 11_300_000})
pkg("cargo", "1.72.1-r0", 27_000, ["rust"], {"/usr/bin/cargo": 27_000_000})
pkg("rust", "1.72.1-r0", 280_000, ["gcc", "musl-dev", "llvm17-libs"],
    {"/usr/bin/rustc": 600_000, f"{lib}/rustlib/": 0})
pkg("llvm17-libs", "17.0.5-r0", 112_000, ["libffi", "libxml2", "zstd-libs", "libstdc++"],
    {f"{lib}/llvm17/lib/libLLVM-17.so": 112_000_000})
pkg("libxml2", "2.11.7-r0", 1_200, ["xz-libs", "zlib"], {f"{lib}/libxml2.so.2.11.7": 1_150_000})
pkg("openjdk17-jre-headless", "17.0.10_p7-r0", 188_000, ["java-common", "libjpeg-turbo",
                                                          "java-cacerts"],
    {"/usr/lib/jvm/java-17-openjdk/": 0})
pkg("openjdk17-jdk", "17.0.10_p7-r0", 58_000, ["openjdk17-jre-headless"],
    {"/usr/lib/jvm/java-17-openjdk/jmods/": 0})
pkg("java-common", "0.5-r0", 8, [])
pkg("java-cacerts", "1.0-r1", 4, ["ca-certificates"])
pkg("maven", "3.9.6-r0", 10_500, ["openjdk17-jre-headless"], {"/usr/share/java/maven-3/": 0,
                                                              "/usr/bin/mvn": 0})

# Dependencies on a shell library name are met by the base image.
for record in P.values():
    record["deps"] = [d for d in record["deps"] if d in P]


def package_files(name, record):
    files = []
    listed = 0
    spread_dirs = []
    for path, size in record["files"].items():
        if path.endswith("/"):
            spread_dirs.append(path.rstrip("/"))
            continue
        if size == 0 and not path.endswith("/"):
            # A link to the package's first real file.
            target = next((p for p, s in record["files"].items() if s > 0 and not p.endswith("/")),
                          None)
            if target:
                files.append(["l", path, target])
                continue
        mode = "755" if "/bin/" in path or "/sbin/" in path or "libexec" in path else "644"
        files.append(["f", path, mode, size])
        listed += size
    rest = max(0, record["kb"] * KB - listed)
    if rest:
        where = spread_dirs or [f"/usr/share/{name}"]
        per_dir = rest // len(where)
        for directory in where:
            count = max(1, min(40, per_dir // 200_000))
            for i in range(count):
                files.append(["f", f"{directory}/part-{i + 1:02d}", "644", per_dir // count])
    return files


def main():
    packages = {}
    for name, record in sorted(P.items()):
        entry = {
            "version": record["version"],
            "installed_kb": record["kb"],
            "deb_size": record["kb"] * KB * 45 // 100,
            "priority": "required" if name in BASE else "optional",
            "section": "alpine",
            "files": [] if name in BASE else package_files(name, record),
        }
        if record["deps"]:
            entry["depends"] = [[d] for d in record["deps"]]
        if record["provides"]:
            entry["provides"] = record["provides"]
        packages[name] = entry
    data = {
        "schema": 1,
        "distribution": "alpine-3.19",
        "release": {"version": "3.19.1", "note": "documented approximations"},
        "base": BASE,
        # What `apk update` (or `apk add` without --no-cache) keeps.
        "lists": [["APKINDEX.bb0ba1ce.tar.gz", 539_000], ["APKINDEX.1f3d6d8a.tar.gz", 1_931_000]],
        "others": {},
        "virtual": {},
        "popular": sorted(n for n in P if n not in BASE),
        "packages": packages,
    }
    out = os.path.join(HERE, "apk", "alpine-3.19.pack")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    pack.write(data, out)
    print(f"{out}: {len(packages)} packages, {len(text)} bytes of JSON")


if __name__ == "__main__":
    main()
