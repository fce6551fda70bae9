//! Line tools: `head`, `tail`, `wc`, `grep`, `sort`, `uniq`, `tr`, `cut`.

use super::super::state::{Io, Shell};
use super::common::complain;
use super::sed::{posix_regex, regex_weight, REGEX_BYTES_PER_STEP};

/// The text of the files named, or of standard input. Each file is
/// charged before it is read: naming one big file many times stops at the
/// step limit, not when memory runs out.
fn input(shell: &mut Shell, files: &[String], io: &mut Io, program: &str) -> Result<String, i32> {
    if files.is_empty() || files == ["-"] {
        return Ok(String::from_utf8_lossy(&std::mem::take(&mut io.stdin)).into_owned());
    }
    let mut text = String::new();
    for file in files {
        let path = shell.path(file);
        let size = shell.fs.lookup(&path, true).map_or(0, |(_, n)| n.size());
        if text.len() as u64 + size > crate::limits::SHELL_TEXT_BYTES as u64
            || !shell.spend(size / crate::limits::SHELL_TEXT_PER_STEP as u64)
        {
            io.overflow = true;
            return Err(1);
        }
        match shell.fs.read(&path) {
            Ok(content) => {
                text.push_str(&String::from_utf8_lossy(content.data().unwrap_or_default()))
            }
            Err(e) => {
                complain(io, program, &format!("{file}: {}", e.reason()));
                return Err(if program == "grep" { 2 } else { 1 });
            }
        }
    }
    Ok(text)
}

fn count_option(args: &[String]) -> (usize, Vec<String>) {
    let mut count = 10;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "-n" || arg == "-c" {
            count = it
                .next()
                .and_then(|n| n.trim_start_matches('+').parse().ok())
                .unwrap_or(10);
        } else if let Some(n) = arg
            .strip_prefix("-n")
            .or_else(|| arg.strip_prefix('-'))
            .and_then(|n| n.parse().ok())
        {
            count = n;
        } else if !arg.starts_with('-') {
            files.push(arg.clone());
        }
    }
    (count, files)
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let program = args[0].clone();
    let rest = &args[1..];
    match program.as_str() {
        "head" | "tail" => head_tail(shell, &program, rest, io),
        "wc" => wc(shell, rest, io),
        "grep" | "egrep" | "fgrep" => grep(shell, &program, rest, io),
        "sort" => sort(shell, rest, io),
        "uniq" => uniq(shell, rest, io),
        "tr" => tr(shell, rest, io),
        "cut" => cut(shell, rest, io),
        _ => 0,
    }
}

/// A command line's bundled flag letters (`-rn` gives `rn`) and its
/// operands.
fn flags_and_files(rest: &[String]) -> (String, Vec<String>) {
    let flags = rest
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| &a[1..])
        .collect();
    let files = rest
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    (flags, files)
}

/// `head` and `tail`: the first or last lines.
fn head_tail(shell: &mut Shell, program: &str, rest: &[String], io: &mut Io) -> i32 {
    let (count, files) = count_option(rest);
    let text = match input(shell, &files, io, program) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let chosen = if program == "head" {
        &lines[..count.min(lines.len())]
    } else {
        &lines[lines.len().saturating_sub(count)..]
    };
    io.out(&chosen.concat());
    0
}

/// `wc`: lines, words, bytes.
fn wc(shell: &mut Shell, rest: &[String], io: &mut Io) -> i32 {
    let (flags, files) = flags_and_files(rest);
    let text = match input(shell, &files, io, "wc") {
        Ok(t) => t,
        Err(status) => return status,
    };
    let lines = text.matches('\n').count();
    let words = text.split_whitespace().count();
    let bytes = text.len();
    let out = match flags.as_str() {
        "l" => lines.to_string(),
        "w" => words.to_string(),
        "c" | "m" => bytes.to_string(),
        _ => format!("{lines} {words} {bytes}"),
    };
    io.out(&format!("{out}\n"));
    0
}

/// `grep`, `egrep`, `fgrep`: the lines a POSIX expression matches.
fn grep(shell: &mut Shell, program: &str, rest: &[String], io: &mut Io) -> i32 {
    let mut invert = false;
    let mut quiet = false;
    let mut ignore_case = false;
    let mut extended = program == "egrep";
    let mut fixed = program == "fgrep";
    let mut count_only = false;
    let mut pattern: Option<String> = None;
    let mut files = Vec::new();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        if arg == "-e" {
            pattern = it.next().cloned();
        } else if arg.starts_with('-') && arg.len() > 1 {
            for c in arg[1..].chars() {
                match c {
                    'v' => invert = true,
                    'q' | 's' => quiet = true,
                    'i' => ignore_case = true,
                    'E' => extended = true,
                    'F' => fixed = true,
                    'c' => count_only = true,
                    _ => {}
                }
            }
        } else if pattern.is_none() {
            pattern = Some(arg.clone());
        } else {
            files.push(arg.clone());
        }
    }
    let Some(pattern) = pattern else {
        complain(io, "grep", "no pattern");
        return 2;
    };
    let pattern = if fixed {
        regex_lite::escape(&pattern)
    } else {
        pattern
    };
    let regex = match posix_regex(&pattern, extended || fixed, ignore_case, 0) {
        Ok(r) => r,
        Err(_) => {
            complain(io, "grep", "Invalid regular expression");
            return 2;
        }
    };
    let text = match input(shell, &files, io, "grep") {
        Ok(t) => t,
        Err(status) => return status,
    };
    let weight = regex_weight(&pattern, extended || fixed);
    if !shell.spend((text.len() as u64).saturating_mul(weight) / REGEX_BYTES_PER_STEP) {
        return 2;
    }
    let matching: Vec<&str> = text
        .lines()
        .filter(|l| regex.is_match(l) != invert)
        .collect();
    if count_only {
        io.out(&format!("{}\n", matching.len()));
    } else if !quiet {
        for line in &matching {
            io.out(&format!("{line}\n"));
        }
    }
    i32::from(matching.is_empty())
}

/// `sort` (-n, -r, -u).
fn sort(shell: &mut Shell, rest: &[String], io: &mut Io) -> i32 {
    let (flags, files) = flags_and_files(rest);
    let text = match input(shell, &files, io, "sort") {
        Ok(t) => t,
        Err(status) => return status,
    };
    let mut lines: Vec<&str> = text.lines().collect();
    if flags.contains('n') {
        lines.sort_by_key(|l| {
            l.split_whitespace()
                .next()
                .and_then(|n| n.parse::<i64>().ok())
                .unwrap_or(0)
        });
    } else {
        lines.sort();
    }
    if flags.contains('r') {
        lines.reverse();
    }
    if flags.contains('u') {
        lines.dedup();
    }
    for line in lines {
        io.out(&format!("{line}\n"));
    }
    0
}

/// `uniq`: adjacent repeats dropped.
fn uniq(shell: &mut Shell, rest: &[String], io: &mut Io) -> i32 {
    let (_, files) = flags_and_files(rest);
    let text = match input(shell, &files, io, "uniq") {
        Ok(t) => t,
        Err(status) => return status,
    };
    let mut lines: Vec<&str> = text.lines().collect();
    lines.dedup();
    for line in lines {
        io.out(&format!("{line}\n"));
    }
    0
}

/// `tr`: characters mapped or deleted (-d), ranges expanded.
fn tr(shell: &mut Shell, rest: &[String], io: &mut Io) -> i32 {
    let delete = rest.first().is_some_and(|a| a == "-d");
    let sets: Vec<&String> = rest.iter().filter(|a| !a.starts_with('-')).collect();
    let text = String::from_utf8_lossy(&std::mem::take(&mut io.stdin)).into_owned();
    let expand = |set: &str| -> Vec<char> {
        let chars: Vec<char> = set.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if i + 2 < chars.len() && chars[i + 1] == '-' {
                out.extend(chars[i]..=chars[i + 2]);
                i += 3;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    };
    let from = sets.first().map(|s| expand(s)).unwrap_or_default();
    let to = sets.get(1).map(|s| expand(s)).unwrap_or_default();
    // A range may name a million characters: each looked up in
    // one step, and the sets' size charged.
    if !shell.spend(((from.len() + to.len()) / crate::limits::SHELL_TEXT_PER_STEP) as u64) {
        return 1;
    }
    let mut places: std::collections::HashMap<char, usize> =
        std::collections::HashMap::with_capacity(from.len());
    for (i, &c) in from.iter().enumerate() {
        places.entry(c).or_insert(i);
    }
    let out: String = text
        .chars()
        .filter_map(|c| match places.get(&c) {
            Some(_) if delete => None,
            Some(&i) => Some(*to.get(i).or(to.last()).unwrap_or(&c)),
            None => Some(c),
        })
        .collect();
    io.out(&out);
    0
}

/// `cut -d D -f N,...`: the chosen fields.
fn cut(shell: &mut Shell, rest: &[String], io: &mut Io) -> i32 {
    let mut delimiter = '\t';
    let mut fields: Vec<usize> = Vec::new();
    let mut files = Vec::new();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        if let Some(d) = arg.strip_prefix("-d") {
            delimiter = if d.is_empty() {
                it.next().and_then(|d| d.chars().next()).unwrap_or('\t')
            } else {
                d.chars().next().unwrap_or('\t')
            };
        } else if let Some(f) = arg.strip_prefix("-f") {
            let spec = if f.is_empty() {
                it.next().cloned().unwrap_or_default()
            } else {
                f.to_string()
            };
            fields = spec.split(',').filter_map(|n| n.parse().ok()).collect();
        } else {
            files.push(arg.clone());
        }
    }
    let text = match input(shell, &files, io, "cut") {
        Ok(t) => t,
        Err(status) => return status,
    };
    // Each line's fields are looked for one by one.
    let work = text.lines().count().saturating_mul(fields.len() + 1);
    if !shell.spend((work / crate::limits::SHELL_TEXT_PER_STEP) as u64) {
        return 1;
    }
    for line in text.lines() {
        if io.overflow {
            return 1;
        }
        let parts: Vec<&str> = line.split(delimiter).collect();
        let chosen: Vec<&str> = fields
            .iter()
            .filter_map(|&f| parts.get(f.wrapping_sub(1)).copied())
            .collect();
        io.out(&format!("{}\n", chosen.join(&delimiter.to_string())));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn line_tools() {
        assert_eq!(
            debian("printf '3\\n1\\n2\\n' | sort | head -n 2").2,
            "1\n2\n"
        );
        assert_eq!(
            debian("printf 'a\\nb\\n' | tail -1; printf 'a b\\nc\\n' | wc -l").2,
            "b\n2\n"
        );
        assert_eq!(
            debian("grep -q root /etc/passwd && echo yes; grep -c nologin /etc/passwd").2,
            "yes\n16\n"
        );
        assert_eq!(
            debian("echo hello | tr a-z A-Z; echo a:b:c | cut -d: -f2").2,
            "HELLO\nb\n"
        );
        assert_eq!(debian("grep nope /etc/hostname; echo $?").2, "1\n");
    }
}
