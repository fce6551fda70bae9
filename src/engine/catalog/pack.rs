//! A pack (catalog/pack.py): a JSON header, then zlib-compressed blocks
//! that are decompressed only when a record in them is read. Package
//! archives are stored so, that a build over a Debian image reads the
//! few hundred kilobytes of the packages it installs, not the whole
//! archive.
//!
//! ```text
//! b"SCPACK\x00\x01"   magic, format 1
//! u32 LE H            the header's compressed length
//! H bytes             zlib(JSON header), which lists "blocks": [length, ...]
//!                     and "sizes": [decompressed length, ...]
//! blocks              back to back
//! ```

use std::io::Read;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use super::data::DataBytes;

const MAGIC: &[u8] = b"SCPACK\x00\x01";

/// No block or header of ours is near this once decompressed; a file
/// that claims more is not read past it.
const MOST_DECOMPRESSED: u64 = 64 << 20;

/// A pack's bytes, its header, and each block decompressed once.
pub struct Pack {
    bytes: DataBytes,
    header: Vec<u8>,
    blocks: Vec<Range<usize>>,
    sizes: Vec<usize>,
    decoded: Vec<OnceLock<Option<Vec<u8>>>>,
}

#[derive(Deserialize)]
struct Layout {
    blocks: Vec<usize>,
    sizes: Vec<usize>,
}

/// A block decompressed into a buffer of its size, allocated once.
fn inflate_sized(bytes: &[u8], size: usize) -> Option<Vec<u8>> {
    if size as u64 > MOST_DECOMPRESSED {
        return None;
    }
    let mut out = Vec::with_capacity(size);
    let mut z = flate2::Decompress::new(true);
    let status = z
        .decompress_vec(bytes, &mut out, flate2::FlushDecompress::Finish)
        .ok()?;
    (status == flate2::Status::StreamEnd && out.len() == size).then_some(out)
}

fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .take(MOST_DECOMPRESSED)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

impl std::fmt::Debug for Pack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Pack({} bytes, {} blocks)",
            self.bytes.len(),
            self.blocks.len()
        )
    }
}

impl Pack {
    /// Reads a pack's header and the place of each block; the blocks are
    /// read when asked for.
    pub fn open(bytes: DataBytes) -> Result<Pack, String> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or("not a Stagecraft pack (format 1)")?;
        let size = rest
            .get(..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_le_bytes)
            .ok_or("a pack cut short in its header")? as usize;
        let mut at = MAGIC.len() + 4;
        let header = bytes
            .get(at..at + size)
            .and_then(inflate)
            .ok_or("a pack whose header does not decompress")?;
        at += size;
        let layout: Layout = serde_json::from_slice(&header).map_err(|e| e.to_string())?;
        if layout.sizes.len() != layout.blocks.len() {
            return Err("a pack whose blocks and sizes differ in number".into());
        }
        let mut blocks = Vec::with_capacity(layout.blocks.len());
        for length in layout.blocks {
            let end = at
                .checked_add(length)
                .filter(|&end| end <= bytes.len())
                .ok_or("a pack cut short in its blocks")?;
            blocks.push(at..end);
            at = end;
        }
        let decoded = blocks.iter().map(|_| OnceLock::new()).collect();
        Ok(Pack {
            bytes,
            header,
            blocks,
            sizes: layout.sizes,
            decoded,
        })
    }

    /// The header's JSON.
    pub fn header(&self) -> &[u8] {
        &self.header
    }

    /// Block `i`, decompressed (once).
    pub fn block(&self, i: usize) -> Option<&[u8]> {
        let range = self.blocks.get(i)?.clone();
        let size = *self.sizes.get(i)?;
        self.decoded
            .get(i)?
            .get_or_init(|| inflate_sized(self.bytes.get(range)?, size))
            .as_deref()
    }

    /// `length` bytes at `start` of block `i`.
    pub fn record(&self, i: usize, start: usize, length: usize) -> Option<&[u8]> {
        self.block(i)?.get(start..start.checked_add(length)?)
    }

    /// How many blocks have been decompressed so far.
    pub fn blocks_read(&self) -> usize {
        self.decoded.iter().filter(|d| d.get().is_some()).count()
    }

    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }
}

/// A block of `name value\n` lines sorted by name (a pack's "others"),
/// searched in place.
pub struct SortedLines<'a> {
    text: &'a [u8],
    starts: &'a [u32],
}

impl<'a> SortedLines<'a> {
    /// Where each line starts, for [`SortedLines::new`].
    pub fn line_starts(text: &[u8]) -> Vec<u32> {
        std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text).map(|i| i as u32 + 1))
            .filter(|&i| (i as usize) < text.len())
            .collect()
    }

    pub fn new(text: &'a [u8], starts: &'a [u32]) -> SortedLines<'a> {
        SortedLines { text, starts }
    }

    fn line(&self, i: usize) -> (&'a [u8], &'a [u8]) {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        let line = self.text[start..end]
            .strip_suffix(b"\n")
            .unwrap_or(&self.text[start..end]);
        match memchr::memchr(b' ', line) {
            Some(at) => (&line[..at], &line[at + 1..]),
            None => (line, &[]),
        }
    }

    /// The value of `name`'s line.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let (mut lo, mut hi) = (0, self.starts.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (key, value) = self.line(mid);
            match key.cmp(name.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return std::str::from_utf8(value).ok(),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pack as catalog/pack.py writes one, made here.
    fn make(header: &str, blocks: &[&[u8]]) -> Vec<u8> {
        use std::io::Write;
        let z = |b: &[u8]| {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(b).expect("in memory");
            e.finish().expect("in memory")
        };
        let plain = blocks;
        let blocks: Vec<Vec<u8>> = blocks.iter().map(|b| z(b)).collect();
        let sizes: Vec<String> = plain.iter().map(|b| b.len().to_string()).collect();
        let lengths: Vec<String> = blocks.iter().map(|b| b.len().to_string()).collect();
        let header = z(format!(
            "{{\"blocks\":[{}],\"sizes\":[{}],{header}}}",
            lengths.join(","),
            sizes.join(",")
        )
        .as_bytes());
        let mut out = MAGIC.to_vec();
        out.extend((header.len() as u32).to_le_bytes());
        out.extend(header);
        for b in blocks {
            out.extend(b);
        }
        out
    }

    #[test]
    fn blocks_are_read_only_when_asked_for() {
        let bytes = make("\"name\":\"x\"", &[b"first block", b"second"]);
        let pack = Pack::open(DataBytes::from(bytes)).expect("a pack");
        assert!(std::str::from_utf8(pack.header())
            .unwrap()
            .contains("\"name\":\"x\""));
        assert_eq!(pack.block_count(), 2);
        assert_eq!(pack.blocks_read(), 0);
        assert_eq!(pack.record(1, 0, 3), Some(&b"sec"[..]));
        assert_eq!(pack.blocks_read(), 1);
        assert_eq!(pack.record(0, 6, 5), Some(&b"block"[..]));
        assert_eq!(pack.record(0, 6, 50), None);
        assert_eq!(pack.block(2), None);
    }

    #[test]
    fn a_damaged_pack_is_an_error_not_a_panic() {
        let good = make("\"n\":1", &[b"abc"]);
        assert!(Pack::open(DataBytes::Embedded(b"{\"json\":true}")).is_err());
        for cut in [0, 8, 10, good.len() - 2] {
            assert!(
                Pack::open(DataBytes::from(good[..cut].to_vec())).is_err(),
                "cut at {cut}"
            );
        }
        let mut bad = good.clone();
        let last = bad.len() - 3;
        bad[last] ^= 0xff;
        // The header is whole; the damaged block reads as nothing.
        let pack = Pack::open(DataBytes::from(bad)).expect("header intact");
        assert_eq!(pack.block(0), None);
    }

    #[test]
    fn sorted_lines_are_searched_in_place() {
        let text = b"apple 1\nbanana 22\ncherry 333\n";
        let starts = SortedLines::line_starts(text);
        let lines = SortedLines::new(text, &starts);
        assert_eq!(lines.get("apple"), Some("1"));
        assert_eq!(lines.get("banana"), Some("22"));
        assert_eq!(lines.get("cherry"), Some("333"));
        assert_eq!(lines.get("banan"), None);
        assert_eq!(lines.get("zebra"), None);
        assert_eq!(lines.get(""), None);
        let empty = SortedLines::line_starts(b"");
        assert_eq!(SortedLines::new(b"", &empty).get("x"), None);
    }
}
