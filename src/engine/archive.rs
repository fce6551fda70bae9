//! Tar archives, plain or compressed with gzip, bzip2 or xz: recognised by
//! their content (as ADD does), read into entries, and written back.

use std::io::Read;

use super::content::Content;
use super::vfs::{absolute, split_parent, Filesystem, Meta, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Bzip2,
    Xz,
}

impl Compression {
    /// The compression of `bytes`, by its magic number.
    pub fn detect(bytes: &[u8]) -> Compression {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if bytes.starts_with(b"BZh") {
            Compression::Bzip2
        } else if bytes.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Compression::Xz
        } else {
            Compression::None
        }
    }
}

/// Limit on the bytes one archive may unpack to.
pub const MAX_UNPACKED: usize = 256 << 20;

/// Files an archive holds that are larger than this are kept as their
/// size and digest.
pub const LARGE_FILE_BYTES: u64 = 4 << 20;

/// Decompresses `bytes`.
pub fn decompress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let limit = MAX_UNPACKED as u64 + 1;
    let result = match Compression::detect(bytes) {
        Compression::None => return Ok(bytes.to_vec()),
        Compression::Gzip => flate2::read::MultiGzDecoder::new(bytes)
            .take(limit)
            .read_to_end(&mut out),
        Compression::Bzip2 => bzip2_rs::DecoderReader::new(bytes)
            .take(limit)
            .read_to_end(&mut out),
        Compression::Xz => {
            // The decoder holds a block's output in memory before it
            // writes any: the sizes the stream declares are added up
            // first, without decoding, and a stream past the limit is
            // refused (the decoder stops each chunk at its declared size).
            let declared = xz_unpacked_size(bytes).map_err(|e| format!("xz: {e}"))?;
            if declared > MAX_UNPACKED as u64 {
                return Err(format!(
                    "archive unpacks to more than {} MiB, Stagecraft's limit",
                    MAX_UNPACKED >> 20
                ));
            }
            let mut reader = std::io::BufReader::new(bytes);
            let mut limited = Limited {
                out: &mut out,
                limit: limit as usize,
            };
            lzma_rs::xz_decompress(&mut reader, &mut limited)
                .map(|()| 0)
                .map_err(|e| std::io::Error::other(format!("xz: {e}")))
        }
    };
    result.map_err(|e| e.to_string())?;
    if out.len() > MAX_UNPACKED {
        return Err(format!(
            "archive unpacks to more than {} MiB, Stagecraft's limit",
            MAX_UNPACKED >> 20
        ));
    }
    Ok(out)
}

/// The bytes an xz stream (of LZMA2 blocks, as `xz` writes them) says it
/// unpacks to: the sizes of its LZMA2 chunks, read from their headers.
fn xz_unpacked_size(bytes: &[u8]) -> Result<u64, String> {
    let short = || "the stream ends too soon".to_string();
    let byte = |at: usize| bytes.get(at).copied().ok_or_else(short);
    if bytes.len() < 12 || &bytes[..6] != b"\xfd7zXZ\x00" {
        return Err("not an xz stream".into());
    }
    // The check each block ends with: its size from the stream flags.
    let check = match bytes[7] & 0x0f {
        0 => 0,
        t @ 1..=3 => 4 << ((t - 1) / 3),
        t => 4usize << ((t - 1) / 3).min(4),
    };
    let mut at = 12;
    let mut total = 0u64;
    loop {
        let size_byte = byte(at)?;
        if size_byte == 0 {
            // The index: the blocks are done.
            return Ok(total);
        }
        let block_start = at;
        let header = (usize::from(size_byte) + 1) * 4;
        let flags = byte(at + 1)?;
        if flags & 0x03 != 0 {
            return Err("a filter other than LZMA2 alone".into());
        }
        let mut p = at + 2;
        let varint = |p: &mut usize| -> Result<u64, String> {
            let mut value = 0u64;
            for shift in (0..63).step_by(7) {
                let b = byte(*p)?;
                *p += 1;
                value |= u64::from(b & 0x7f) << shift;
                if b & 0x80 == 0 {
                    return Ok(value);
                }
            }
            Err("a size too long".into())
        };
        if flags & 0x40 != 0 {
            varint(&mut p)?;
        }
        if flags & 0x80 != 0 {
            varint(&mut p)?;
        }
        if varint(&mut p)? != 0x21 {
            return Err("a filter other than LZMA2".into());
        }
        at = block_start + header;
        // The LZMA2 chunks, to their end marker.
        loop {
            let control = byte(at)?;
            at += 1;
            match control {
                0x00 => break,
                0x01 | 0x02 => {
                    let size = (usize::from(byte(at)?) << 8 | usize::from(byte(at + 1)?)) + 1;
                    total += size as u64;
                    at += 2 + size;
                }
                0x80..=0xff => {
                    let unpacked = (u64::from(control & 0x1f) << 16
                        | u64::from(byte(at)?) << 8
                        | u64::from(byte(at + 1)?))
                        + 1;
                    let packed = (usize::from(byte(at + 2)?) << 8 | usize::from(byte(at + 3)?)) + 1;
                    total += unpacked;
                    at += 4 + usize::from(control >= 0xc0) + packed;
                }
                _ => return Err("a damaged LZMA2 chunk".into()),
            }
        }
        // Padding to four bytes from the block's start, then its check.
        at = block_start + (at - block_start).div_ceil(4) * 4 + check;
        if at > bytes.len() {
            return Err(short());
        }
    }
}

/// A writer that takes no more than `limit` bytes (xz writes its output,
/// where the others are read with `take`): past it, an error.
struct Limited<'a> {
    out: &'a mut Vec<u8>,
    limit: usize,
}

impl std::io::Write for Limited<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > self.limit {
            return Err(std::io::Error::other(format!(
                "archive unpacks to more than {} MiB, Stagecraft's limit",
                MAX_UNPACKED >> 20
            )));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File(Vec<u8>),
    Dir,
    Symlink(String),
    Hardlink(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TarEntry {
    pub path: String,
    pub kind: EntryKind,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

fn octal(field: &[u8]) -> u64 {
    // GNU base-256 for large numbers.
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        return field[1..]
            .iter()
            .fold(0u64, |acc, &b| acc.wrapping_shl(8) | u64::from(b));
    }
    let text: String = field
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| b as char)
        .collect();
    u64::from_str_radix(text.trim(), 8).unwrap_or(0)
}

fn text(field: &[u8]) -> String {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

fn checksum_ok(header: &[u8]) -> bool {
    let stored = octal(&header[148..156]);
    let sum: u64 = header
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                u64::from(b' ')
            } else {
                u64::from(b)
            }
        })
        .sum();
    stored == sum
}

/// Whether `bytes` (decompressed) is a tar archive: its first header is
/// valid.
pub fn is_tar(bytes: &[u8]) -> bool {
    bytes.len() >= 512 && checksum_ok(&bytes[..512]) && bytes[..512].iter().any(|&b| b != 0)
}

/// Reads every entry of a tar archive (PAX and GNU long names included).
pub fn read_tar(bytes: &[u8]) -> Result<Vec<TarEntry>, String> {
    let mut entries = Vec::new();
    let mut pos = 0;
    let mut long_name: Option<String> = None;
    let mut long_link: Option<String> = None;
    while pos + 512 <= bytes.len() {
        let header = &bytes[pos..pos + 512];
        if header.iter().all(|&b| b == 0) {
            break;
        }
        if !checksum_ok(header) {
            return Err("archive/tar: invalid tar header".to_string());
        }
        let size = octal(&header[124..136]) as usize;
        let data_start = pos + 512;
        let data_end = data_start
            .checked_add(size)
            .filter(|&e| e <= bytes.len())
            .ok_or("unexpected EOF")?;
        let data = &bytes[data_start..data_end];
        pos = data_start + size.div_ceil(512) * 512;
        let typeflag = header[156];
        match typeflag {
            b'L' => {
                long_name = Some(text(data));
                continue;
            }
            b'K' => {
                long_link = Some(text(data));
                continue;
            }
            b'x' => {
                for record in String::from_utf8_lossy(data).lines() {
                    if let Some((_, kv)) = record.split_once(' ') {
                        if let Some(p) = kv.strip_prefix("path=") {
                            long_name = Some(p.to_string());
                        } else if let Some(l) = kv.strip_prefix("linkpath=") {
                            long_link = Some(l.to_string());
                        }
                    }
                }
                continue;
            }
            b'g' => continue,
            _ => {}
        }
        let mut path = text(&header[0..100]);
        let ustar = &header[257..262] == b"ustar";
        if ustar {
            let prefix = text(&header[345..500]);
            if !prefix.is_empty() {
                path = format!("{prefix}/{path}");
            }
        }
        if let Some(name) = long_name.take() {
            path = name;
        }
        let link = long_link.take().unwrap_or_else(|| text(&header[157..257]));
        let kind = match typeflag {
            b'5' => EntryKind::Dir,
            b'2' => EntryKind::Symlink(link),
            b'1' => EntryKind::Hardlink(link),
            b'0' | 0 | b'7' => {
                if path.ends_with('/') {
                    EntryKind::Dir
                } else {
                    EntryKind::File(data.to_vec())
                }
            }
            // Devices, fifos: not simulated.
            _ => continue,
        };
        entries.push(TarEntry {
            path,
            kind,
            mode: (octal(&header[100..108]) & 0o7777) as u32,
            uid: octal(&header[108..116]) as u32,
            gid: octal(&header[116..124]) as u32,
        });
    }
    Ok(entries)
}

/// Unpacks entries below `dest` (an absolute directory). `owner` replaces
/// the archive's owners when given. Returns how many entries were written.
pub fn unpack(
    fs: &mut Filesystem,
    dest: &str,
    entries: &[TarEntry],
    owner: Option<(u32, u32)>,
    mtime: u64,
) -> Result<usize, String> {
    let mut written = 0;
    for entry in entries {
        // `..` cannot leave the destination.
        let path = absolute(dest, &absolute("/", &entry.path)[1..]);
        let (uid, gid) = owner.unwrap_or((entry.uid, entry.gid));
        let meta = Meta::new(entry.mode, uid, gid).at(mtime);
        let (parent, _) = split_parent(&path);
        fs.mkdir_all(parent, Meta::new(0o755, uid, gid).at(mtime))
            .map_err(|e| e.to_string())?;
        let node = match &entry.kind {
            EntryKind::Dir => {
                if let Some(Node::Dir(_)) = fs.get(&path) {
                    fs.set_meta(&path, false, |m| *m = meta)
                        .map_err(|e| e.to_string())?;
                    written += 1;
                    continue;
                }
                Node::dir(meta)
            }
            // Large files keep their size and digest, as the context's
            // do: unpacking many of them costs no more memory than that.
            EntryKind::File(data) if data.len() as u64 > LARGE_FILE_BYTES => Node::file(
                Content::large(data.len() as u64, crate::engine::content::Digest::of(data)),
                meta,
            ),
            EntryKind::File(data) => Node::file(Content::bytes(data.clone()), meta),
            EntryKind::Symlink(target) => Node::symlink(target, Meta::symlink().at(mtime)),
            EntryKind::Hardlink(target) => {
                let source = absolute(dest, &absolute("/", target)[1..]);
                match fs.get(&source) {
                    // Linux links no directory (and one shared in place
                    // would double the tree with each such entry).
                    Some(Node::Dir(_)) => {
                        return Err(format!(
                            "{}: Cannot hard link to '{target}': Operation not permitted",
                            entry.path
                        ))
                    }
                    Some(node) => node.clone(),
                    None => continue,
                }
            }
        };
        fs.put(&path, node).map_err(|e| e.to_string())?;
        written += 1;
    }
    Ok(written)
}

/// A ustar archive of `entries` (paths relative, directories ending
/// nowhere in particular).
pub fn write_tar(entries: &[TarEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in entries {
        let mut header = [0u8; 512];
        let (typeflag, data, link): (u8, &[u8], &str) = match &entry.kind {
            EntryKind::File(d) => (b'0', d, ""),
            EntryKind::Dir => (b'5', &[], ""),
            EntryKind::Symlink(t) => (b'2', &[], t),
            EntryKind::Hardlink(t) => (b'1', &[], t),
        };
        let path = if matches!(entry.kind, EntryKind::Dir) && !entry.path.ends_with('/') {
            format!("{}/", entry.path)
        } else {
            entry.path.clone()
        };
        let (prefix, name) = if path.len() > 100 {
            match path[..path.len().min(155)].rfind('/') {
                Some(i) if path.len() - i - 1 <= 100 => (&path[..i], &path[i + 1..]),
                _ => ("", path.as_str()),
            }
        } else {
            ("", path.as_str())
        };
        let put = |h: &mut [u8; 512], at: usize, len: usize, value: &[u8]| {
            let n = value.len().min(len);
            h[at..at + n].copy_from_slice(&value[..n]);
        };
        put(&mut header, 0, 100, name.as_bytes());
        put(
            &mut header,
            100,
            8,
            format!("{:07o}\0", entry.mode).as_bytes(),
        );
        put(
            &mut header,
            108,
            8,
            format!("{:07o}\0", entry.uid).as_bytes(),
        );
        put(
            &mut header,
            116,
            8,
            format!("{:07o}\0", entry.gid).as_bytes(),
        );
        put(
            &mut header,
            124,
            12,
            format!("{:011o}\0", data.len()).as_bytes(),
        );
        put(&mut header, 136, 12, b"00000000000\0");
        header[156] = typeflag;
        put(&mut header, 157, 100, link.as_bytes());
        put(&mut header, 257, 6, b"ustar\0");
        put(&mut header, 263, 2, b"00");
        put(&mut header, 345, 155, prefix.as_bytes());
        header[148..156].copy_from_slice(b"        ");
        let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
        put(&mut header, 148, 8, format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

/// Gzip-compresses `bytes`.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<TarEntry> {
        vec![
            TarEntry {
                path: "app".into(),
                kind: EntryKind::Dir,
                mode: 0o755,
                uid: 1000,
                gid: 1000,
            },
            TarEntry {
                path: "app/run.sh".into(),
                kind: EntryKind::File(b"#!/bin/sh\n".to_vec()),
                mode: 0o755,
                uid: 1000,
                gid: 1000,
            },
            TarEntry {
                path: "app/link".into(),
                kind: EntryKind::Symlink("run.sh".into()),
                mode: 0o777,
                uid: 0,
                gid: 0,
            },
            TarEntry {
                path: format!("deep/{}/file.txt", "d".repeat(120)),
                kind: EntryKind::File(b"x".to_vec()),
                mode: 0o644,
                uid: 0,
                gid: 0,
            },
        ]
    }

    #[test]
    fn writes_and_reads_back() {
        let bytes = write_tar(&sample());
        assert!(is_tar(&bytes));
        let read = read_tar(&bytes).unwrap();
        assert_eq!(read.len(), 4);
        assert_eq!(read[1], sample()[1]);
        assert_eq!(read[3].path, sample()[3].path);
        assert_eq!(read[0].path, "app/");
    }

    #[test]
    fn gzip_is_detected_and_unpacked() {
        let gz = gzip(&write_tar(&sample()));
        assert_eq!(Compression::detect(&gz), Compression::Gzip);
        let plain = decompress(&gz).unwrap();
        assert!(is_tar(&plain));
        let mut fs = Filesystem::new();
        fs.mkdir_all("/opt", Meta::dir()).unwrap();
        assert_eq!(
            unpack(&mut fs, "/opt", &read_tar(&plain).unwrap(), None, 1).unwrap(),
            4
        );
        assert_eq!(
            fs.read("/opt/app/run.sh").unwrap().as_text(),
            Some("#!/bin/sh\n")
        );
        assert_eq!(fs.get("/opt/app").unwrap().meta().uid, 1000);
        assert!(fs.exists("/opt/app/link"));
    }

    #[test]
    fn not_archives() {
        assert!(!is_tar(b"hello"));
        assert!(!is_tar(&[0u8; 1024]));
        assert_eq!(Compression::detect(b"plain"), Compression::None);
        assert!(read_tar(&[1u8; 512]).is_err());
    }

    #[test]
    fn paths_cannot_escape() {
        let entries = vec![TarEntry {
            path: "../../etc/evil".into(),
            kind: EntryKind::File(b"x".to_vec()),
            mode: 0o644,
            uid: 0,
            gid: 0,
        }];
        let mut fs = Filesystem::new();
        fs.mkdir_all("/opt/x", Meta::dir()).unwrap();
        unpack(&mut fs, "/opt/x", &entries, None, 1).unwrap();
        assert!(fs.exists("/opt/x/etc/evil"));
        assert!(!fs.exists("/etc/evil"));
    }
}
