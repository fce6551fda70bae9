//! The build context: the Dockerfile and every file of the context, each
//! opened in the editor with a click; files are added, renamed and
//! deleted here. What .dockerignore excludes is struck through, with the
//! line that excludes it.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use yew::prelude::*;

use crate::dockerfile::ignore::IgnoreMatcher;
use crate::ui::dialogs::{confirm, prompt};
use crate::ui::workspace::{Action, Workspace};

#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    /// The context's files (the Dockerfile aside), shared with the sandbox.
    pub files: Rc<BTreeMap<String, String>>,
    /// The file open in the editor (None: the Dockerfile).
    pub open: Option<String>,
    pub dispatch: UseReducerDispatcher<Workspace>,
}

/// A row of the context tree: a directory (made from the paths under
/// it) or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextRow {
    pub path: String,
    pub name: String,
    pub depth: usize,
    pub is_dir: bool,
}

/// The tree's rows for `paths` (in order), without what is under a
/// collapsed directory.
pub fn context_rows<'a>(
    paths: impl Iterator<Item = &'a String>,
    collapsed: &BTreeSet<String>,
) -> Vec<ContextRow> {
    let mut rows = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for path in paths {
        let parts: Vec<&str> = path.split('/').collect();
        let dirs = &parts[..parts.len() - 1];
        let same = open.iter().zip(dirs).take_while(|(a, b)| a == b).count();
        open.truncate(same);
        let mut hidden = open
            .iter()
            .enumerate()
            .any(|(i, _)| collapsed.contains(&open[..=i].join("/")));
        for (i, dir) in dirs.iter().enumerate().skip(same) {
            open.push(dir);
            if !hidden {
                let dir_path = dirs[..=i].join("/");
                rows.push(ContextRow {
                    name: dir.to_string(),
                    depth: i,
                    is_dir: true,
                    path: dir_path.clone(),
                });
                hidden = collapsed.contains(&dir_path);
            }
        }
        if !hidden {
            rows.push(ContextRow {
                path: path.clone(),
                name: parts[parts.len() - 1].to_string(),
                depth: dirs.len(),
                is_dir: false,
            });
        }
    }
    rows
}

/// The most files listed at once; a filter finds the rest.
const SHOWN: usize = 300;

/// Work the struck-through marks of one render may take matching
/// `.dockerignore` (the build's budget is far larger).
const IGNORE_VIEW_WORK: u64 = 500_000;

#[component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let ws = &props.dispatch;
    let new_name = use_state(String::new);
    let filter = use_state(String::new);
    let collapsed = use_state(BTreeSet::<String>::new);
    // Asked of the rows shown at each render: a budget of its own, and no
    // matcher for a file the build itself refuses.
    let ignore = props
        .files
        .get(".dockerignore")
        .filter(|text| text.len() <= crate::limits::IGNORE_FILE_BYTES)
        .map(|text| {
            IgnoreMatcher::from_text(text)
                .0
                .with_budget(IGNORE_VIEW_WORK)
        });
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
    let matching: Vec<(&String, &String)> = props
        .files
        .iter()
        .filter(|(path, _)| needle.is_empty() || path.to_lowercase().contains(&needle))
        .collect();
    let texts: std::collections::HashMap<&str, &String> =
        matching.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let all_rows = context_rows(matching.iter().map(|(p, _)| *p), &collapsed);
    let hidden = all_rows.len().saturating_sub(SHOWN);
    let excluded_line = |path: &str| {
        ignore
            .as_ref()
            .and_then(|m| m.deciding_line(path))
            .filter(|(excluded, _)| *excluded)
            .map(|(_, line)| line)
    };
    let rows = all_rows.into_iter().take(SHOWN).map(|row| {
        let path = row.path.clone();
        let indent = format!("padding-left: {}rem", 0.3 + row.depth as f64 * 0.9);
        let excluded = excluded_line(&path);
        if row.is_dir {
            let is_collapsed = collapsed.contains(&path);
            let toggle = {
                let collapsed = collapsed.clone();
                let path = path.clone();
                Callback::from(move |_| {
                    let mut next = (*collapsed).clone();
                    if !next.remove(&path) {
                        next.insert(path.clone());
                    }
                    collapsed.set(next);
                })
            };
            return html! {
                <li class={classes!("context-dir", excluded.is_some().then_some("ignored"))} data-path={path.clone()}>
                    <button type="button" class="open-file" style={indent} aria-expanded={(!is_collapsed).to_string()} onclick={toggle}>
                        {if is_collapsed { "▸ " } else { "▾ " }}{&row.name}{"/"}
                    </button>
                </li>
            };
        }
        let size = texts.get(path.as_str()).map_or(0, |t| t.len());
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
        let selected = props.open.as_deref() == Some(path.as_str());
        let title = match excluded {
            Some(line) => format!("{path}: excluded by .dockerignore line {line}; {size} bytes"),
            None => format!("{path}: {size} bytes"),
        };
        html! {
            <li class={classes!("context-file", excluded.is_some().then_some("ignored"), selected.then_some("open"))}
                data-path={path.clone()}>
                <button type="button" class="open-file" style={indent} title={title} aria-current={selected.then_some("true")}
                    onclick={open(Some(path.clone()))}>{&row.name}</button>
                <button type="button" class="rename" aria-label={format!("Rename {path}")} onclick={on_rename}>{"✎"}</button>
                <button type="button" class="delete" aria-label={format!("Delete {path}")} onclick={on_delete}>{"✕"}</button>
            </li>
        }
    });
    html! {
        <section class="panel context" aria-label="Build context">
            <h2>{format!("Build context ({} files)", props.files.len() + 1)}</h2>
            if props.files.len() > 20 {
                <input type="search" class="context-filter" aria-label="Find a context file" placeholder="find a file"
                    value={(*filter).clone()} oninput={on_filter} />
            }
            <ul class="context-files">
                <li class={classes!("context-file", "dockerfile", props.open.is_none().then_some("open"))}>
                    <button type="button" class="open-file" onclick={open(None)}>{"Dockerfile"}</button>
                </li>
                { for rows }
            </ul>
            if hidden > 0 {
                <p class="note">{format!("… and {hidden} more rows: type part of a path above, or collapse a directory.")}</p>
            }
            <form class="add-file" onsubmit={on_add}>
                <input aria-label="New file path" placeholder="path/to/file" value={(*new_name).clone()} oninput={on_name} />
                <button type="submit">{"Add file"}</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_a_tree_with_collapsed_directories() {
        let paths: Vec<String> = ["a.txt", "src/cmd/main.go", "src/lib.go", "src/x/y.go", "z"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let show = |collapsed: &[&str]| {
            let collapsed = collapsed.iter().map(|s| s.to_string()).collect();
            context_rows(paths.iter(), &collapsed)
                .into_iter()
                .map(|r| {
                    format!(
                        "{}{}{}",
                        "  ".repeat(r.depth),
                        r.name,
                        if r.is_dir { "/" } else { "" }
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            show(&[]),
            [
                "a.txt",
                "src/",
                "  cmd/",
                "    main.go",
                "  lib.go",
                "  x/",
                "    y.go",
                "z"
            ]
        );
        assert_eq!(show(&["src"]), ["a.txt", "src/", "z"]);
        assert_eq!(
            show(&["src/cmd"]),
            ["a.txt", "src/", "  cmd/", "  lib.go", "  x/", "    y.go", "z"]
        );
    }
}
