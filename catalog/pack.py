#!/usr/bin/env python3
"""Package archives as packs: an index, then the packages' records in
compressed blocks, so a build reads only the packages it installs.

A package archive (debian.py, alpine.py) is one JSON object whose
"packages" map holds each package's record (version, sizes, dependencies,
files) and whose "others" map gives the installed size of every package
without a file list. Read whole, Debian's is 10 MB of JSON: every build
over a Debian image paid for parsing all of it. A pack keeps the same
data as

    b"SCPACK\\x00\\x01"                 magic and format version 1
    u32 little-endian H                 the header's compressed length
    H bytes                             zlib(JSON header)
    the blocks, back to back            each zlib(...), lengths in the header

The header holds every key of the archive but "packages" and "others",
and
    "blocks": [compressed length, ...]
    "sizes":  [decompressed length, ...]
    "index":  [[name, block, start, length], ...]   a record's place in its
              block, once decompressed: the package's JSON record
    "others": [[first name, block], ...]: the blocks of "name size\\n"
              lines, sorted by name, each found by its first name

Records are grouped into blocks of about 16 KiB, the image's own packages
("base") first, so a build over the distribution's image touches only the
first blocks. Output is deterministic: keys sorted, compact separators,
zlib level 9.

    python3 catalog/pack.py FILE.json.gz...   writes FILE.pack beside each
    python3 catalog/pack.py --check PACK...   each pack reads and re-packs
                                              to the same bytes
"""
import gzip
import json
import struct
import sys
import zlib

MAGIC = b"SCPACK\x00\x01"
BLOCK = 16 * 1024


def dumps(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


def pack(data):
    """The pack of an archive (a dict as debian.py makes it), as bytes."""
    packages = data["packages"]
    base = [n for n in data.get("base", []) if n in packages]
    order = base + sorted(n for n in packages if n not in set(base))
    blocks, sizes, index, current = [], [], [], bytearray()

    def close():
        if current:
            blocks.append(zlib.compress(bytes(current), 9))
            sizes.append(len(current))
            current.clear()

    for name in order:
        record = dumps(packages[name])
        if current and len(current) + len(record) > BLOCK:
            close()
        index.append([name, len(blocks), len(current), len(record)])
        current.extend(record)
    close()
    others = []
    for name, kb in sorted(data.get("others", {}).items()):
        line = f"{name} {kb}\n".encode()
        if not current or len(current) + len(line) > BLOCK:
            close()
            others.append([name, len(blocks)])
        current.extend(line)
    close()
    header = {k: v for k, v in data.items() if k not in ("packages", "others")}
    header["blocks"] = [len(b) for b in blocks]
    header["sizes"] = sizes
    header["index"] = index
    header["others"] = others
    head = zlib.compress(dumps(header), 9)
    return MAGIC + struct.pack("<I", len(head)) + head + b"".join(blocks)


def unpack(blob):
    """The archive a pack holds, as the dict it was made from."""
    if blob[: len(MAGIC)] != MAGIC:
        raise ValueError("not a Stagecraft pack (format 1)")
    (size,) = struct.unpack_from("<I", blob, len(MAGIC))
    at = len(MAGIC) + 4
    header = json.loads(zlib.decompress(blob[at : at + size]))
    at += size
    blocks = []
    for length, size in zip(header.pop("blocks"), header.pop("sizes")):
        blocks.append(zlib.decompress(blob[at : at + length]))
        if len(blocks[-1]) != size:
            raise ValueError(f"block {len(blocks) - 1} is not of its size")
        at += length
    data = {k: v for k, v in header.items() if k not in ("index", "others")}
    data["packages"] = {
        name: json.loads(blocks[block][start : start + length])
        for name, block, start, length in header["index"]
    }
    data["others"] = {}
    for _, block in header["others"]:
        for line in blocks[block].decode().splitlines():
            name, kb = line.split(" ")
            data["others"][name] = int(kb)
    return data


def read(path):
    with open(path, "rb") as f:
        return unpack(f.read())


def write(data, path):
    blob = pack(data)
    with open(path, "wb") as f:
        f.write(blob)
    return len(blob)


def main(args):
    if args[:1] == ["--check"]:
        bad = 0
        for path in args[1:]:
            with open(path, "rb") as f:
                blob = f.read()
            if pack(unpack(blob)) != blob:
                print(f"{path}: does not re-pack to the same bytes", file=sys.stderr)
                bad += 1
        return 1 if bad else 0
    for path in args:
        data = json.load(gzip.open(path))
        out = path[: -len(".json.gz")] + ".pack"
        size = write(data, out)
        if unpack(pack(data)) != data:
            print(f"{out}: does not read back as {path}", file=sys.stderr)
            return 1
        print(f"{out}: {len(data['packages'])} packages, {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
