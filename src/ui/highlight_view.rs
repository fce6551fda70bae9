//! Cuts the source into runs that share one colour and one diagnostic
//! underline, for the editor's highlighted layer.

use std::ops::Range;

use crate::dockerfile::highlight::Token;
use crate::dockerfile::Severity;

use super::state::DiagnosticView;

/// A run of source text and how to draw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub range: Range<usize>,
    /// The token's CSS class, if coloured.
    pub class: Option<&'static str>,
    /// The worst diagnostic covering it.
    pub underline: Option<Severity>,
}

/// Runs covering all of `source`, in order.
pub fn runs(source: &str, tokens: &[Token], diagnostics: &[DiagnosticView]) -> Vec<Run> {
    let marks: Vec<(Range<usize>, Severity)> = diagnostics
        .iter()
        .map(|d| (visible_range(source, d.start, d.end), d.severity))
        .filter(|(r, _)| !r.is_empty())
        .collect();
    let mut cuts: Vec<usize> = vec![0, source.len()];
    for t in tokens {
        cuts.push(t.start.min(source.len()));
        cuts.push(t.end.min(source.len()));
    }
    for (r, _) in &marks {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    cuts.retain(|&c| source.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Run> = Vec::with_capacity(cuts.len());
    let mut token_index = 0;
    for pair in cuts.windows(2) {
        let range = pair[0]..pair[1];
        while token_index < tokens.len() && tokens[token_index].end <= range.start {
            token_index += 1;
        }
        let class = tokens
            .get(token_index)
            .filter(|t| t.start <= range.start && range.end <= t.end)
            .map(|t| t.kind.class());
        let underline = marks
            .iter()
            .filter(|(r, _)| r.start <= range.start && range.end <= r.end)
            .map(|(_, s)| *s)
            .min();
        match out.last_mut() {
            Some(last) if last.class == class && last.underline == underline => {
                last.range.end = range.end;
            }
            _ => out.push(Run {
                range,
                class,
                underline,
            }),
        }
    }
    out
}

/// A diagnostic's range, widened to one character when empty so that it
/// can be seen.
fn visible_range(source: &str, start: usize, end: usize) -> Range<usize> {
    let start = start.min(source.len());
    let end = end.min(source.len()).max(start);
    if end > start {
        return start..end;
    }
    match source[start..].chars().next() {
        Some(c) if c != '\n' => start..start + c.len_utf8(),
        _ => start..start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::state::ParseView;

    #[test]
    fn runs_cover_the_source_with_colours_and_underlines() {
        let source = "FROM a\nCOPY x\n";
        let view = ParseView::build(source);
        let runs = runs(source, &view.tokens, &view.diagnostics);
        let text: String = runs.iter().map(|r| &source[r.range.clone()]).collect();
        assert_eq!(text, source);
        let keyword = runs
            .iter()
            .find(|r| &source[r.range.clone()] == "FROM")
            .unwrap();
        assert_eq!(keyword.class, Some("tok-keyword"));
        let underlined: String = runs
            .iter()
            .filter(|r| r.underline == Some(Severity::Error))
            .map(|r| &source[r.range.clone()])
            .collect();
        assert_eq!(underlined, "COPY x");
    }
}
