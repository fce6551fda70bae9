#!/usr/bin/env python3
"""Checks catalog/npm/shards and catalog/pypi/shards.

Every shard of the 64 is there and reads; each package is in the shard its
name hashes to (fnv1a32(name) % 64); every package and version of
npm/registry.json.gz and every project of pypi/packages.json.gz is in the
shards and equal to it; counts are printed.

    python3 catalog/shards_check.py
"""
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARDS = 64


def fnv1a32(data):
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def read_shards(directory, schema_keys):
    packages, sizes = {}, {}
    for i in range(SHARDS):
        xx = format(i, "02x")
        path = os.path.join(HERE, directory, "shards", f"{xx}.json.gz")
        raw = open(path, "rb").read()
        sizes[xx] = len(raw)
        data = json.loads(gzip.decompress(raw))
        assert data["schema"] == 2, path
        assert set(data) == schema_keys, (path, sorted(data))
        for name, p in data["packages"].items():
            want = format(fnv1a32(name.encode("utf-8")) % SHARDS, "02x")
            assert want == xx, f"{name} is in shard {xx}, hashes to {want}"
            assert name not in packages, name
            packages[name] = p
    return packages, sizes


def check_npm():
    packages, sizes = read_shards("npm", {"schema", "packages"})
    old = json.load(gzip.open(os.path.join(HERE, "npm", "registry.json.gz")))["packages"]
    keys = {"size", "files", "tarball", "deps", "optional", "peers", "libc", "os", "cpu", "bin",
            "install_script"}
    for name, p in old.items():
        assert name in packages, f"npm: {name} missing"
        assert packages[name]["latest"] == p["latest"], f"npm: {name} latest changed"
        for v, entry in p["versions"].items():
            assert packages[name]["versions"].get(v) == entry, f"npm: {name}@{v} differs"
    for name, p in packages.items():
        assert set(p) == {"latest", "versions"} and p["versions"], name
        for v, entry in p["versions"].items():
            assert set(entry) <= keys, (name, v, sorted(entry))
            assert all(isinstance(entry[k], int) for k in ("size", "files", "tarball")), (name, v)
            assert isinstance(entry.get("bin", {}), dict), (name, v)
    versions = sum(len(p["versions"]) for p in packages.values())
    old_versions = sum(len(p["versions"]) for p in old.values())
    print(f"npm: {len(packages)} packages ({len(packages) - len(old)} new), {versions} versions "
          f"({versions - old_versions} new); {sum(sizes.values())} bytes in {SHARDS} shards, "
          f"largest {max(sizes.values())} ({max(sizes, key=sizes.get)}), "
          f"smallest {min(sizes.values())}")


def check_pypi():
    packages, sizes = read_shards("pypi", {"schema", "python", "packages"})
    old = json.load(gzip.open(os.path.join(HERE, "pypi", "packages.json.gz")))["packages"]
    for name, p in old.items():
        assert packages.get(name) == p, f"pypi: {name} missing or differs"
    keys = {"name", "version", "deps", "scripts", "glibc", "musl"}
    for name, p in packages.items():
        assert set(p) <= keys and {"name", "version"} <= set(p), (name, sorted(p))
        assert "glibc" in p or "musl" in p, name
        for libc in ("glibc", "musl"):
            if libc in p:
                f = p[libc]
                assert ("wheel" in f) != ("sdist" in f), (name, libc)
                assert all(isinstance(f[k], int) for k in ("size", "files", "download")), name
                assert f.get("build", "sdist" in f) == ("sdist" in f), (name, libc)
    print(f"pypi: {len(packages)} projects ({len(packages) - len(old)} new); "
          f"{sum(sizes.values())} bytes in {SHARDS} shards, largest {max(sizes.values())} "
          f"({max(sizes, key=sizes.get)}), smallest {min(sizes.values())}")


if __name__ == "__main__":
    check_npm()
    check_pypi()
    print("ok")
    sys.exit(0)
