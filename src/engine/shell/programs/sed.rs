//! `sed [-n] [-i[SUFFIX]] [-E|-r] [-e] SCRIPT [FILE...]`: the commands
//! Dockerfiles use: `s/re/replacement/flags`, `d`, `p`, with line-number,
//! `$` and `/re/` addresses.

use regex_lite::{Regex, RegexBuilder};

use crate::engine::content::Content;

use super::super::state::{Io, Shell};
use super::common::complain;

/// Bytes times automaton states that cost a step of the script: a search
/// steps each state for each byte, and a script step is about the work
/// of a few hundred of those.
pub const REGEX_BYTES_PER_STEP: u64 = 256;

/// The most groups a replacement can name (`\\1` to `\\9`).
pub const REFERABLE_GROUPS: usize = 9;

/// How big a compiled expression may grow, in bytes (the regex crate's
/// own default is ten times this): a pattern of thousands of groups or
/// counted repeats is refused rather than compiled into gigabytes.
const REGEX_SIZE: usize = 1 << 20;

/// A POSIX basic (or extended) regular expression in the syntax of the
/// regex crate. The first `captures` groups capture (what a replacement
/// can name); the others only group, which keeps a search's memory from
/// growing with the number of groups.
pub fn posix_regex(
    pattern: &str,
    extended: bool,
    ignore_case: bool,
    captures: usize,
) -> Result<Regex, String> {
    RegexBuilder::new(&translate(pattern, extended, captures))
        .case_insensitive(ignore_case)
        .size_limit(REGEX_SIZE)
        .build()
        .map_err(|_| {
            format!(
                "-e expression #1, char {}: invalid regular expression",
                pattern.len()
            )
        })
}

/// About how many states the automaton of `pattern` has: what a search
/// costs for each byte it reads. Each atom is one; a group is what it
/// holds; `{m,n}` repeats what it follows n times (the regex crate
/// unrolls it).
pub fn regex_weight(pattern: &str, extended: bool) -> u64 {
    let translated = translate(pattern, extended, 0);
    let chars: Vec<char> = translated.chars().collect();
    // For each open group: its weight so far, and its last atom's.
    let mut groups: Vec<(u64, u64)> = vec![(0, 0)];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let atom = match c {
            '\\' => {
                i += 1;
                1
            }
            '[' => {
                // To the class's closing bracket (`[:alpha:]` inside).
                if chars.get(i) == Some(&'^') {
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    i += 1;
                }
                while i < chars.len() && chars[i] != ']' {
                    if chars[i] == '\\' || (chars[i] == '[' && chars.get(i + 1) == Some(&':')) {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                1
            }
            '(' => {
                if chars.get(i) == Some(&'?') {
                    while i < chars.len() && chars[i] != ':' && chars[i] != ')' {
                        i += 1;
                    }
                    i += 1;
                }
                groups.push((0, 0));
                continue;
            }
            ')' if groups.len() > 1 => groups.pop().map_or(1, |(weight, _)| weight.max(1)),
            '{' => {
                let close = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .map_or(chars.len(), |p| i + p);
                let body: String = chars[i..close.min(chars.len())].iter().collect();
                i = close + 1;
                let times = body
                    .split(',')
                    .filter_map(|n| n.trim().parse::<u64>().ok())
                    .max()
                    .unwrap_or(1)
                    .max(1)
                    + u64::from(body.ends_with(','));
                if let Some(top) = groups.last_mut() {
                    let last = top.1;
                    top.0 = top.0 - last + last.saturating_mul(times);
                    top.1 = last.saturating_mul(times);
                }
                continue;
            }
            '*' | '+' | '?' | '|' | '^' | '$' => continue,
            _ => 1,
        };
        if let Some(top) = groups.last_mut() {
            top.0 = top.0.saturating_add(atom);
            top.1 = atom;
        }
    }
    groups.iter().map(|g| g.0).fold(1, u64::saturating_add)
}

/// The pattern in the regex crate's syntax; the first `captures` groups
/// capture.
fn translate(pattern: &str, extended: bool, captures: usize) -> String {
    let mut out = String::new();
    let mut groups = 0;
    let mut open = |out: &mut String| {
        groups += 1;
        out.push_str(if groups <= captures { "(" } else { "(?:" });
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let n = chars[i + 1];
            i += 2;
            match n {
                '(' if !extended => open(&mut out),
                '(' | ')' | '{' | '}' | '+' | '?' | '|' if !extended => out.push(n),
                'n' => out.push_str("\\n"),
                't' => out.push_str("\\t"),
                'w' | 'W' | 's' | 'S' | 'b' | 'B' => {
                    out.push('\\');
                    out.push(n);
                }
                '<' | '>' => out.push_str("\\b"),
                _ => out.push_str(&regex_lite::escape(&n.to_string())),
            }
            continue;
        }
        match c {
            '(' | ')' | '{' | '}' | '+' | '?' | '|' if !extended => {
                out.push('\\');
                out.push(c);
            }
            '(' => open(&mut out),
            '*' if out.is_empty() || out.ends_with('^') => out.push_str("\\*"),
            '[' => {
                // Copy a bracket expression as it is.
                let start = i;
                i += 1;
                if chars.get(i) == Some(&'^') {
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    i += 1;
                }
                while i < chars.len() && chars[i] != ']' {
                    if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
                        while i < chars.len()
                            && !(chars[i] == ':' && chars.get(i + 1) == Some(&']'))
                        {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                let class: String = chars[start..(i + 1).min(chars.len())].iter().collect();
                out.push_str(&class.replace("[^]", "[^\\]").replace("[]", "[\\]"));
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[derive(Debug)]
enum Address {
    Line(usize),
    Last,
    Regex(Regex),
}

#[derive(Debug)]
enum Action {
    Substitute {
        regex: Regex,
        replacement: String,
        global: bool,
        print: bool,
        occurrence: usize,
    },
    Delete,
    Print,
}

#[derive(Debug)]
struct Command {
    address: Option<Address>,
    action: Action,
}

fn parse(script: &str, extended: bool) -> Result<Vec<Command>, String> {
    let mut commands = Vec::new();
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;
    let error = |i: usize, what: &str| format!("-e expression #1, char {}: {what}", i + 1);
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ';') {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let address = if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            Some(Address::Line(
                chars[start..i]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0),
            ))
        } else if chars[i] == '$' {
            i += 1;
            Some(Address::Last)
        } else if chars[i] == '/' {
            let (pattern, next) = delimited(&chars, i + 1, '/')
                .ok_or_else(|| error(i, "unterminated address regex"))?;
            i = next;
            Some(Address::Regex(posix_regex(&pattern, extended, false, 0)?))
        } else {
            None
        };
        let Some(&command) = chars.get(i) else {
            return Err(error(i, "missing command"));
        };
        i += 1;
        let action = match command {
            'd' => Action::Delete,
            'p' => Action::Print,
            's' => {
                let delim = *chars
                    .get(i)
                    .ok_or_else(|| error(i, "unterminated `s' command"))?;
                let (pattern, next) = delimited(&chars, i + 1, delim)
                    .ok_or_else(|| error(i, "unterminated `s' command"))?;
                let (replacement, next) = delimited(&chars, next, delim)
                    .ok_or_else(|| error(next, "unterminated `s' command"))?;
                i = next;
                let (mut global, mut print, mut icase, mut occurrence) = (false, false, false, 1);
                while let Some(&f) = chars.get(i) {
                    match f {
                        'g' => global = true,
                        'p' => print = true,
                        'i' | 'I' => icase = true,
                        d if d.is_ascii_digit() => {
                            occurrence = d.to_digit(10).unwrap_or(1) as usize
                        }
                        _ => break,
                    }
                    i += 1;
                }
                Action::Substitute {
                    regex: posix_regex(&pattern, extended, icase, REFERABLE_GROUPS)?,
                    replacement,
                    global,
                    print,
                    occurrence,
                }
            }
            other => return Err(error(i - 1, &format!("unknown command: `{other}'"))),
        };
        commands.push(Command { address, action });
    }
    Ok(commands)
}

/// Text up to an unescaped `delim` starting at `from`; the delimiter
/// itself may be escaped.
fn delimited(chars: &[char], from: usize, delim: char) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut i = from;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&delim) {
            out.push(delim);
            i += 2;
            continue;
        }
        if c == '\\' && i + 1 < chars.len() {
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == delim {
            return Some((out, i + 1));
        }
        out.push(c);
        i += 1;
    }
    None
}

/// Expands `&` and `\1`..`\9` in a replacement.
fn replacement_for(template: &str, caps: &regex_lite::Captures) -> String {
    let mut out = String::new();
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str(caps.get(0).map_or("", |m| m.as_str())),
            '\\' => match chars.next() {
                Some(d) if d.is_ascii_digit() => {
                    let n = d.to_digit(10).unwrap_or(0) as usize;
                    out.push_str(caps.get(n).map_or("", |m| m.as_str()));
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

fn apply(commands: &[Command], text: &str, quiet: bool) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let count = lines.len();
    let mut out = String::new();
    for (index, raw) in lines.iter().enumerate() {
        let had_newline = raw.ends_with('\n');
        let mut line = raw.strip_suffix('\n').unwrap_or(raw).to_string();
        let mut deleted = false;
        let mut extra = String::new();
        for command in commands {
            let selected = match &command.address {
                None => true,
                Some(Address::Line(n)) => index + 1 == *n,
                Some(Address::Last) => index + 1 == count,
                Some(Address::Regex(re)) => re.is_match(&line),
            };
            if !selected {
                continue;
            }
            match &command.action {
                Action::Delete => {
                    deleted = true;
                    break;
                }
                Action::Print => extra.push_str(&format!("{line}\n")),
                Action::Substitute {
                    regex,
                    replacement,
                    global,
                    print,
                    occurrence,
                } => {
                    let mut result = String::new();
                    let mut last = 0;
                    let mut changed = false;
                    for (n, caps) in regex.captures_iter(&line).enumerate() {
                        let Some(m) = caps.get(0) else { continue };
                        if !global && n + 1 != *occurrence {
                            continue;
                        }
                        result.push_str(&line[last..m.start()]);
                        result.push_str(&replacement_for(replacement, &caps));
                        last = m.end();
                        changed = true;
                        if !global {
                            break;
                        }
                    }
                    if changed {
                        result.push_str(&line[last..]);
                        line = result;
                        if *print {
                            extra.push_str(&format!("{line}\n"));
                        }
                    }
                }
            }
        }
        out.push_str(&extra);
        if !deleted && !quiet {
            out.push_str(&line);
            if had_newline {
                out.push('\n');
            }
        }
    }
    out
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut quiet = false;
    let mut in_place: Option<String> = None;
    let mut extended = false;
    let mut scripts = Vec::new();
    let mut files = Vec::new();
    let mut it = args[1..].iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-n" | "--quiet" | "--silent" => quiet = true,
            "-E" | "-r" | "--regexp-extended" => extended = true,
            "-e" | "--expression" => scripts.extend(it.next().cloned()),
            a if a.starts_with("-i") => in_place = Some(a[2..].to_string()),
            a if a.starts_with("--in-place") => {
                in_place = Some(
                    a.trim_start_matches("--in-place")
                        .trim_start_matches('=')
                        .to_string(),
                )
            }
            a if a.starts_with('-') && a.len() > 1 => {
                quiet |= a.contains('n');
                extended |= a.contains('E') || a.contains('r');
                if a.contains('i') {
                    in_place = Some(String::new());
                }
            }
            _ => {
                if scripts.is_empty() {
                    scripts.push(arg.clone());
                } else {
                    files.push(arg.clone());
                }
            }
        }
    }
    let script = scripts.join("\n");
    let commands = match parse(&script, extended) {
        Ok(c) => c,
        Err(message) => {
            complain(io, "sed", &message);
            return 1;
        }
    };
    // Each byte of input runs through the script's expressions: the
    // whole script, read as one pattern, weighs about what they do.
    let weight = regex_weight(&script, extended);
    let cost = |bytes: usize| (bytes as u64).saturating_mul(weight) / REGEX_BYTES_PER_STEP;
    if files.is_empty() {
        let input = String::from_utf8_lossy(&std::mem::take(&mut io.stdin)).into_owned();
        if !shell.spend(cost(input.len())) {
            return 4;
        }
        io.out(&apply(&commands, &input, quiet));
        return 0;
    }
    let mut status = 0;
    for file in files {
        let path = shell.path(&file);
        let (content, meta) = match shell.fs.lookup(&path, true) {
            Ok((_, crate::engine::vfs::Node::File(f))) => (f.content.clone(), f.meta),
            _ => {
                complain(
                    io,
                    "sed",
                    &format!("can't read {file}: No such file or directory"),
                );
                status = 2;
                continue;
            }
        };
        let Some(text) = content.as_text().map(str::to_string) else {
            // A binary file: nothing to edit, but in-place rewrites it.
            if in_place.is_some() {
                let _ = shell.fs.write_file(&path, content, meta.at(shell.clock));
            }
            continue;
        };
        if !shell.spend(cost(text.len())) {
            return 4;
        }
        let result = apply(&commands, &text, quiet);
        match &in_place {
            Some(suffix) => {
                if !suffix.is_empty() {
                    let _ = shell.fs.write_file(
                        &format!("{path}{suffix}"),
                        content.clone(),
                        meta.at(shell.clock),
                    );
                }
                let _ = shell
                    .fs
                    .write_file(&path, Content::text(&result), meta.at(shell.clock));
            }
            None => io.out(&result),
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn substitutes_in_place() {
        let (fs, status, _) = debian("printf 'listen 80;\\nroot /var/www;\\n' > /c && sed -i 's/80/8080/; s|/var/www|/srv/\\(www\\)|' /c && sed -i.bak -e '/root/d' /c");
        assert_eq!(status, 0);
        assert_eq!(fs.read("/c").unwrap().as_text(), Some("listen 8080;\n"));
        assert!(fs.exists("/c.bak"));
    }

    #[test]
    fn basic_and_extended_expressions() {
        assert_eq!(debian("echo 'a-b-c' | sed 's/-/+/g'").2, "a+b+c\n");
        assert_eq!(
            debian("echo 'version=1.2' | sed 's/\\(.*\\)=\\(.*\\)/\\2 \\1/'").2,
            "1.2 version\n"
        );
        assert_eq!(debian("echo 'aaa' | sed -E 's/a+/b/'").2, "b\n");
        assert_eq!(debian("printf 'x\\ny\\nz\\n' | sed -n '2p'").2, "y\n");
        assert_eq!(debian("printf 'x\\ny\\n' | sed '$d'").2, "x\n");
        assert_eq!(debian("echo a | sed 's/a/&&/'").2, "aa\n");
        assert_eq!(
            debian("sed 's/a/b/' /nope").2,
            "sed: can't read /nope: No such file or directory\n"
        );
    }
}
