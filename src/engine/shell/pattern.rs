//! Shell patterns (`*.go`, `lib?.so`, `[a-z]*`), as `fnmatch(3)` matches
//! them, for pathname expansion, `case` and `${x#pattern}`.

/// One element of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Char(char),
    Any,
    Star,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    items: Vec<Item>,
    /// The leading literal characters, and how many items they are: a
    /// text without them is no match, found without walking the items.
    prefix: String,
    prefix_items: usize,
}

impl Pattern {
    /// Compiles `pattern`; a backslash makes the next character literal
    /// (the expander escapes quoted characters this way).
    pub fn new(pattern: &str) -> Pattern {
        let chars: Vec<char> = pattern.chars().collect();
        let mut items = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' if i + 1 < chars.len() => {
                    items.push(Item::Char(chars[i + 1]));
                    i += 2;
                    continue;
                }
                '*' => {
                    if items.last() != Some(&Item::Star) {
                        items.push(Item::Star);
                    }
                }
                '?' => items.push(Item::Any),
                '[' => match class(&chars[i + 1..]) {
                    Some((item, used)) => {
                        items.push(item);
                        i += used + 1;
                        continue;
                    }
                    None => items.push(Item::Char('[')),
                },
                c => items.push(Item::Char(c)),
            }
            i += 1;
        }
        let prefix: String = items
            .iter()
            .map_while(|item| match item {
                Item::Char(c) => Some(*c),
                _ => None,
            })
            .collect();
        let prefix_items = prefix.chars().count();
        Pattern {
            items,
            prefix,
            prefix_items,
        }
    }

    /// Whether the pattern has any special character (else it is literal).
    pub fn is_literal(&self) -> bool {
        self.items.iter().all(|i| matches!(i, Item::Char(_)))
    }

    /// Whether `text` matches the whole pattern: one pass that goes back
    /// only to the last star (every other item takes one character), so
    /// no allocation and no exponential backtracking.
    pub fn matches(&self, text: &str) -> bool {
        if !text.starts_with(&self.prefix) {
            return false;
        }
        let items = &self.items;
        let (mut item, mut at) = (self.prefix_items, self.prefix.len());
        // After the last star: the item following it and where in the text
        // the star's match ends so far.
        let mut star: Option<(usize, usize)> = None;
        loop {
            let next = text[at..].chars().next();
            match (items.get(item), next) {
                (Some(Item::Star), _) => {
                    star = Some((item + 1, at));
                    item += 1;
                    continue;
                }
                (Some(one), Some(c)) if one.takes(c) => {
                    item += 1;
                    at += c.len_utf8();
                    continue;
                }
                (None, None) => return true,
                _ => {}
            }
            // A mismatch: let the last star take one more character.
            let Some((after, end)) = star else {
                return false;
            };
            let Some(c) = text[end..].chars().next() else {
                return false;
            };
            star = Some((after, end + c.len_utf8()));
            item = after;
            at = end + c.len_utf8();
        }
    }

    /// How many items the pattern has (its automaton's states, less one).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every length of a suffix of `text` that the pattern matches: the
    /// pattern read backwards over the text read backwards, in one pass
    /// (matching each suffix in turn would cost the length squared).
    pub fn suffix_lengths(&self, text: &str) -> Vec<usize> {
        let mut items = self.items.clone();
        items.reverse();
        let reversed = Pattern {
            items,
            prefix: String::new(),
            prefix_items: 0,
        };
        let chars: Vec<char> = text.chars().rev().collect();
        let ends = reversed.ends(&chars, 0);
        // Back to byte lengths, counted from the end.
        let mut lengths: Vec<usize> = text
            .char_indices()
            .rev()
            .map(|(i, _)| text.len() - i)
            .collect();
        lengths.insert(0, 0);
        ends.into_iter().map(|e| lengths[e]).collect()
    }

    /// Every length of a prefix of `text` that the pattern matches.
    pub fn prefix_lengths(&self, text: &str) -> Vec<usize> {
        let chars: Vec<char> = text.chars().collect();
        let ends = self.ends(&chars, 0);
        // Back to byte lengths.
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        ends.into_iter().map(|e| offsets[e]).collect()
    }

    /// Positions reachable after matching the items from `start` of text,
    /// by simulating all choices at once (no exponential backtracking).
    fn ends(&self, text: &[char], start: usize) -> Vec<usize> {
        // states[k]: the pattern item index reached after k characters.
        let n = self.items.len();
        let mut current = vec![false; n + 1];
        current[0] = true;
        close(&self.items, &mut current);
        let mut ends = Vec::new();
        if current[n] {
            ends.push(start);
        }
        let mut next = vec![false; n + 1];
        for (offset, &c) in text[start..].iter().enumerate() {
            next.fill(false);
            for (i, item) in self.items.iter().enumerate() {
                if !current[i] {
                    continue;
                }
                match item {
                    Item::Star => next[i] = true,
                    one if one.takes(c) => next[i + 1] = true,
                    _ => {}
                }
            }
            close(&self.items, &mut next);
            if !next.iter().any(|&b| b) {
                break;
            }
            if next[n] {
                ends.push(start + offset + 1);
            }
            std::mem::swap(&mut current, &mut next);
        }
        ends
    }
}

impl Item {
    /// Whether this one-character item takes `c` (a star takes none here).
    fn takes(&self, c: char) -> bool {
        match self {
            Item::Char(x) => *x == c,
            Item::Any => true,
            Item::Class { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
            Item::Star => false,
        }
    }
}

/// A star may match nothing: states before a star also reach after it.
fn close(items: &[Item], states: &mut [bool]) {
    for i in 0..items.len() {
        if states[i] && items[i] == Item::Star {
            states[i + 1] = true;
        }
    }
}

/// A bracket expression after `[`: the item and the characters used.
fn class(chars: &[char]) -> Option<(Item, usize)> {
    let mut i = 0;
    let negated = matches!(chars.first(), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    while i < chars.len() {
        let c = chars[i];
        if c == ']' && !first {
            return Some((Item::Class { negated, ranges }, i + 1));
        }
        first = false;
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&h| h != ']') {
            ranges.push((c, chars[i + 2]));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    None
}

/// Escapes the characters that are special in patterns.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_fnmatch() {
        assert!(Pattern::new("*.go").matches("main.go"));
        assert!(!Pattern::new("*.go").matches("main.rs"));
        assert!(Pattern::new("lib?.so").matches("libc.so"));
        assert!(Pattern::new("[a-c]*").matches("build"));
        assert!(!Pattern::new("[!a-c]*").matches("build"));
        assert!(Pattern::new("\\*").matches("*"));
        assert!(!Pattern::new("\\*").matches("x"));
        assert!(Pattern::new("[]x]").matches("]"));
        assert!(Pattern::new("a[").matches("a["));
        assert!(Pattern::new("*").matches(""));
        assert!(Pattern::new("x").is_literal());
        assert!(!Pattern::new("x*").is_literal());
    }

    #[test]
    fn prefixes_for_trimming() {
        assert_eq!(Pattern::new("*.").prefix_lengths("a.b.c"), [2, 4]);
        assert_eq!(Pattern::new("é*").prefix_lengths("éa"), [2, 3]);
    }

    #[test]
    fn the_one_pass_match_agrees_with_the_automaton() {
        // Every pattern and text of up to four pieces over a small alphabet.
        fn words(pieces: &[&str], up_to: usize) -> Vec<String> {
            let mut all = vec![String::new()];
            let mut last = vec![String::new()];
            for _ in 0..up_to {
                last = last
                    .iter()
                    .flat_map(|w| pieces.iter().map(move |p| format!("{w}{p}")))
                    .collect();
                all.extend(last.iter().cloned());
            }
            all
        }
        let patterns = words(&["a", "é", "*", "?", "[!a]", "[a-b]"], 4);
        let texts = words(&["a", "b", "é"], 5);
        for pattern in &patterns {
            let compiled = Pattern::new(pattern);
            for text in &texts {
                let chars: Vec<char> = text.chars().collect();
                let automaton = compiled.ends(&chars, 0).contains(&chars.len());
                assert_eq!(compiled.matches(text), automaton, "{pattern:?} on {text:?}");
            }
        }
    }

    #[test]
    fn many_stars_stay_fast() {
        let p = Pattern::new(&"*a".repeat(30));
        assert!(!p.matches(&"a".repeat(29)));
        assert!(p.matches(&"a".repeat(3000)));
    }
}
