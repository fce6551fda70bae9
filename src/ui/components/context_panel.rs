//! The build context: the Dockerfile and every file of the context, each
//! opened in the editor with a click; files are added, renamed and
//! deleted here. What .dockerignore excludes is struck through, with the
//! line that excludes it.

use yew::prelude::*;

use crate::dockerfile::ignore::IgnoreMatcher;
use crate::ui::workspace::{Action, Workspace};

#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    pub ws: UseReducerHandle<Workspace>,
}

/// The most files listed at once; a filter finds the rest.
const SHOWN: usize = 300;

fn prompt(question: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(question, default)
        .ok()
        .flatten()
}

fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(true)
}

#[component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let ws = &props.ws;
    let new_name = use_state(String::new);
    let filter = use_state(String::new);
    let ignore = ws
        .sandbox
        .files
        .get(".dockerignore")
        .map(|text| IgnoreMatcher::from_text(text).0);
    let open = |path: Option<String>| {
        let ws = ws.clone();
        Callback::from(move |_| ws.dispatch(Action::Open(path.clone())))
    };
    let on_name = {
        let new_name = new_name.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            new_name.set(input.value());
        })
    };
    let on_add = {
        let ws = ws.clone();
        let new_name = new_name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !new_name.trim().is_empty() {
                ws.dispatch(Action::AddFile((*new_name).clone()));
                new_name.set(String::new());
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let needle = filter.trim().to_lowercase();
    let matching: Vec<(&String, &String)> = ws
        .sandbox
        .files
        .iter()
        .filter(|(path, _)| needle.is_empty() || path.to_lowercase().contains(&needle))
        .collect();
    let hidden = matching.len().saturating_sub(SHOWN);
    let rows = matching.into_iter().take(SHOWN).map(|(path, text)| {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (format!("{dir}/"), name.to_string()),
            None => (String::new(), path.clone()),
        };
        let excluded = ignore
            .as_ref()
            .and_then(|m| m.deciding_line(path))
            .filter(|(excluded, _)| *excluded)
            .map(|(_, line)| line);
        let on_rename = {
            let ws = ws.clone();
            let path = path.clone();
            Callback::from(move |_| {
                if let Some(to) = prompt(&format!("Rename {path} to:"), &path) {
                    ws.dispatch(Action::RenameFile {
                        from: path.clone(),
                        to,
                    });
                }
            })
        };
        let on_delete = {
            let ws = ws.clone();
            let path = path.clone();
            Callback::from(move |_| {
                if confirm(&format!("Delete {path} from the build context?")) {
                    ws.dispatch(Action::DeleteFile(path.clone()));
                }
            })
        };
        let selected = ws.open.as_deref() == Some(path.as_str());
        let title = match excluded {
            Some(line) => format!("{path}: excluded by .dockerignore line {line}; {} bytes", text.len()),
            None => format!("{path}: {} bytes", text.len()),
        };
        html! {
            <li class={classes!("context-file", excluded.is_some().then_some("ignored"), selected.then_some("open"))}
                data-path={path.clone()}>
                <button type="button" class="open-file" title={title} aria-current={selected.then_some("true")}
                    onclick={open(Some(path.clone()))}><span class="dir">{dir}</span>{name}</button>
                <button type="button" class="rename" aria-label={format!("Rename {path}")} onclick={on_rename}>{"✎"}</button>
                <button type="button" class="delete" aria-label={format!("Delete {path}")} onclick={on_delete}>{"✕"}</button>
            </li>
        }
    });
    html! {
        <section class="panel context" aria-label="Build context">
            <h2>{format!("Build context ({} files)", ws.sandbox.files.len() + 1)}</h2>
            if ws.sandbox.files.len() > 20 {
                <input type="search" class="context-filter" aria-label="Find a context file" placeholder="find a file"
                    value={(*filter).clone()} oninput={on_filter} />
            }
            <ul class="context-files">
                <li class={classes!("context-file", "dockerfile", ws.open.is_none().then_some("open"))}>
                    <button type="button" class="open-file" onclick={open(None)}>{"Dockerfile"}</button>
                </li>
                { for rows }
            </ul>
            if hidden > 0 {
                <p class="note">{format!("… and {hidden} more: type part of a path above to find one.")}</p>
            }
            <form class="add-file" onsubmit={on_add}>
                <input aria-label="New file path" placeholder="path/to/file" value={(*new_name).clone()} oninput={on_name} />
                <button type="submit">{"Add file"}</button>
            </form>
        </section>
    }
}
