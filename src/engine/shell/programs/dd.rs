//! Programs that make a file of a given size, as demonstrations of layer
//! sizes do: `dd if=/dev/zero of=FILE bs=1M count=N`, `truncate -s SIZE
//! FILE`, `fallocate -l SIZE FILE`. The bytes are not kept (a file of
//! zeros or random bytes is its size and a digest); zeros of one size are
//! the same content wherever they are.

use crate::engine::content::Content;
use crate::engine::vfs::{split_parent, Node};
use crate::limits::DISK_BYTES;

use super::super::state::{Io, Shell};
use super::common::{busybox, complain, quoted};

/// The devices a RUN's /dev offers to read: what they give.
fn device(path: &str) -> Option<&'static str> {
    match path {
        "/dev/zero" => Some("zeros"),
        "/dev/urandom" | "/dev/random" => Some("random"),
        "/dev/null" => Some("nothing"),
        _ => None,
    }
}

/// A size as dd, truncate and fallocate read it: a number with an
/// optional suffix (`c` 1, `w` 2, `b` 512; `K`, `M`, `G`, `T` and `KiB`..
/// powers of 1024; `kB`, `KB`, `MB`, `GB`, `TB` powers of 1000).
pub(crate) fn parse_size(text: &str) -> Option<u64> {
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let unit: u64 = match suffix {
        "" | "c" => 1,
        "w" => 2,
        "b" => 512,
        "k" | "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        "T" | "TiB" => 1 << 40,
        "kB" | "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        "TB" => 1_000_000_000_000,
        _ => return None,
    };
    number.checked_mul(unit)
}

/// The content of a file of `size` bytes made from `source` (`zeros` or
/// `random`), written at `path`.
fn made(source: &str, size: u64, path: &str, clock: u64) -> Content {
    match source {
        "zeros" => Content::blob(size, "zeros"),
        // Random bytes are like no other file's.
        _ => Content::blob(size, &format!("random:{path}:{clock}")),
    }
}

/// Writes `content` at `path` with the shell's mode for a new file, or
/// keeping the mode of the file there; the error's reason if it cannot.
fn write(shell: &mut Shell, path: &str, content: Content) -> Result<(), String> {
    let (parent, _) = split_parent(path);
    if !shell.fs.is_dir(parent) {
        return Err("No such file or directory".into());
    }
    if let Some(Node::Dir(_)) = shell.fs.get(path) {
        return Err("Is a directory".into());
    }
    let meta = match shell.fs.get(path) {
        Some(Node::File(f)) => f.meta,
        _ => shell.new_meta(0o666),
    };
    shell
        .fs
        .write_file(path, content, meta)
        .map(|_| ())
        .map_err(|e| e.reason().to_string())
}

/// Where dd reads from.
enum Source {
    File(Content),
    Stdin,
    /// A device, by what it gives ([`device`]).
    Device(&'static str),
}

/// `dd if=FILE of=FILE bs=N count=N [skip=N] [status=none]`.
pub fn dd(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut input: Option<String> = None;
    let mut output: Option<String> = None;
    let (mut block, mut count, mut skip): (u64, Option<u64>, u64) = (512, None, 0);
    let mut quiet = false;
    for arg in &args[1..] {
        let Some((key, value)) = arg.split_once('=') else {
            complain(io, "dd", &format!("unrecognized operand '{arg}'"));
            return 1;
        };
        let number = || parse_size(value);
        let bad = |io: &mut Io| {
            complain(io, "dd", &format!("invalid number: '{value}'"));
            1
        };
        match key {
            "if" => input = Some(value.to_string()),
            "of" => output = Some(value.to_string()),
            "bs" | "ibs" | "obs" => match number() {
                Some(n) if n > 0 => block = n,
                _ => return bad(io),
            },
            "count" => match number() {
                Some(n) => count = Some(n),
                None => return bad(io),
            },
            "skip" | "iseek" => match number() {
                Some(n) => skip = n,
                None => return bad(io),
            },
            "status" => quiet = value == "none",
            "conv" | "iflag" | "oflag" | "seek" | "oseek" => {}
            _ => {
                complain(io, "dd", &format!("unrecognized operand '{arg}'"));
                return 1;
            }
        }
    }
    let wanted = count.map(|c| c.saturating_mul(block));
    // What is read: a device's endless bytes, a file's, or standard input.
    let source = match input.as_deref() {
        None => Source::Stdin,
        Some(given) => {
            let path = shell.path(given);
            match device(&path) {
                Some(what) => Source::Device(what),
                None => match shell.fs.read(&path) {
                    Ok(content) => Source::File(content.clone()),
                    Err(e) => {
                        complain(
                            io,
                            "dd",
                            &format!("failed to open {}: {}", quoted(shell, given), e.reason()),
                        );
                        return 1;
                    }
                },
            }
        }
    };
    let (content, size) = match source {
        Source::File(content) => {
            let start = skip.saturating_mul(block).min(content.size());
            let size = wanted.map_or(content.size() - start, |w| w.min(content.size() - start));
            let bytes = content.data().map(|d| {
                let from = usize::try_from(start).unwrap_or(usize::MAX).min(d.len());
                let to = usize::try_from(start + size)
                    .unwrap_or(usize::MAX)
                    .min(d.len());
                d[from..to].to_vec()
            });
            let piece = match bytes {
                Some(bytes) => Content::bytes(bytes),
                None if start == 0 && size == content.size() => content,
                None => Content::blob(size, &format!("part:{}:{start}", content.digest())),
            };
            (piece, size)
        }
        Source::Stdin => {
            let data = std::mem::take(&mut io.stdin);
            let size = wanted.map_or(data.len() as u64, |w| w.min(data.len() as u64));
            let end = usize::try_from(size).unwrap_or(usize::MAX).min(data.len());
            (Content::bytes(data[..end].to_vec()), size)
        }
        Source::Device("nothing") => (Content::empty(), 0),
        Source::Device(what) => {
            // A device never ends: without count, dd would run until the
            // disk is full.
            let Some(size) = wanted else {
                complain(
                    io,
                    "dd",
                    "reading a device without count= never ends (Stagecraft stops it here)",
                );
                return 1;
            };
            let at = output.as_deref().map(|o| shell.path(o)).unwrap_or_default();
            (made(what, size, &at, shell.clock), size)
        }
    };
    if size > DISK_BYTES {
        let at = output.as_deref().unwrap_or("standard output");
        complain(
            io,
            "dd",
            &format!(
                "error writing {}: No space left on device",
                quoted(shell, at)
            ),
        );
        return 1;
    }
    match output.as_deref() {
        Some(given) => {
            let path = shell.path(given);
            if let Err(reason) = write(shell, &path, content) {
                complain(
                    io,
                    "dd",
                    &format!("failed to open {}: {reason}", quoted(shell, given)),
                );
                return 1;
            }
        }
        None => match content.data() {
            Some(bytes) => io.out_bytes(bytes),
            // Zeros or random bytes to standard output: as many NULs,
            // within what a command may print.
            None => io.out_bytes(&vec![
                0;
                usize::try_from(size)
                    .unwrap_or(usize::MAX)
                    .min(1 << 20)
            ]),
        },
    }
    if !quiet {
        io.err(&report(busybox(shell), size, block));
    }
    0
}

/// What dd prints when it is done: the records, and the bytes copied as
/// GNU's or BusyBox's dd words it.
fn report(busybox: bool, size: u64, block: u64) -> String {
    let records = size.div_ceil(block);
    let full = size / block;
    let partial = records - full;
    let copied = if busybox {
        format!(
            "{size} bytes ({}B) copied, 0.01 seconds, 1.0GB/s",
            busybox_size(size)
        )
    } else if size == 1 {
        "1 byte copied, 0.01 s, 100 B/s".to_string()
    } else if size < 1000 {
        format!("{size} bytes copied, 0.01 s, {} kB/s", size / 10)
    } else {
        let si = crate::engine::image::human_size(size);
        let number = si.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        format!(
            "{size} bytes ({number} {}, {}) copied, 0.01 s, 1.0 GB/s",
            &si[number.len()..],
            binary_size(size)
        )
    };
    format!("{full}+{partial} records in\n{full}+{partial} records out\n{copied}\n")
}

/// `100.0M`, as BusyBox prints a size (powers of 1024, one decimal).
fn busybox_size(size: u64) -> String {
    let mut value = size as f64;
    for unit in ["K", "M", "G", "T"] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        if value < 1024.0 {
            return format!("{value:.1}{unit}");
        }
    }
    if size < 1024 {
        size.to_string()
    } else {
        format!("{value:.1}T")
    }
}

/// `100 MiB`, as dd prints a size in powers of 1024.
fn binary_size(size: u64) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB"];
    let mut value = size as f64;
    let mut unit = None;
    for u in units {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = Some(u);
    }
    match unit {
        None => format!("{size} B"),
        Some(u) if value >= 10.0 => format!("{value:.0} {u}"),
        Some(u) => format!("{value:.1} {u}"),
    }
}

/// `truncate -s [+-]SIZE [-c] FILE...` and `fallocate -l SIZE FILE`:
/// each file made that size (its bytes kept when it shrinks; zeros when
/// it grows).
pub fn sized(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let program = args[0].rsplit('/').next().unwrap_or("truncate").to_string();
    let size_flag = if program == "fallocate" { "-l" } else { "-s" };
    let mut size: Option<String> = None;
    let mut no_create = false;
    let mut files = Vec::new();
    let mut words = args[1..].iter();
    while let Some(word) = words.next() {
        if word == size_flag || (program == "truncate" && word == "--size") {
            size = words.next().cloned();
        } else if let Some(v) = word.strip_prefix(size_flag).filter(|v| !v.is_empty()) {
            size = Some(v.to_string());
        } else if let Some(v) = word
            .strip_prefix("--size=")
            .or(word.strip_prefix("--length="))
        {
            size = Some(v.to_string());
        } else if word == "-c" || word == "--no-create" {
            no_create = true;
        } else if word == "-n" || word == "--keep-size" {
        } else {
            files.push(word.clone());
        }
    }
    let Some(size) = size else {
        complain(io, &program, "you must specify a length");
        return 1;
    };
    let (relative, digits) = match size.chars().next() {
        Some(c @ ('+' | '-')) => (Some(c), &size[1..]),
        _ => (None, size.as_str()),
    };
    let Some(amount) = parse_size(digits) else {
        complain(io, &program, &format!("invalid number: '{size}'"));
        return 1;
    };
    if files.is_empty() {
        complain(io, &program, "missing file operand");
        return 1;
    }
    let mut status = 0;
    for file in files {
        let path = shell.path(&file);
        let old = match shell.fs.read(&path) {
            Ok(content) => Some(content.clone()),
            Err(_) if no_create => continue,
            Err(_) => None,
        };
        let before = old.as_ref().map_or(0, Content::size);
        let after = match relative {
            Some('+') => before.saturating_add(amount),
            Some(_) => before.saturating_sub(amount),
            None => amount,
        };
        if after > DISK_BYTES {
            let why = if program == "fallocate" {
                "fallocate failed: No space left on device".to_string()
            } else {
                format!(
                    "failed to truncate {} at {after} bytes: File too large",
                    quoted(shell, &file)
                )
            };
            complain(io, &program, &why);
            status = 1;
            continue;
        }
        let content = match (&old, old.as_ref().and_then(Content::data)) {
            // Shrunk, or grown with NULs, where the bytes are known.
            (_, Some(data)) if after <= data.len() as u64 || after <= 1 << 20 => {
                let mut bytes = data.to_vec();
                bytes.resize(usize::try_from(after).unwrap_or(usize::MAX), 0);
                Content::bytes(bytes)
            }
            (Some(old), _) if after == before => old.clone(),
            (Some(old), _) => Content::blob(after, &format!("resized:{}", old.digest())),
            (None, _) => Content::blob(after, "zeros"),
        };
        if let Err(reason) = write(shell, &path, content) {
            let what = if program == "fallocate" {
                format!("cannot open {file}")
            } else {
                format!("cannot open {} for writing", quoted(shell, &file))
            };
            complain(io, &program, &format!("{what}: {reason}"));
            status = 1;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::parse_size;

    #[test]
    fn sizes_read_as_coreutils_reads_them() {
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("1M"), Some(1 << 20));
        assert_eq!(parse_size("1MB"), Some(1_000_000));
        assert_eq!(parse_size("2b"), Some(1024));
        assert_eq!(parse_size("1x"), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
    }

    #[test]
    fn dd_makes_a_file_of_zeros_as_big_as_asked() {
        let (fs, status, out) = debian("dd if=/dev/zero of=/big bs=1M count=100");
        assert_eq!(status, 0, "{out}");
        assert_eq!(fs.read("/big").unwrap().size(), 100 << 20);
        assert_eq!(
            out,
            "100+0 records in\n100+0 records out\n104857600 bytes (105 MB, 100 MiB) copied, 0.01 s, 1.0 GB/s\n"
        );
        // Zeros of one size are one content; random bytes are not.
        let (fs, _, _) = debian(
            "dd if=/dev/zero of=/a bs=1k count=8 status=none && dd if=/dev/zero of=/b bs=8k count=1 status=none && dd if=/dev/urandom of=/c bs=1k count=8 status=none",
        );
        let digest = |p: &str| fs.read(p).unwrap().digest();
        assert_eq!(digest("/a"), digest("/b"));
        assert_ne!(digest("/a"), digest("/c"));
        // A file is copied, a piece of it with skip and count.
        let (fs, status, _) =
            debian("printf abcdef > /f && dd if=/f of=/g bs=2 skip=1 count=2 status=none");
        assert_eq!(status, 0);
        assert_eq!(fs.read("/g").unwrap().as_text(), Some("cdef"));
        let (_, status, out) = debian("dd if=/dev/zero of=/nope/x bs=1 count=1");
        assert_eq!(status, 1);
        assert!(
            out.contains("dd: failed to open '/nope/x': No such file or directory"),
            "{out}"
        );
    }

    #[test]
    fn truncate_and_fallocate_size_a_file() {
        let (fs, status, out) =
            debian("truncate -s 10M /t && fallocate -l 1G /f && printf hello > /h && truncate -s 2 /h && truncate -s +3 /h");
        assert_eq!(status, 0, "{out}");
        assert_eq!(fs.read("/t").unwrap().size(), 10 << 20);
        assert_eq!(fs.read("/f").unwrap().size(), 1 << 30);
        assert_eq!(fs.read("/h").unwrap().data(), Some(&b"he\0\0\0"[..]));
        let (_, _, out) = alpine("dd if=/dev/zero of=/big bs=1M count=100");
        assert_eq!(
            out,
            "100+0 records in\n100+0 records out\n104857600 bytes (100.0MB) copied, 0.01 seconds, 1.0GB/s\n"
        );
        let (_, _, out) = debian("dd if=/dev/zero of=/one bs=1 count=1");
        assert!(
            out.ends_with("1+0 records out\n1 byte copied, 0.01 s, 100 B/s\n"),
            "{out}"
        );
        // Past the simulated disk: refused as a full disk, never summed.
        let (fs, status, out) = debian("dd if=/dev/zero of=/a bs=1T count=99999999");
        assert_eq!(status, 1);
        assert!(
            out.contains("dd: error writing '/a': No space left on device"),
            "{out}"
        );
        assert!(fs.get("/a").is_none());
        let (_, status, out) = debian("truncate -s +18446744073709551615 /x");
        assert_eq!(status, 1);
        assert!(out.contains("File too large"), "{out}");
        let (_, status, out) = debian("fallocate -l 2T /f");
        assert_eq!(status, 1);
        assert!(
            out.contains("fallocate failed: No space left on device"),
            "{out}"
        );
        let (fs, status, _) = debian("truncate -c -s 1M /absent");
        assert_eq!(status, 0);
        assert!(fs.get("/absent").is_none());
    }
}
