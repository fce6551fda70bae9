//! `find [PATH...] [EXPRESSION]`: `-name`, `-iname`, `-path`, `-type`,
//! `-maxdepth`, `-mindepth`, `-empty`, `-user`, `-newer`-less tests joined
//! by `!`, `-a`, `-o` and parentheses; actions `-print`, `-delete`,
//! `-exec ... ;` and `-exec ... +`.

use crate::engine::users::find_user;
use crate::engine::vfs::Node;

use super::super::pattern::Pattern;
use super::super::state::{Flow, Io, Shell};
use super::common::complain;

#[derive(Clone, Debug)]
enum Expr {
    True,
    Name(Pattern, bool),
    Path(Pattern),
    Type(char),
    Empty,
    User(u32),
    Not(Box<Expr>),
    /// Terms joined by `-a` (or nothing), and by `-o`: lists, so that a
    /// long chain is no deeper than one term.
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Print,
    Delete,
    Exec(Vec<String>, bool),
}

impl Expr {
    fn has_action(&self) -> bool {
        match self {
            Expr::Print | Expr::Delete | Expr::Exec(..) => true,
            Expr::Not(e) => e.has_action(),
            Expr::And(terms) | Expr::Or(terms) => terms.iter().any(Expr::has_action),
            _ => false,
        }
    }

    fn deletes(&self) -> bool {
        match self {
            Expr::Delete => true,
            Expr::Not(e) => e.deletes(),
            Expr::And(terms) | Expr::Or(terms) => terms.iter().any(Expr::deletes),
            _ => false,
        }
    }
}

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
    maxdepth: Option<usize>,
    mindepth: usize,
    shell: &'a Shell<'a>,
    /// Parentheses open around the term being read.
    depth: u32,
}

impl Parser<'_> {
    fn or(&mut self) -> Result<Expr, String> {
        let mut terms = vec![self.and()?];
        while matches!(
            self.args.get(self.pos).map(String::as_str),
            Some("-o" | "-or")
        ) {
            self.pos += 1;
            terms.push(self.and()?);
        }
        Ok(match terms.len() {
            1 => terms.pop().unwrap_or(Expr::True),
            _ => Expr::Or(terms),
        })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut terms = vec![self.unary()?];
        loop {
            match self.args.get(self.pos).map(String::as_str) {
                None | Some("-o" | "-or" | ")") => break,
                Some("-a" | "-and") => self.pos += 1,
                _ => {}
            }
            terms.push(self.unary()?);
        }
        Ok(match terms.len() {
            1 => terms.pop().unwrap_or(Expr::True),
            _ => Expr::And(terms),
        })
    }

    fn unary(&mut self) -> Result<Expr, String> {
        // Each `!` negates what follows: counted, not recursed into.
        let mut negate = false;
        while matches!(
            self.args.get(self.pos).map(String::as_str),
            Some("!" | "-not")
        ) {
            self.pos += 1;
            negate = !negate;
        }
        let term = if self.args.get(self.pos).map(String::as_str) == Some("(") {
            if self.depth >= crate::limits::SHELL_NESTING {
                return Err(crate::limits::nested_too_deep("parentheses"));
            }
            self.depth += 1;
            self.pos += 1;
            let e = self.or()?;
            self.depth -= 1;
            if self.args.get(self.pos).map(String::as_str) != Some(")") {
                return Err("invalid expression; I was expecting to find a ')' somewhere".into());
            }
            self.pos += 1;
            e
        } else {
            self.primary()?
        };
        Ok(if negate {
            Expr::Not(Box::new(term))
        } else {
            term
        })
    }

    fn value(&mut self, name: &str) -> Result<String, String> {
        self.pos += 1;
        self.args
            .get(self.pos - 1)
            .cloned()
            .ok_or_else(|| format!("missing argument to `{name}'"))
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let Some(name) = self.args.get(self.pos).cloned() else {
            return Ok(Expr::True);
        };
        self.pos += 1;
        Ok(match name.as_str() {
            "-name" => Expr::Name(Pattern::new(&self.value(&name)?), false),
            "-iname" => Expr::Name(Pattern::new(&self.value(&name)?.to_lowercase()), true),
            "-path" | "-wholename" => Expr::Path(Pattern::new(&self.value(&name)?)),
            "-type" => Expr::Type(self.value(&name)?.chars().next().unwrap_or('f')),
            "-empty" => Expr::Empty,
            "-user" => {
                let user = self.value(&name)?;
                Expr::User(find_user(self.shell.fs, &user).map_or(u32::MAX, |u| u.uid))
            }
            "-maxdepth" => {
                self.maxdepth = self.value(&name)?.parse().ok();
                Expr::True
            }
            "-mindepth" => {
                self.mindepth = self.value(&name)?.parse().unwrap_or(0);
                Expr::True
            }
            "-print" | "-print0" => Expr::Print,
            "-delete" => Expr::Delete,
            "-depth" | "-xdev" | "-mount" | "-follow" | "-prune" => Expr::True,
            "-exec" | "-execdir" => {
                let mut command = Vec::new();
                loop {
                    let Some(arg) = self.args.get(self.pos).cloned() else {
                        return Err(format!("missing argument to `{name}'"));
                    };
                    self.pos += 1;
                    if arg == ";" || arg == "+" {
                        return Ok(Expr::Exec(command, arg == "+"));
                    }
                    command.push(arg);
                }
            }
            "-size" | "-perm" | "-newer" | "-mtime" | "-mmin" | "-group" | "-regex" | "-links" => {
                self.value(&name)?;
                Expr::True
            }
            other => return Err(format!("unknown predicate `{other}'")),
        })
    }
}

struct Found {
    shown: String,
    real: String,
    node: Node,
    depth: usize,
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let rest = &args[1..];
    let starts_len = rest
        .iter()
        .position(|a| a.starts_with('-') || a == "!" || a == "(")
        .unwrap_or(rest.len());
    let mut starts: Vec<String> = rest[..starts_len].to_vec();
    if starts.is_empty() {
        starts.push(".".to_string());
    }
    let (expr, maxdepth, mindepth) = {
        // Parsing only reads the shell (for -user); it ends before running.
        let mut parser = Parser {
            args: &rest[starts_len..],
            pos: 0,
            maxdepth: None,
            mindepth: 0,
            shell: &*shell,
            depth: 0,
        };
        match parser.or() {
            Ok(e) if parser.pos == parser.args.len() => (e, parser.maxdepth, parser.mindepth),
            Ok(_) => {
                complain(io, "find", "paths must precede expression");
                return 1;
            }
            Err(message) => {
                complain(io, "find", &message);
                return 1;
            }
        }
    };
    let print_by_default = !expr.has_action();
    let depth_first = expr.deletes();
    let mut status = 0;
    let mut batched: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for start in starts {
        let real = shell.path(&start);
        let node = match shell.fs.lookup(&real, true) {
            Ok((_, n)) => n.clone(),
            Err(_) if real == "/" => Node::Dir(std::sync::Arc::new(shell.fs.root().clone())),
            Err(_) => {
                complain(io, "find", &format!("'{start}': No such file or directory"));
                status = 1;
                continue;
            }
        };
        let mut found = Vec::new();
        collect(&start, &real, &node, 0, maxdepth, depth_first, &mut found);
        // Each entry is tested: a step for each few.
        if !shell.spend(found.len() as u64 / 16) {
            return 1;
        }
        for item in found {
            if shell.stopped.is_some() {
                return 1;
            }
            if item.depth < mindepth {
                continue;
            }
            let matched = evaluate(&expr, &item, shell, io, &mut batched);
            if matched && print_by_default {
                io.out(&format!("{}\n", item.shown));
            }
        }
    }
    for (command, paths) in batched {
        let mut argv = Vec::new();
        for arg in command {
            if arg == "{}" {
                argv.extend(paths.iter().cloned());
            } else {
                argv.push(arg);
            }
        }
        if !argv.is_empty() && !ran(shell, &argv, io) {
            status = 1;
        }
    }
    status
}

/// Runs a command of `-exec`: whether it succeeded. A limit it met stops
/// the script once `find` returns (and `find` stops at once).
fn ran(shell: &mut Shell, argv: &[String], io: &mut Io) -> bool {
    if shell.stopped.is_some() {
        return false;
    }
    match super::exec(shell, argv, io) {
        flow @ Flow::Abort(_) => {
            shell.stopped.get_or_insert(flow);
            false
        }
        flow => flow.status() == 0,
    }
}

fn collect(
    shown: &str,
    real: &str,
    node: &Node,
    depth: usize,
    maxdepth: Option<usize>,
    depth_first: bool,
    out: &mut Vec<Found>,
) {
    let item = Found {
        shown: shown.to_string(),
        real: real.to_string(),
        node: node.clone(),
        depth,
    };
    if !depth_first {
        out.push(item);
    }
    if let Node::Dir(dir) = node {
        if maxdepth.is_none_or(|m| depth < m) {
            for (name, child) in &dir.entries {
                let shown = if shown.ends_with('/') {
                    format!("{shown}{name}")
                } else {
                    format!("{shown}/{name}")
                };
                let real = if real.ends_with('/') {
                    format!("{real}{name}")
                } else {
                    format!("{real}/{name}")
                };
                collect(&shown, &real, child, depth + 1, maxdepth, depth_first, out);
            }
        }
    }
    if depth_first {
        out.push(Found {
            shown: shown.to_string(),
            real: real.to_string(),
            node: node.clone(),
            depth,
        });
    }
}

fn evaluate(
    expr: &Expr,
    item: &Found,
    shell: &mut Shell,
    io: &mut Io,
    batched: &mut Vec<(Vec<String>, Vec<String>)>,
) -> bool {
    let name = item.shown.rsplit('/').next().unwrap_or(&item.shown);
    match expr {
        Expr::True => true,
        Expr::Name(p, insensitive) => {
            if *insensitive {
                p.matches(&name.to_lowercase())
            } else {
                p.matches(name)
            }
        }
        Expr::Path(p) => p.matches(&item.shown),
        Expr::Type(t) => matches!(
            (t, &item.node),
            ('f', Node::File(_)) | ('d', Node::Dir(_)) | ('l', Node::Symlink(_))
        ),
        Expr::Empty => match &item.node {
            Node::Dir(d) => d.entries.is_empty(),
            Node::File(f) => f.content.size() == 0,
            Node::Symlink(_) => false,
        },
        Expr::User(uid) => item.node.meta().uid == *uid,
        Expr::Not(e) => !evaluate(e, item, shell, io, batched),
        Expr::And(terms) => terms.iter().all(|t| evaluate(t, item, shell, io, batched)),
        Expr::Or(terms) => terms.iter().any(|t| evaluate(t, item, shell, io, batched)),
        Expr::Print => {
            io.out(&format!("{}\n", item.shown));
            true
        }
        Expr::Delete => {
            if item.real != "/" && item.depth > 0 || matches!(item.node, Node::File(_)) {
                let _ = shell.fs.remove(&item.real);
            }
            true
        }
        Expr::Exec(command, batch) => {
            if *batch {
                match batched.iter_mut().find(|(c, _)| c == command) {
                    Some((_, paths)) => paths.push(item.shown.clone()),
                    None => batched.push((command.clone(), vec![item.shown.clone()])),
                }
                return true;
            }
            let argv: Vec<String> = command
                .iter()
                .map(|a| a.replace("{}", &item.shown))
                .collect();
            !argv.is_empty() && ran(shell, &argv, io)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn finds_and_deletes() {
        let (fs, status, out) = debian("mkdir -p /p/a /p/b && touch /p/a/x.pyc /p/b/y.py /p/b/z.pyc && find /p -name '*.pyc' && find /p -type d -name b && find /p -name '*.pyc' -delete && find /p -type f");
        assert_eq!(status, 0);
        assert_eq!(out, "/p/a/x.pyc\n/p/b/z.pyc\n/p/b\n/p/b/y.py\n");
        assert!(!fs.exists("/p/a/x.pyc"));
        let (_, _, out) = debian("mkdir -p /q/r && touch /q/r/f && cd /q && find . -maxdepth 1 && find . -mindepth 2 -exec echo got {} ';'");
        assert_eq!(out, ".\n./r\ngot ./r/f\n");
    }
}
