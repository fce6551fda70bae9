//! Word expansion of the RUN shell: parameters (every POSIX `${...}`
//! form), command substitution, arithmetic, tilde, field splitting on IFS,
//! pathname expansion against the filesystem, and quote removal.

use crate::engine::vfs::Node;
use crate::limits::{GLOB_MATCHES, SHELL_TEXT_BYTES, SHELL_TEXT_PER_STEP};

/// Bytes of an unquoted expansion that splitting into fields costs a step
/// (each field made is one more): a sixteenth of what copying costs, as
/// each byte is looked at and copied twice.
const SPLIT_BYTES_PER_STEP: usize = SHELL_TEXT_PER_STEP / 16;

use super::arith;
use super::ast::{ParamExpr, ParamOp, Part, Word};
use super::parser::{parse_heredoc_body, parse_script, parse_word_text};
use super::pattern::{escape, Pattern};
use super::state::{Abort, Flow, Io, Shell};

/// An expanded piece and how it may still change.
enum Seg {
    Text {
        text: String,
        quoted: bool,
        split: bool,
    },
    /// Between the fields of `"$@"`.
    Break,
}

type Expanded<T> = Result<T, Flow>;

impl Shell<'_> {
    /// A word as the fields of a command line: split and globbed.
    pub fn expand_fields(&mut self, word: &Word, io: &mut Io) -> Expanded<Vec<String>> {
        let segs = self.segments(word, io)?;
        let mut fields: Vec<(String, String, bool)> = Vec::new(); // (text, pattern, has glob)
        let mut current: Option<(String, String, bool)> = None;
        let ifs = self
            .var("IFS")
            .map_or_else(|| " \t\n".to_string(), str::to_string);
        for seg in segs {
            match seg {
                Seg::Break => {
                    if let Some(f) = current.take() {
                        fields.push(f);
                    }
                }
                Seg::Text {
                    text,
                    quoted,
                    split,
                } => {
                    if quoted {
                        let f = current.get_or_insert_with(Default::default);
                        f.0.push_str(&text);
                        f.1.push_str(&escape(&text));
                        continue;
                    }
                    if !split {
                        let f = current.get_or_insert_with(Default::default);
                        f.0.push_str(&text);
                        f.1.push_str(&text);
                        f.2 |= text.contains(['*', '?', '[']);
                        continue;
                    }
                    // Splitting is work for each byte and each field made:
                    // charged as it goes, so a huge unquoted expansion
                    // stops at the step limit before it fills memory.
                    self.charge((text.len() / SPLIT_BYTES_PER_STEP) as u64)?;
                    let made = fields.len();
                    for c in text.chars() {
                        if ifs.contains(c) {
                            if let Some(f) = current.take() {
                                fields.push(f);
                            }
                        } else {
                            let f = current.get_or_insert_with(Default::default);
                            f.0.push(c);
                            match c {
                                '*' | '?' | '[' => {
                                    f.2 = true;
                                    f.1.push(c);
                                }
                                ']' | '\\' => {
                                    f.1.push('\\');
                                    f.1.push(c);
                                }
                                _ => f.1.push(c),
                            }
                        }
                    }
                    self.charge((fields.len() - made) as u64)?;
                }
            }
        }
        if let Some(f) = current.take() {
            fields.push(f);
        }
        let mut out = Vec::new();
        for (text, pattern, glob) in fields {
            if glob {
                let matches = self.glob_charged(&pattern)?;
                if !matches.is_empty() {
                    out.extend(matches);
                    continue;
                }
            }
            out.push(text);
        }
        Ok(out)
    }

    /// [`Shell::glob`], each path looked at a step (as a command's word
    /// is), and no more than [`GLOB_MATCHES`] paths.
    fn glob_charged(&mut self, pattern: &str) -> Expanded<Vec<String>> {
        let left = self.step_limit.saturating_sub(self.steps);
        let (matches, looked_at) = self.glob_within(pattern, left.saturating_add(1));
        self.charge(looked_at)?;
        match matches {
            Some(matches) => Ok(matches),
            None => Err(Flow::Abort(Abort::GlobLimit(GLOB_MATCHES))),
        }
    }

    /// A word as one string: no splitting, no globbing (assignments,
    /// redirection targets, `case` subjects).
    pub fn expand_single(&mut self, word: &Word, io: &mut Io) -> Expanded<String> {
        let segs = self.segments(word, io)?;
        Ok(segs
            .into_iter()
            .map(|s| match s {
                Seg::Text { text, .. } => text,
                Seg::Break => " ".to_string(),
            })
            .collect())
    }

    /// A word as a pattern: quoted characters escaped.
    pub fn expand_pattern(&mut self, word: &Word, io: &mut Io) -> Expanded<String> {
        let segs = self.segments(word, io)?;
        Ok(segs
            .into_iter()
            .map(|s| match s {
                Seg::Text {
                    text, quoted: true, ..
                } => escape(&text),
                Seg::Text { text, .. } => text,
                Seg::Break => " ".to_string(),
            })
            .collect())
    }

    /// A here-document body with expansions.
    pub fn expand_heredoc(&mut self, body: &str, io: &mut Io) -> Expanded<String> {
        match parse_heredoc_body(body) {
            Ok(word) => self.expand_single(&word, io),
            Err(_) => Ok(body.to_string()),
        }
    }

    /// The word's parts expanded, one nesting level deeper (a `${x:-…}`
    /// word, an arithmetic or a command substitution expands inside).
    fn segments(&mut self, word: &Word, io: &mut Io) -> Expanded<Vec<Seg>> {
        self.enter()?;
        let segs = self.segments_here(word, io);
        self.leave();
        segs
    }

    fn segments_here(&mut self, word: &Word, io: &mut Io) -> Expanded<Vec<Seg>> {
        let mut segs = Vec::new();
        // What the word has grown to: stopped as it grows, not once it is
        // whole (`"$x$x$x..."` would fill memory first). Twice the limit:
        // a word within it is then refused by what it is for (a variable,
        // a command's word), with that name.
        let mut bytes = 0usize;
        for part in &word.parts {
            if bytes > 2 * SHELL_TEXT_BYTES {
                return Err(Flow::Abort(Abort::text("a word")));
            }
            if let Some(Seg::Text { text, .. }) = segs.last() {
                bytes += text.len();
            }
            match part {
                Part::Literal { text, quoted } => segs.push(Seg::Text {
                    text: text.clone(),
                    quoted: *quoted,
                    split: false,
                }),
                Part::Tilde(user) => {
                    let home = if user.is_empty() {
                        self.var("HOME").unwrap_or("/root").to_string()
                    } else {
                        home_of(self, user).unwrap_or_else(|| format!("~{user}"))
                    };
                    segs.push(Seg::Text {
                        text: home,
                        quoted: true,
                        split: false,
                    });
                }
                Part::Param { expr, quoted } => {
                    if matches!(expr.name.as_str(), "@" | "*") && expr.op == ParamOp::Plain {
                        let values = self.positional.clone();
                        if *quoted && expr.name == "@" {
                            for (i, v) in values.iter().enumerate() {
                                if i > 0 {
                                    segs.push(Seg::Break);
                                }
                                segs.push(Seg::Text {
                                    text: v.clone(),
                                    quoted: true,
                                    split: false,
                                });
                            }
                            continue;
                        }
                        let joined = values.join(" ");
                        self.charge((joined.len() / SHELL_TEXT_PER_STEP) as u64)?;
                        segs.push(Seg::Text {
                            text: joined,
                            quoted: *quoted,
                            split: !*quoted,
                        });
                        continue;
                    }
                    let text = self.parameter(expr, io)?;
                    segs.push(Seg::Text {
                        text,
                        quoted: *quoted,
                        split: !*quoted,
                    });
                }
                Part::CommandSubst { source, quoted } => {
                    let text = self.command_substitution(source, io)?;
                    segs.push(Seg::Text {
                        text,
                        quoted: *quoted,
                        split: !*quoted,
                    });
                }
                Part::Arithmetic { source, quoted } => {
                    // The expression itself may hold expansions.
                    let inner = match parse_word_text(source) {
                        Ok(w) => self.expand_single(&w, io)?,
                        Err(_) => source.clone(),
                    };
                    // Each name reads its variable's value: counted, and
                    // no more read than the steps left could pay for.
                    let left = self
                        .step_limit
                        .saturating_sub(self.steps)
                        .saturating_mul(SHELL_TEXT_PER_STEP as u64);
                    let read = std::cell::Cell::new(0u64);
                    let result = arith::evaluate(&inner, &|name| {
                        let value = self.var(name)?;
                        read.set(read.get() + value.len() as u64);
                        (read.get() <= left).then(|| value.to_string())
                    });
                    self.charge(read.get() / SHELL_TEXT_PER_STEP as u64)?;
                    match result {
                        Ok(n) => segs.push(Seg::Text {
                            text: n.to_string(),
                            quoted: *quoted,
                            split: !*quoted,
                        }),
                        Err(message) => {
                            io.err(&format!("{}{message}\n", self.error_prefix()));
                            return Err(Flow::Exit(2));
                        }
                    }
                }
            }
        }
        if let Some(Seg::Text { text, .. }) = segs.last() {
            bytes += text.len();
        }
        if bytes > 2 * SHELL_TEXT_BYTES {
            return Err(Flow::Abort(Abort::text("a word")));
        }
        Ok(segs)
    }

    fn special(&self, name: &str) -> Option<String> {
        Some(match name {
            "?" => self.status.to_string(),
            "#" => self.positional.len().to_string(),
            "$" => "1".to_string(),
            "!" => String::new(),
            "0" => self.name.clone(),
            "-" => {
                let mut flags = String::new();
                if self.options.errexit {
                    flags.push('e');
                }
                if self.options.nounset {
                    flags.push('u');
                }
                if self.options.xtrace {
                    flags.push('x');
                }
                flags
            }
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                return self.positional.get(i.checked_sub(1)?).cloned();
            }
            _ => return None,
        })
    }

    fn lookup(&self, name: &str) -> Option<String> {
        self.special(name)
            .or_else(|| self.var(name).map(str::to_string))
    }

    fn word_value(&mut self, text: &str, io: &mut Io) -> Expanded<String> {
        match parse_word_text(text) {
            Ok(word) => self.expand_single(&word, io),
            Err(_) => Ok(text.to_string()),
        }
    }

    fn parameter(&mut self, expr: &ParamExpr, io: &mut Io) -> Expanded<String> {
        let value = self.lookup(&expr.name);
        // Each reference copies the value (`${#x}`, `${x:+y}` too, though
        // little comes out of them).
        if let Some(v) = &value {
            self.charge((v.len() / SHELL_TEXT_PER_STEP) as u64)?;
        }
        let unset_or_empty = |colon: bool| match &value {
            None => true,
            Some(v) => colon && v.is_empty(),
        };
        match &expr.op {
            ParamOp::Plain => match value {
                Some(v) => Ok(v),
                None if self.options.nounset && !matches!(expr.name.as_str(), "@" | "*") => {
                    io.err(&format!(
                        "{}{}: parameter not set\n",
                        self.error_prefix(),
                        expr.name
                    ));
                    Err(Flow::Exit(2))
                }
                None => Ok(String::new()),
            },
            ParamOp::Length => Ok(value.unwrap_or_default().chars().count().to_string()),
            ParamOp::Default { colon, word } => {
                if unset_or_empty(*colon) {
                    self.word_value(word, io)
                } else {
                    Ok(value.unwrap_or_default())
                }
            }
            ParamOp::Assign { colon, word } => {
                if unset_or_empty(*colon) {
                    let v = self.word_value(word, io)?;
                    self.set_var(&expr.name, &v);
                    Ok(v)
                } else {
                    Ok(value.unwrap_or_default())
                }
            }
            ParamOp::Error { colon, word } => {
                if unset_or_empty(*colon) {
                    let message = self.word_value(word, io)?;
                    let message = if message.is_empty() {
                        "parameter not set".to_string()
                    } else {
                        message
                    };
                    io.err(&format!(
                        "{}{}: {message}\n",
                        self.error_prefix(),
                        expr.name
                    ));
                    Err(Flow::Exit(2))
                } else {
                    Ok(value.unwrap_or_default())
                }
            }
            ParamOp::Alternative { colon, word } => {
                if unset_or_empty(*colon) {
                    Ok(String::new())
                } else {
                    self.word_value(word, io)
                }
            }
            ParamOp::TrimPrefix { longest, pattern } | ParamOp::TrimSuffix { longest, pattern } => {
                let value = value.unwrap_or_default();
                let pattern = match parse_word_text(pattern) {
                    Ok(w) => self.expand_pattern(&w, io)?,
                    Err(_) => pattern.clone(),
                };
                let prefix = matches!(expr.op, ParamOp::TrimPrefix { .. });
                let compiled = Pattern::new(&pattern);
                // One pass of the pattern's automaton over the value.
                let work = value.len().saturating_mul(compiled.len() + 1);
                self.charge((work / SHELL_TEXT_PER_STEP) as u64)?;
                Ok(trim(&value, &compiled, prefix, *longest))
            }
        }
    }

    fn command_substitution(&mut self, source: &str, io: &mut Io) -> Expanded<String> {
        let list = match parse_script(source) {
            Ok(list) => list,
            Err(e) => {
                io.err(&format!("{}{e}\n", self.error_prefix()));
                return Err(Flow::Exit(2));
            }
        };
        self.charge(self.vars_cost())?;
        let saved_vars = self.vars.clone();
        let saved_cwd = self.cwd.clone();
        let mut inner = Io::default();
        let flow = self.exec_list(&list, &mut inner);
        self.vars = saved_vars;
        self.cwd = saved_cwd;
        if let Flow::Abort(_) = flow {
            return Err(flow);
        }
        if inner.overflow {
            return Err(Flow::Abort(Abort::text("the output of a command")));
        }
        self.status = flow.status();
        io.err_bytes(&inner.stderr);
        let mut text = String::from_utf8_lossy(&inner.stdout).into_owned();
        while text.ends_with('\n') {
            text.pop();
        }
        Ok(text)
    }

    /// Pathname expansion: the paths matching `pattern`, sorted (all of
    /// them, however many: for callers that bound the pattern).
    pub fn glob(&self, pattern: &str) -> Vec<String> {
        self.glob_within(pattern, u64::MAX).0.unwrap_or_default()
    }

    /// [`Shell::glob`], looking at no more than `budget` directory
    /// entries: the matches (None past [`GLOB_MATCHES`] of them) and how
    /// many entries it looked at.
    pub fn glob_within(&self, pattern: &str, budget: u64) -> (Option<Vec<String>>, u64) {
        let mut looked_at = 0u64;
        let absolute = pattern.starts_with('/');
        let components: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
        let mut results: Vec<(String, String)> = vec![(
            if absolute {
                "/".to_string()
            } else {
                self.cwd.clone()
            },
            String::new(),
        )];
        for (i, component) in components.iter().enumerate() {
            let last = i + 1 == components.len();
            let compiled = Pattern::new(component);
            let mut next = Vec::new();
            for (dir, shown) in &results {
                let join = |name: &str| {
                    let real = if dir.ends_with('/') {
                        format!("{dir}{name}")
                    } else {
                        format!("{dir}/{name}")
                    };
                    let shown = if shown.is_empty() {
                        if absolute {
                            format!("/{name}")
                        } else {
                            name.to_string()
                        }
                    } else {
                        format!("{shown}/{name}")
                    };
                    (real, shown)
                };
                looked_at += 1;
                if compiled.is_literal() {
                    let name = unescape(component);
                    let (real, shown) = join(&name);
                    if self.fs.exists(&real) {
                        next.push((real, shown));
                    }
                    continue;
                }
                let Ok(canonical) = self.fs.resolve(dir, true) else {
                    continue;
                };
                let entries = if canonical == "/" {
                    Some(self.fs.root())
                } else {
                    self.fs.get(&canonical).and_then(Node::as_dir)
                };
                let Some(entries) = entries else { continue };
                looked_at += entries.entries.len() as u64;
                if looked_at > budget {
                    return (Some(Vec::new()), looked_at);
                }
                for name in entries.entries.keys() {
                    if name.starts_with('.') && !component.starts_with('.') {
                        continue;
                    }
                    if compiled.matches(name) {
                        let (real, shown) = join(name);
                        if last || self.fs.is_dir(&real) {
                            next.push((real, shown));
                        }
                    }
                }
                if next.len() > GLOB_MATCHES {
                    return (None, looked_at);
                }
            }
            results = next;
        }
        let mut out: Vec<String> = results.into_iter().map(|(_, shown)| shown).collect();
        out.sort();
        (Some(out), looked_at)
    }
}

fn unescape(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`: one pass of the pattern over
/// the value, either way.
fn trim(value: &str, compiled: &Pattern, prefix: bool, longest: bool) -> String {
    let lengths = if prefix {
        compiled.prefix_lengths(value)
    } else {
        compiled.suffix_lengths(value)
    };
    let cut = if longest {
        lengths.iter().max()
    } else {
        lengths.iter().min()
    };
    match (cut, prefix) {
        (None, _) => value.to_string(),
        (Some(&n), true) => value[n..].to_string(),
        (Some(&n), false) => value[..value.len() - n].to_string(),
    }
}

/// A user's home directory from `/etc/passwd`.
fn home_of(shell: &Shell, user: &str) -> Option<String> {
    let passwd = shell.fs.read("/etc/passwd").ok()?.as_text()?.to_string();
    passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.first() == Some(&user))
        .and_then(|f| f.get(5).map(|h| h.to_string()))
}

#[cfg(test)]
mod tests {
    use crate::engine::catalog::ShellFlavor;
    use crate::engine::content::Content;
    use crate::engine::shell::state::{Io, Shell};
    use crate::engine::vfs::{Filesystem, Meta};

    fn echo(script: &str) -> String {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/src/pkg", Meta::dir()).unwrap();
        for f in ["main.go", "util.go", "README.md", ".hidden.go", "pkg/a.go"] {
            fs.write_file(&format!("/src/{f}"), Content::text("x"), Meta::file())
                .unwrap();
        }
        let mut sh = Shell::new(
            &mut fs,
            crate::engine::catalog::builtin(),
            ShellFlavor::Dash,
            "/bin/sh",
        );
        sh.cwd = "/src".into();
        let mut io = Io::default();
        sh.run_script(script, &mut io);
        String::from_utf8_lossy(&io.stdout).into_owned() + &String::from_utf8_lossy(&io.stderr)
    }

    #[test]
    fn globbing_matches_the_filesystem() {
        assert_eq!(echo("echo *.go"), "main.go util.go\n");
        assert_eq!(echo("echo /src/*/*.go"), "/src/pkg/a.go\n");
        assert_eq!(echo("echo '*.go' \"*\".go"), "*.go *.go\n");
        assert_eq!(echo("echo *.none"), "*.none\n");
        assert_eq!(echo("echo .*.go"), ".hidden.go\n");
    }

    #[test]
    fn field_splitting_only_splits_unquoted_expansions() {
        assert_eq!(
            echo("X='a  b'; for w in $X; do echo \"[$w]\"; done"),
            "[a]\n[b]\n"
        );
        assert_eq!(echo("X='a  b'; echo \"$X\""), "a  b\n");
        assert_eq!(echo("X=; for w in \"\" $X; do echo \"[$w]\"; done"), "[]\n");
    }

    #[test]
    fn parameter_forms() {
        assert_eq!(
            echo("V=1.22.5; echo ${V%.*} ${V%%.*} ${V#*.} ${V##*.}"),
            "1.22 1 22.5 5\n"
        );
        assert_eq!(
            echo("echo ${U:-a b} ${U:=set} $U ${U:+alt}"),
            "a b set set alt\n"
        );
        assert_eq!(
            echo("echo ${NOPE:?must be set}"),
            "/bin/sh: 1: NOPE: must be set\n"
        );
        assert_eq!(echo("set -- x y; echo $# $1 \"$@\""), "2 x x y\n");
    }

    #[test]
    fn substitutions() {
        assert_eq!(echo("echo \"v=$(echo 1; echo 2)\" `echo b`"), "v=1\n2 b\n");
        assert_eq!(echo("echo $((2 * (3 + 4)))"), "14\n");
        assert_eq!(echo("HOME=/home/me; echo ~/x"), "/home/me/x\n");
    }
}
