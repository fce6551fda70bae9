//! Lesson Markdown, read with pulldown-cmark. Raw HTML is never rendered:
//! it comes back as text, so a lesson (or a question from a file) cannot
//! put markup or script in the page.

use pulldown_cmark::{Event, Options, Parser};

/// The events of `text`, with raw HTML turned into plain text.
pub fn events(text: &str) -> Vec<Event<'_>> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(text, options)
        .map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let events = events("Hi <script>alert(1)</script>\n\n<div onclick=x>block</div>\n");
        assert!(events
            .iter()
            .all(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_))));
        let text: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert!(text.contains("<script>alert(1)</script>"), "{text}");
        assert!(text.contains("<div onclick=x>"), "{text}");
    }
}
