//! The page's callbacks that do more than send the reducer one action:
//! loading a sample, sharing a link, exporting and importing the sandbox
//! and the progress as files, the lesson's buttons that ask first.

use yew::prelude::*;

use super::browser::{download, share_url, storage, UNFINISHED_KEY};
use super::build_runner::{fetch, load_sample};
use super::dialogs::confirm;
use super::prefs::Prefs;
use super::samples;
use super::sandbox::{Sandbox, MAX_LINK_BYTES};
use super::workspace::{Action, Notice, Workspace};

/// The sandbox's buttons: samples, share, export, import.
pub struct SandboxActions {
    pub on_sample: Callback<String>,
    pub on_share: Callback<()>,
    pub on_export: Callback<()>,
    pub on_import: Callback<web_sys::File>,
}

pub fn sandbox_actions(
    ws: &UseReducerHandle<Workspace>,
    link: &UseStateHandle<Option<AttrValue>>,
) -> SandboxActions {
    let on_sample = {
        let ws = ws.clone();
        Callback::from(move |key: String| {
            let Some(choice) = samples::choice(&key) else {
                return;
            };
            if ws.edited
                && !confirm(&format!(
                    "Replace your sandbox with the {} sample? (Export keeps a copy.)",
                    choice.label()
                ))
            {
                return;
            }
            let ws = ws.clone();
            yew::platform::spawn_local(async move {
                match load_sample(&choice, fetch).await {
                    Ok(sandbox) => ws.dispatch(Action::Load {
                        sandbox,
                        what: format!("the {} sample", choice.label()),
                    }),
                    Err(e) => ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("The sample could not be loaded: {e}"),
                    }))),
                }
            });
        })
    };
    let on_share = {
        let ws = ws.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let url = share_url(&ws.sandbox);
            if url.len() > MAX_LINK_BYTES {
                ws.dispatch(Action::Notify(Some(Notice {
                    error: true,
                    text: "This sandbox is too big for a link; use Export to share it as a file."
                        .into(),
                })));
                return;
            }
            link.set(Some(url.into()));
        })
    };
    let on_export = {
        let ws = ws.clone();
        Callback::from(move |_| download("stagecraft-sandbox.json", &ws.sandbox.to_json()))
    };
    let on_import = {
        let ws = ws.clone();
        Callback::from(move |file: web_sys::File| {
            let ws = ws.clone();
            let name = file.name();
            yew::platform::spawn_local(async move {
                let file = gloo::file::File::from(file);
                let result = match gloo::file::futures::read_as_text(&file).await {
                    Ok(text) => Sandbox::from_json(&text).map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                match result {
                    Ok(sandbox) => ws.dispatch(Action::Load {
                        sandbox,
                        what: name,
                    }),
                    Err(e) => ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("{name} cannot be imported: {e}"),
                    }))),
                }
            });
        })
    };
    SandboxActions {
        on_sample,
        on_share,
        on_export,
        on_import,
    }
}

/// A lesson's buttons: the solution, starting over, taking it to the
/// sandbox; and the progress exported and imported.
pub struct LessonActions {
    pub on_solution: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_to_sandbox: Callback<()>,
    pub on_export_progress: Callback<()>,
    pub on_import_progress: Callback<web_sys::File>,
}

pub fn lesson_actions(ws: &UseReducerHandle<Workspace>) -> LessonActions {
    let on_solution = {
        let ws = ws.clone();
        Callback::from(move |_| {
            if confirm(
                "Show our solution? The lesson will count as solved with help, without stars.",
            ) {
                ws.dispatch(Action::ShowSolution);
            }
        })
    };
    let on_reset = {
        let ws = ws.clone();
        Callback::from(move |_| {
            if confirm("Start this lesson over from its starter Dockerfile? Your version of it will be replaced.") {
                ws.dispatch(Action::ResetLesson);
            }
        })
    };
    let on_to_sandbox = {
        let ws = ws.clone();
        Callback::from(move |_| {
            let title = ws
                .course
                .lesson()
                .map(|l| l.title.clone())
                .unwrap_or_default();
            if confirm("Replace your sandbox with this lesson's Dockerfile and files? (Export keeps a copy of the sandbox.)") {
                ws.dispatch(Action::Load {
                    sandbox: ws.sandbox.clone(),
                    what: format!("the lesson \"{title}\" into the sandbox"),
                });
            }
        })
    };
    let on_export_progress = {
        let ws = ws.clone();
        Callback::from(move |_| download("stagecraft-progress.json", &ws.course.progress.to_json()))
    };
    let on_import_progress = {
        let ws = ws.clone();
        Callback::from(move |file: web_sys::File| {
            let ws = ws.clone();
            let name = file.name();
            yew::platform::spawn_local(async move {
                let file = gloo::file::File::from(file);
                let text = match gloo::file::futures::read_as_text(&file).await {
                    Ok(text) => text,
                    Err(e) => {
                        ws.dispatch(Action::Notify(Some(Notice {
                            error: true,
                            text: format!("{name} cannot be read: {e}"),
                        })));
                        return;
                    }
                };
                if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                    ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("{name} is not a Stagecraft progress file (not JSON); your progress is unchanged."),
                    })));
                    return;
                }
                let (progress, notices) = crate::lessons::progress::Progress::load(&text);
                ws.dispatch(Action::ImportProgress(progress));
                if !notices.is_empty() {
                    ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("Imported {name}, but: {}", notices.join(" ")),
                    })));
                }
            });
        })
    };
    LessonActions {
        on_solution,
        on_reset,
        on_to_sandbox,
        on_export_progress,
        on_import_progress,
    }
}

/// The editor's and the build's callbacks.
pub struct EditorActions {
    pub on_input: Callback<String>,
    pub on_select: Callback<(usize, usize)>,
    pub on_line: Callback<usize>,
    pub on_rebuild: Callback<()>,
    pub dismiss: Callback<MouseEvent>,
    pub on_file_text: Callback<InputEvent>,
}

pub fn editor_actions(ws: &UseReducerHandle<Workspace>) -> EditorActions {
    let on_input = {
        let ws = ws.clone();
        Callback::from(move |source: String| ws.dispatch(Action::EditDockerfile(source)))
    };
    let on_select = {
        let ws = ws.clone();
        Callback::from(move |(start, end): (usize, usize)| {
            ws.dispatch(Action::JumpTo { start, end })
        })
    };
    let on_line = {
        let ws = ws.clone();
        Callback::from(move |line: usize| {
            let (start, end) = line_range(&ws.sandbox.dockerfile, line);
            ws.dispatch(Action::JumpTo { start, end });
        })
    };
    let on_rebuild = {
        let ws = ws.clone();
        Callback::from(move |_| {
            // Asked for: a build that did not finish runs again.
            if let Some(storage) = storage() {
                let _ = storage.remove_item(UNFINISHED_KEY);
            }
            ws.dispatch(Action::Rebuild)
        })
    };
    let dismiss = {
        let ws = ws.clone();
        Callback::from(move |_| ws.dispatch(Action::Notify(None)))
    };
    let on_file_text = {
        let ws = ws.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(path) = ws.open.clone() {
                ws.dispatch(Action::EditFile {
                    path,
                    text: el.value(),
                });
            }
        })
    };
    EditorActions {
        on_input,
        on_select,
        on_line,
        on_rebuild,
        dismiss,
        on_file_text,
    }
}

/// The theme and large type.
pub fn prefs_actions(prefs: &UseStateHandle<Prefs>) -> (Callback<Event>, Callback<MouseEvent>) {
    let on_theme = {
        let prefs = prefs.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            prefs.set(Prefs {
                theme: select.value(),
                ..(*prefs).clone()
            });
        })
    };
    let on_large = {
        let prefs = prefs.clone();
        Callback::from(move |_| {
            prefs.set(Prefs {
                large: !prefs.large,
                ..(*prefs).clone()
            })
        })
    };
    (on_theme, on_large)
}

/// The byte range of a line of `text` (1-based).
pub(super) fn line_range(text: &str, line: usize) -> (usize, usize) {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let end = text[start.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| start + i);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_map_to_byte_ranges() {
        let text = "FROM a\nRUN b\n\nCOPY c d";
        assert_eq!(line_range(text, 1), (0, 6));
        assert_eq!(&text[line_range(text, 2).0..line_range(text, 2).1], "RUN b");
        assert_eq!(line_range(text, 3), (13, 13));
        assert_eq!(&text[line_range(text, 4).0..], "COPY c d");
        assert_eq!(line_range(text, 99), (text.len(), text.len()));
    }
}
