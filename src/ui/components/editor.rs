//! The Dockerfile editor: a plain textarea (native caret, selection and
//! undo) over a layer that draws the same text coloured by the parser,
//! with line numbers and diagnostics underlined.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::dockerfile::highlight::Token;

use crate::dockerfile::Severity;
use crate::ui::highlight_view::runs;
use crate::ui::state::{utf16_index, DiagnosticView, Jump, ParseView};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: AttrValue,
    pub view: Rc<ParseView>,
    pub jump: Option<Jump>,
    pub on_input: Callback<String>,
    /// The line where the build failed, and why.
    #[prop_or_default]
    pub build_error: Option<(usize, AttrValue)>,
    /// The build's warnings at their instructions, when the build is of
    /// this text: underlined as the parser's warnings are.
    #[prop_or_default]
    pub warnings: Rc<Vec<DiagnosticView>>,
}

/// Height of one line in pixels; matches `--line-height` in style.css.
const LINE_HEIGHT: f64 = 20.0;
/// The text's padding in the field; matches `.code .input` in style.css.
const PADDING_X: f64 = 12.0;
const PADDING_Y: f64 = 10.0;

/// The messages of the problems at a line and column (tabs at 4).
pub fn diagnostic_at(source: &str, view: &ParseView, line: usize, column: usize) -> Option<String> {
    let text = source.split('\n').nth(line.checked_sub(1)?)?;
    let start: usize = source
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let mut col = 0;
    let mut offset = start + text.len();
    for (i, c) in text.char_indices() {
        col = if c == '\t' {
            (col / 4 + 1) * 4
        } else {
            col + 1
        };
        if col >= column {
            offset = start + i;
            break;
        }
    }
    let found: Vec<String> = view
        .diagnostics
        .iter()
        .filter(|d| {
            (d.start <= offset && offset < d.end.max(d.start + 1))
                || (d.start == d.end && d.line == line)
        })
        .map(|d| d.message.clone())
        .collect();
    (!found.is_empty()).then(|| found.join("\n"))
}

/// A jump (from a diagnostic or a build's line) selects the range and
/// scrolls it into view.
#[hook]
fn use_jump(textarea: &NodeRef, source: &AttrValue, jump: Option<Jump>) {
    let textarea = textarea.clone();
    let source = source.clone();
    use_effect_with(jump, move |jump| {
        if let (Some(jump), Some(el)) = (jump, textarea.cast::<HtmlTextAreaElement>()) {
            let start = utf16_index(&source, jump.offset);
            let end = utf16_index(&source, jump.end);
            let _ = el.focus();
            let _ = el.set_selection_range(start, end);
            let line = source[..jump.offset.min(source.len())]
                .matches('\n')
                .count();
            let target = (line as f64 * LINE_HEIGHT - f64::from(el.client_height()) / 3.0).max(0.0);
            el.set_scroll_top(target as i32);
        }
    });
}

/// Tab indents instead of leaving the editor; insertText keeps native undo.
fn indent_on_tab(e: KeyboardEvent) {
    if e.key() == "Tab" && !e.shift_key() && !e.ctrl_key() && !e.alt_key() && !e.meta_key() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<HtmlDocument>().ok());
        if let Some(document) = document {
            if document.exec_command_with_show_ui_and_value("insertText", false, "\t") == Ok(true) {
                e.prevent_default();
            }
        }
    }
}

/// The coloured layer under the text: runs of tokens, problems
/// underlined; a very long text is drawn plain.
fn highlighted(
    source: &str,
    tokens: &[Token],
    diagnostics: &[DiagnosticView],
    plain: bool,
) -> Html {
    if plain {
        html! { {source.to_string()} }
    } else {
        runs(source, tokens, diagnostics)
            .into_iter()
            .map(|run| {
                let text = source[run.range].to_string();
                let underline = run.underline.map(|s| match s {
                    Severity::Error => "diag-error",
                    Severity::Warning => "diag-warning",
                });
                if run.class.is_none() && underline.is_none() {
                    html! { {text} }
                } else {
                    html! { <span class={classes!(run.class, underline)}>{text}</span> }
                }
            })
            .collect()
    }
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let measure = use_node_ref();
    let hover = use_state(String::new);
    let layer = use_node_ref();
    let gutter = use_node_ref();

    use_jump(&textarea, &props.source, props.jump);

    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit(el.value());
        })
    };

    // The message of the problem under the pointer, as the field's title:
    // the pointer's row and column, from the line height and the width of
    // a character of the editor's font.
    let onmousemove = {
        let measure = measure.clone();
        let hover = hover.clone();
        let source = props.source.clone();
        let view = props.view.clone();
        Callback::from(move |e: MouseEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let char_width = measure
                .cast::<HtmlElement>()
                .map_or(8.4, |m| f64::from(m.offset_width()) / 10.0);
            let x = f64::from(e.offset_x() + el.scroll_left()) - PADDING_X;
            let y = f64::from(e.offset_y() + el.scroll_top()) - PADDING_Y;
            let message = match (x >= 0.0 && y >= 0.0, char_width > 0.0) {
                (true, true) => {
                    let line = (y / LINE_HEIGHT) as usize + 1;
                    let column = (x / char_width) as usize + 1;
                    diagnostic_at(&source, &view, line, column).unwrap_or_default()
                }
                _ => String::new(),
            };
            if *hover != message {
                hover.set(message);
            }
        })
    };

    let onscroll = {
        let layer = layer.clone();
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(layer) = layer.cast::<HtmlElement>() {
                layer.set_scroll_top(el.scroll_top());
                layer.set_scroll_left(el.scroll_left());
            }
            if let Some(gutter) = gutter.cast::<HtmlElement>() {
                gutter.set_scroll_top(el.scroll_top());
            }
        })
    };

    let onkeydown = Callback::from(indent_on_tab);

    let source: &str = &props.source;
    let line_count = source.split('\n').count();
    // Each line's problems, shown when the pointer rests on its number;
    // a failed build marks its line too.
    let mut notes: std::collections::BTreeMap<usize, (bool, Vec<String>)> = Default::default();
    let diagnostics: Vec<DiagnosticView> = props
        .view
        .diagnostics
        .iter()
        .chain(props.warnings.iter())
        .cloned()
        .collect();
    for d in &diagnostics {
        let entry = notes.entry(d.line).or_default();
        entry.0 |= d.severity == Severity::Error;
        entry.1.push(d.message.clone());
    }
    if let Some((line, message)) = &props.build_error {
        let entry = notes.entry(*line).or_default();
        entry.0 = true;
        entry.1.push(message.to_string());
    }
    // A very long text is drawn plain: colours and per-line markers cost a
    // node each, and the page must stay quick to type in.
    let plain = source.len() > crate::limits::HIGHLIGHT_BYTES;
    let layer_html = highlighted(source, &props.view.tokens, &diagnostics, plain);

    html! {
        <div class="editor">
            <div class={classes!("gutter", plain.then_some("plain"))} ref={gutter} aria-hidden="true"
                title={plain.then(|| format!("Over {} KiB: shown without colours", crate::limits::HIGHLIGHT_BYTES >> 10))}>
                if plain {
                    <div class="line-numbers">{ (1..=line_count).map(|n| n.to_string()).collect::<Vec<_>>().join("\n") }</div>
                } else {
                { for (1..=line_count).map(|n| match notes.get(&n) {
                    Some((error, messages)) => html! {
                        <div class={classes!("line-number", if *error { "has-error" } else { "has-warning" })}
                            title={messages.join("\n")}>{n}</div>
                    },
                    None => html! { <div class="line-number">{n}</div> },
                }) }
                }
            </div>
            <div class="code">
                <span class="measure" ref={measure} aria-hidden="true">{"0000000000"}</span>
                <pre class="layer" ref={layer} aria-hidden="true">{layer_html}{"\n"}</pre>
                <textarea
                    ref={textarea}
                    class="input"
                    aria-label="Dockerfile"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    value={props.source.clone()}
                    {oninput}
                    {onscroll}
                    {onkeydown}
                    {onmousemove}
                    title={(*hover).clone()}
                />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_problem_under_the_pointer() {
        let source = "FROM alpine\nCOPY a\n";
        let view = ParseView::build(source);
        let at = |line, column| diagnostic_at(source, &view, line, column);
        assert!(at(2, 3).is_some_and(|m| m.contains("COPY requires at least two arguments")));
        assert_eq!(at(1, 2), None);
        assert_eq!(at(9, 1), None);
    }
}
