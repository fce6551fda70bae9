//! Here-documents: which words of a RUN, COPY or ADD line open one
//! (`<<EOF`, `<<-EOF`, `3<<"EOF"`), as BuildKit detects them.

use super::expand::{EmptyEnv, ExpandError, Lex};

/// A here-document named on an instruction line, before its body is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeredocSpec {
    pub name: String,
    pub file_descriptor: u32,
    pub expand: bool,
    pub chomp: bool,
}

/// BuildKit's `ParseHeredoc`: whether `word` (as split from the line, quotes
/// kept) opens a here-document.
pub fn parse_heredoc(word: &str) -> Result<Option<HeredocSpec>, ExpandError> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    // Go's ParseUint error (overflow) leaves 0.
    let file_descriptor = word[..digits].parse().unwrap_or(0);
    let mut lex = Lex::new('\\');
    lex.skip_unset_env = true;
    let words = lex.process_words(rest, &EmptyEnv)?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let raw = lex.process_words(rest, &EmptyEnv)?;
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let expand = raw.len() == 1 && quotes(&words[0]) == quotes(&raw[0]);
    Ok(Some(HeredocSpec {
        name: words[0].clone(),
        file_descriptor,
        expand,
        chomp,
    }))
}

/// BuildKit's `heredocsFromLine`: every here-document the line opens, in
/// order.
pub fn heredocs_from_line(line: &str) -> Result<Vec<HeredocSpec>, ExpandError> {
    let mut lex = Lex::new('\\');
    lex.raw_quotes = true;
    lex.raw_escapes = true;
    lex.skip_unset_env = true;
    let words = lex.process_words(line, &EmptyEnv).unwrap_or_default();
    let mut docs = Vec::new();
    for word in words {
        if let Some(doc) = parse_heredoc(&word)? {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// `<<-`: strips leading tabs from every line of a body.
pub fn chomp(content: &str) -> String {
    content
        .split_inclusive('\n')
        .map(|line| line.trim_start_matches('\t'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(word: &str) -> Option<HeredocSpec> {
        parse_heredoc(word).unwrap()
    }

    #[test]
    fn recognises_heredoc_words() {
        let s = spec("<<EOF").unwrap();
        assert_eq!(
            (s.name.as_str(), s.expand, s.chomp, s.file_descriptor),
            ("EOF", true, false, 0)
        );
        let s = spec("<<-'END'").unwrap();
        assert_eq!((s.name.as_str(), s.expand, s.chomp), ("END", false, true));
        let s = spec("3<<\"X\"").unwrap();
        assert_eq!(
            (s.name.as_str(), s.expand, s.file_descriptor),
            ("X", false, 3)
        );
        assert_eq!(spec("<<"), None);
        assert_eq!(spec("a<<EOF"), None);
        assert_eq!(spec("<<a<b"), None);
    }

    #[test]
    fn finds_every_heredoc_of_a_line() {
        let names: Vec<String> = heredocs_from_line("RUN cat <<A <<-\"B\" > /x")
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["A", "B"]);
    }

    #[test]
    fn chomp_strips_leading_tabs() {
        assert_eq!(chomp("\t\ta\n\tb\n c\n"), "a\nb\n c\n");
    }
}
