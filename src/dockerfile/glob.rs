//! The small regular language that BuildKit builds from shell patterns
//! (`${v#pattern}`) and `.dockerignore` patterns, matched by simulating all
//! alternatives at once, so time is linear in the text for a given pattern
//! and no input can make it backtrack exponentially.

/// What one step of a pattern accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// This character.
    Char(char),
    /// Go regexp `.`: any character but a newline.
    AnyButNewline,
    /// `[^/]`: any character but a slash.
    AnyButSlash,
    /// A bracket expression: ranges, possibly negated.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Piece {
    fn accepts(&self, c: char) -> bool {
        match self {
            Piece::Char(x) => *x == c,
            Piece::AnyButNewline => c != '\n',
            Piece::AnyButSlash => c != '/',
            Piece::Class { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
        }
    }
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// Exactly one character the piece accepts.
    One(Piece),
    /// Any number of characters the piece accepts.
    Many(Piece),
    /// `(.*/)?`: nothing, or any characters but newlines ending in `/`.
    OptionalDirs,
    /// Go regexp `^` met in the middle of a pattern: matches only at the
    /// start of the text.
    TextStart,
}

/// A compiled pattern: a tiny nondeterministic automaton.
#[derive(Clone, Debug)]
pub struct Glob {
    insts: Vec<Inst>,
    /// The literal characters every whole match starts and ends with: a
    /// text without them is no whole match, found without running the
    /// automaton (`**/*.go` over an image's every path).
    prefix: String,
    suffix: String,
    /// The longest run of literal characters anywhere in the pattern: a
    /// text without it is no match either (`*a17*b*`). Searched for with a
    /// finder made once.
    needle: Option<memchr::memmem::Finder<'static>>,
}

#[derive(Clone, Debug)]
enum Inst {
    Step(Piece, usize),
    Split(usize, usize),
    AssertStart(usize),
    Match,
}

/// Threads at one position: for each instruction, the earliest start that
/// reaches it.
struct Threads {
    start: Vec<Option<usize>>,
    list: Vec<usize>,
    /// Instructions still to add (kept to save allocating one per add).
    stack: Vec<usize>,
}

impl Threads {
    fn new(n: usize) -> Threads {
        Threads {
            start: vec![None; n],
            list: Vec::with_capacity(n),
            stack: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &pc in &self.list {
            self.start[pc] = None;
        }
        self.list.clear();
    }
}

impl Glob {
    pub fn new(tokens: &[Token]) -> Glob {
        let mut insts = Vec::new();
        for token in tokens {
            let here = insts.len();
            match token {
                Token::One(piece) => insts.push(Inst::Step(piece.clone(), here + 1)),
                Token::Many(piece) => {
                    insts.push(Inst::Split(here + 1, here + 2));
                    insts.push(Inst::Step(piece.clone(), here));
                }
                Token::OptionalDirs => {
                    // here: Split(loop, out); loop: Split(any, slash);
                    // any: Step(any, loop); slash: Step('/', out)
                    insts.push(Inst::Split(here + 1, here + 4));
                    insts.push(Inst::Split(here + 2, here + 3));
                    insts.push(Inst::Step(Piece::AnyButNewline, here + 1));
                    insts.push(Inst::Step(Piece::Char('/'), here + 4));
                }
                Token::TextStart => insts.push(Inst::AssertStart(here + 1)),
            }
        }
        insts.push(Inst::Match);
        let literal = |token: &Token| match token {
            Token::One(Piece::Char(c)) => Some(*c),
            _ => None,
        };
        let prefix = tokens
            .iter()
            .skip_while(|t| matches!(t, Token::TextStart))
            .map_while(literal)
            .collect();
        let mut suffix: Vec<char> = tokens.iter().rev().map_while(literal).collect();
        suffix.reverse();
        let mut needle = String::new();
        let mut run = String::new();
        for token in tokens {
            match literal(token) {
                Some(c) => run.push(c),
                None => {
                    if run.len() > needle.len() {
                        needle = std::mem::take(&mut run);
                    }
                    run.clear();
                }
            }
        }
        if run.len() > needle.len() {
            needle = run;
        }
        Glob {
            insts,
            prefix,
            suffix: suffix.into_iter().collect(),
            needle: (!needle.is_empty())
                .then(|| memchr::memmem::Finder::new(needle.as_bytes()).into_owned()),
        }
    }

    /// How many instructions the automaton has: the most threads a step
    /// of a run can hold.
    pub fn len(&self) -> usize {
        self.insts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.insts.is_empty()
    }

    /// Whether `text` lacks a literal part every whole match has: no
    /// match, found without running the automaton.
    pub fn rejects_at_once(&self, text: &str) -> bool {
        !text.starts_with(&self.prefix)
            || !text.ends_with(&self.suffix)
            || self
                .needle
                .as_ref()
                .is_some_and(|n| n.find(text.as_bytes()).is_none())
    }

    /// Whether the whole of `text` matches.
    pub fn is_full_match(&self, text: &str) -> bool {
        !self.rejects_at_once(text) && self.runs_to_the_end(text)
    }

    /// Whether the automaton, run over all of `text`, ends in a match
    /// (without the quick checks of [`Glob::rejects_at_once`]).
    pub fn runs_to_the_end(&self, text: &str) -> bool {
        self.ends(text, 0).contains(&text.len())
    }

    /// Every end offset of a match that starts at byte `start` of `text`.
    pub fn ends(&self, text: &str, start: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        self.run(text, start, Some(start), &mut |s, e| {
            if s == start {
                ends.push(e);
            }
            true
        });
        ends
    }

    /// The leftmost match at or after byte `from`: its start, and its
    /// shortest or longest end.
    pub fn find(&self, text: &str, from: usize, longest: bool) -> Option<(usize, usize)> {
        let mut best: Option<usize> = None;
        self.run(text, from, None, &mut |s, _| {
            best = Some(best.map_or(s, |b: usize| b.min(s)));
            true
        });
        let start = best?;
        let ends = self.ends(text, start);
        let end = if longest {
            ends.iter().max()
        } else {
            ends.iter().min()
        };
        end.map(|&e| (start, e))
    }

    /// Simulates the automaton from byte `from`, starting threads at every
    /// position (or only at `only_start`), and reports each (start, end) of
    /// a match, earliest start per position.
    fn run(
        &self,
        text: &str,
        from: usize,
        only_start: Option<usize>,
        on_match: &mut dyn FnMut(usize, usize) -> bool,
    ) {
        let n = self.insts.len();
        let mut current = Threads::new(n);
        let mut next = Threads::new(n);
        let mut best: Option<usize> = None;
        let mut pos = from;
        let mut chars = text[from.min(text.len())..].chars();
        loop {
            let may_start = match only_start {
                Some(s) => s == pos,
                None => best.is_none(),
            };
            if may_start {
                self.add(&mut current, 0, pos, pos);
            }
            if current.list.is_empty() && (only_start.is_some_and(|s| pos >= s) || best.is_some()) {
                return;
            }
            for &pc in &current.list {
                if let (Inst::Match, Some(s)) = (&self.insts[pc], current.start[pc]) {
                    if best.is_none_or(|b| s <= b) {
                        best = Some(s);
                        if !on_match(s, pos) {
                            return;
                        }
                    }
                }
            }
            let Some(c) = chars.next() else {
                return;
            };
            let width = c.len_utf8();
            next.clear();
            for i in 0..current.list.len() {
                let pc = current.list[i];
                let Some(s) = current.start[pc] else {
                    continue;
                };
                if best.is_some_and(|b| s > b) {
                    continue;
                }
                if let Inst::Step(piece, to) = &self.insts[pc] {
                    if piece.accepts(c) {
                        self.add(&mut next, *to, s, pos + width);
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
            pos += width;
        }
    }

    /// Adds instruction `pc` and everything reachable from it without
    /// consuming text, keeping the earliest start.
    fn add(&self, threads: &mut Threads, pc: usize, start: usize, pos: usize) {
        let mut stack = std::mem::take(&mut threads.stack);
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            match threads.start[pc] {
                Some(s) if s <= start => continue,
                Some(_) => threads.start[pc] = Some(start),
                None => {
                    threads.start[pc] = Some(start);
                    threads.list.push(pc);
                }
            }
            match self.insts[pc] {
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::AssertStart(to) => {
                    if pos == 0 {
                        stack.push(to);
                    }
                }
                Inst::Step(..) | Inst::Match => {}
            }
        }
        threads.stack = stack;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(tokens: &[Token]) -> Glob {
        Glob::new(tokens)
    }

    fn lit(s: &str) -> Vec<Token> {
        s.chars().map(|c| Token::One(Piece::Char(c))).collect()
    }

    #[test]
    fn matches_literals_and_stars() {
        let mut tokens = lit("a");
        tokens.push(Token::Many(Piece::AnyButNewline));
        tokens.extend(lit("c"));
        let g = glob(&tokens);
        assert!(g.is_full_match("abbbc"));
        assert!(g.is_full_match("ac"));
        assert!(!g.is_full_match("ab\nc"));
        assert_eq!(g.ends("xabcbc", 1), vec![4, 6]);
        assert_eq!(g.find("xabcbc", 0, false), Some((1, 4)));
        assert_eq!(g.find("xabcbc", 0, true), Some((1, 6)));
        assert_eq!(g.find("xyz", 0, true), None);
    }

    #[test]
    fn optional_dirs_needs_a_slash() {
        let mut tokens = vec![Token::OptionalDirs];
        tokens.extend(lit("f"));
        let g = glob(&tokens);
        assert!(g.is_full_match("f"));
        assert!(g.is_full_match("a/b/f"));
        assert!(g.is_full_match("/f"));
        assert!(!g.is_full_match("af"));
    }

    #[test]
    fn empty_matches_are_found() {
        let g = glob(&[Token::Many(Piece::AnyButSlash)]);
        assert_eq!(g.find("", 0, false), Some((0, 0)));
        assert_eq!(g.find("/ab", 1, true), Some((1, 3)));
    }

    #[test]
    fn text_start_anchors_mid_pattern() {
        let mut tokens = lit("a");
        tokens.push(Token::TextStart);
        assert!(!glob(&tokens).is_full_match("a"));
        let g = glob(&[Token::TextStart, Token::One(Piece::Char('a'))]);
        assert!(g.is_full_match("a"));
    }

    #[test]
    fn literal_ends_only_shortcut_what_the_automaton_says() {
        let piece = |c: char| match c {
            '*' => Token::Many(Piece::AnyButSlash),
            '?' => Token::One(Piece::AnyButNewline),
            'D' => Token::OptionalDirs,
            '^' => Token::TextStart,
            c => Token::One(Piece::Char(c)),
        };
        let patterns = [
            "", "a", "ab", "*.go", "D*.go", "Da", "a*a", "^a", "a^", "^ab*", "a?b", "?go", "*",
            "D", "ab*ba", "/*", "é*é",
        ];
        let texts = [
            "", "a", "aa", "ab", "aba", "x.go", "a/b.go", "go", ".go", "a/a", "abba", "ab/ba", "/",
            "/x", "é", "éé", "éxé", "a
b",
        ];
        let mut shortcut = 0;
        for pattern in patterns {
            let tokens: Vec<Token> = pattern.chars().map(piece).collect();
            let g = glob(&tokens);
            for text in texts {
                let whole = g.ends(text, 0).contains(&text.len());
                assert_eq!(g.is_full_match(text), whole, "{pattern:?} {text:?}");
                if !(text.starts_with(&g.prefix) && text.ends_with(&g.suffix)) {
                    shortcut += 1;
                }
            }
        }
        assert!(shortcut > 100, "{shortcut}");
        let g = glob(&"D*.go".chars().map(piece).collect::<Vec<_>>());
        assert_eq!((g.prefix.as_str(), g.suffix.as_str()), ("", ".go"));
    }

    #[test]
    fn long_inputs_stay_linear() {
        let mut tokens = Vec::new();
        for _ in 0..20 {
            tokens.push(Token::Many(Piece::AnyButNewline));
            tokens.push(Token::One(Piece::Char('a')));
        }
        tokens.extend(lit("b"));
        let text = "a".repeat(50_000);
        assert_eq!(glob(&tokens).find(&text, 0, true), None);
    }
}
