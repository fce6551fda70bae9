//! Lesson Markdown as page elements, built node by node from
//! pulldown-cmark's events: nothing goes through `inner_html`, raw HTML
//! shows as text, and only web and in-page links are kept.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use yew::prelude::*;
use yew::virtual_dom::{VList, VNode, VTag, VText};

use crate::lessons::markdown::events;

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub text: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

/// Whether a link may be followed: web, mail and in-page links only.
fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#')
        || !(lower.contains(':'))
}

fn tag_name(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::Paragraph => "p",
        Tag::Heading { level, .. } => match level {
            // A lesson's headings sit under the page's own.
            HeadingLevel::H1 => "h3",
            HeadingLevel::H2 => "h4",
            _ => "h5",
        },
        Tag::BlockQuote(_) => "blockquote",
        Tag::CodeBlock(_) => "pre",
        Tag::List(Some(_)) => "ol",
        Tag::List(None) => "ul",
        Tag::Item => "li",
        Tag::Emphasis => "em",
        Tag::Strong => "strong",
        Tag::Strikethrough => "del",
        Tag::Link { .. } => "a",
        Tag::Image { .. } => "span",
        Tag::Table(_) => "table",
        Tag::TableHead => "thead",
        Tag::TableRow => "tr",
        Tag::TableCell => "td",
        _ => "div",
    }
}

/// Renders Markdown `text` as nodes.
pub fn render(text: &str) -> Html {
    // The open elements, innermost last; the root collects the blocks.
    let mut stack: Vec<VTag> = vec![VTag::new("div")];
    let mut code_lang = String::new();
    let push_child = |stack: &mut Vec<VTag>, node: VNode| {
        if let Some(top) = stack.last_mut() {
            top.add_child(node);
        }
    };
    for event in events(text) {
        match event {
            Event::Start(tag) => {
                let mut element = VTag::new(tag_name(&tag));
                match &tag {
                    Tag::Link { dest_url, .. } if safe_link(dest_url) => {
                        element.add_attribute("href", dest_url.to_string());
                        if !dest_url.starts_with('#') {
                            element.add_attribute("target", "_blank");
                            element.add_attribute("rel", "noopener noreferrer");
                        }
                    }
                    Tag::CodeBlock(kind) => {
                        // The <code> inside a <pre>, made at the end.
                        element = VTag::new("code");
                        code_lang = match kind {
                            pulldown_cmark::CodeBlockKind::Fenced(lang) => lang.to_string(),
                            pulldown_cmark::CodeBlockKind::Indented => String::new(),
                        };
                    }
                    Tag::List(Some(start)) if *start != 1 => {
                        element.add_attribute("start", start.to_string());
                    }
                    _ => {}
                }
                stack.push(element);
            }
            Event::End(end) if stack.len() > 1 => {
                let mut element = stack.pop().unwrap_or_else(|| VTag::new("div"));
                if matches!(end, TagEnd::CodeBlock) {
                    let mut pre = VTag::new("pre");
                    pre.add_attribute("class", "code-block");
                    if !code_lang.is_empty() {
                        pre.add_attribute("data-lang", code_lang.clone());
                    }
                    pre.add_child(element.into());
                    element = pre;
                }
                push_child(&mut stack, element.into());
            }
            Event::Text(text) => push_child(&mut stack, VText::new(text.to_string()).into()),
            Event::Code(code) => {
                let mut element = VTag::new("code");
                element.add_child(VText::new(code.to_string()).into());
                push_child(&mut stack, element.into());
            }
            Event::SoftBreak => push_child(&mut stack, VText::new(" ").into()),
            Event::HardBreak => push_child(&mut stack, VTag::new("br").into()),
            Event::Rule => push_child(&mut stack, VTag::new("hr").into()),
            Event::TaskListMarker(done) => push_child(
                &mut stack,
                VText::new(if done { "☑ " } else { "☐ " }).into(),
            ),
            _ => {}
        }
    }
    // Unclosed elements (not from pulldown, which balances) fold in.
    while stack.len() > 1 {
        if let Some(element) = stack.pop() {
            push_child(&mut stack, element.into());
        }
    }
    stack
        .pop()
        .map(VNode::from)
        .unwrap_or_else(|| VList::new().into())
}

#[component]
pub fn Markdown(props: &MarkdownProps) -> Html {
    let body = use_memo(props.text.clone(), |text| render(text));
    html! { <div class={classes!("markdown", props.class.clone())}>{ (*body).clone() }</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_page_links_are_kept() {
        assert!(safe_link("https://docs.docker.com/"));
        assert!(safe_link("#/lesson/x"));
        assert!(safe_link("other.md"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link(" JavaScript:alert(1)"));
        assert!(!safe_link("data:text/html,x"));
    }
}
