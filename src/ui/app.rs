//! The page: the toolbar, the editor and the build context on the left,
//! the build, layers, image, compare and about views on the right. Every
//! edit rebuilds after a short pause; the sandbox is kept in
//! localStorage, shared in a link, exported and imported as a file.

use std::rc::Rc;

use yew::prelude::*;

use super::browser::{
    download, share_url, storage, stored, OLD_STORAGE_KEY, PREFS_KEY, PROGRESS_KEY, STORAGE_KEY,
    UNFINISHED_KEY,
};
use super::build_runner::{fetch, load_sample};
use super::components::about::{About, Shortcuts};
use super::components::build_panel::BuildPanel;
use super::components::compare::Compare;
use super::components::context_panel::ContextPanel;
use super::components::diagnostics::Diagnostics;
use super::components::editor::Editor;
use super::components::explorer::Explorer;
use super::components::image_panel::ImagePanel;
use super::components::lesson_map::LessonMap;
use super::components::lesson_panel::LessonPanel;
use super::components::quiz_view::QuizView;
use super::components::toolbar::Toolbar;
use super::course::{Course, Route};
use super::dialogs::confirm;
use super::hooks::{
    use_builds, use_quiz_round, use_routing, use_saving, use_share_link, use_shortcuts, Builds,
};
use super::prefs::Prefs;
use super::samples;
use super::sandbox::Sandbox;
use super::state::DiagnosticView;
use super::workspace::{Action, Notice, Panel, Workspace};
use crate::engine::image::human_size;

/// The first visit's sandbox: the story starts with the big image.
pub const FIRST_SAMPLE: &str = "go-server/Dockerfile.bloated";

/// The sandbox of the first visit.
pub fn first_sandbox() -> Sandbox {
    samples::choice(FIRST_SAMPLE)
        .and_then(|c| samples::sandbox(&c, |p| samples::embedded(p).map(String::from)))
        .unwrap_or_else(|| Sandbox::new(super::state::EXAMPLE))
}

/// The saved sandbox, an older save upgraded, or the first one; a notice
/// when what was saved could not be read (it is left in storage).
fn initial() -> (Sandbox, Option<Notice>) {
    if let Some(text) = stored(STORAGE_KEY) {
        return match Sandbox::from_json(&text) {
            Ok(sandbox) => (sandbox, None),
            Err(e) => (
                first_sandbox(),
                Some(Notice {
                    error: true,
                    text: format!(
                        "Your saved sandbox could not be read ({e}); a sample is shown instead."
                    ),
                }),
            ),
        };
    }
    if let Some(dockerfile) = stored(OLD_STORAGE_KEY) {
        return (Sandbox::new(&dockerfile), None);
    }
    (first_sandbox(), None)
}

/// The saved progress, with a notice for each entry that was reset.
fn initial_progress() -> (crate::lessons::progress::Progress, Vec<String>) {
    match stored(PROGRESS_KEY) {
        Some(text) => crate::lessons::progress::Progress::load(&text),
        None => Default::default(),
    }
}

/// The byte range of a line of `text` (1-based).
fn line_range(text: &str, line: usize) -> (usize, usize) {
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

#[component]
pub fn App() -> Html {
    let ws = use_reducer(|| {
        let (sandbox, notice) = initial();
        let (progress, notices) = initial_progress();
        let mut ws = Workspace::new(sandbox);
        ws.course = Course::new(progress);
        ws.notice = notice.or_else(|| {
            (!notices.is_empty()).then(|| Notice {
                error: true,
                text: notices.join(" "),
            })
        });
        ws
    });
    let prefs = use_state(|| {
        stored(PREFS_KEY)
            .and_then(|t| serde_json::from_str::<Prefs>(&t).ok())
            .unwrap_or_default()
    });
    let help = use_state(|| false);
    let link = use_state(|| None::<AttrValue>);

    use_routing(&ws);
    use_quiz_round(&ws);
    use_share_link(&ws);
    use_saving(&ws, &prefs);
    let Builds {
        wanted,
        slow_revision,
        guard,
    } = use_builds(&ws);
    use_shortcuts(&ws, &help);

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
            if url.len() > super::sandbox::MAX_LINK_BYTES {
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
    let toggle_help = {
        let help = help.clone();
        Callback::from(move |_| help.set(!*help))
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

    let view = ws.editor.view.clone();
    let shown = ws.shown().cloned();
    let building = ws.output.as_ref().is_none_or(|o| o.revision != ws.revision);
    let size_badge = match shown.as_ref().and_then(|o| o.image_size()) {
        Some(bytes) => html! {
            <span class={classes!("final-size-badge", ws.stale().then_some("stale"))} data-size-bytes={bytes.to_string()}
                title="The final image's size">{format!("Final image: {}", human_size(bytes))}</span>
        },
        None => html! { <span class="final-size-badge none">{"No image yet"}</span> },
    };
    let status = match (view.error_count, view.warning_count) {
        (0, 0) => "Parses cleanly".to_string(),
        (0, w) => format!("{w} warning{}", plural(w)),
        (e, 0) => format!("{e} error{}", plural(e)),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    let tab = |panel: Panel, label: &str, key: &str| {
        let ws = ws.clone();
        let selected = ws.panel == panel;
        html! {
            <button type="button" role="tab" class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} title={format!("{label} ({key})")}
                onclick={Callback::from(move |_| ws.dispatch(Action::Show(panel)))}>{label}</button>
        }
    };
    let panel_body = match (ws.panel, shown.clone()) {
        (Panel::About, _) => html! { <About /> },
        (Panel::Compare, _) => html! { <Compare ws={ws.clone()} /> },
        (_, None) => {
            html! { <p class="empty">{if building { "Building…" } else { "Nothing built yet." }}</p> }
        }
        (Panel::Build, Some(output)) => html! {
            <BuildPanel output={output} on_line={on_line.clone()} on_rebuild={on_rebuild.clone()} />
        },
        (Panel::Layers, Some(output)) => html! { <Explorer ws={ws.clone()} output={output} /> },
        (Panel::Image, Some(output)) => match output.report.clone() {
            Some(report) => {
                html! { <ImagePanel report={Rc::new(report)} on_line={on_line.clone()} /> }
            }
            None => {
                html! { <p class="empty">{"The build made no image: fix the error on the Build tab."}</p> }
            }
        },
    };
    // Where the newest build failed, for the editor's gutter.
    let build_error = ws.output.as_ref().and_then(|o| {
        let e = o.build.error.as_ref()?;
        (e.span.start.line > 0).then(|| (e.span.start.line, AttrValue::from(e.to_string())))
    });
    // The newest build's warnings, underlined while it is of the text shown.
    let build_warnings: Rc<Vec<DiagnosticView>> = Rc::new(
        ws.output
            .as_ref()
            .filter(|o| o.source == ws.sandbox.dockerfile)
            .map(|o| {
                o.build
                    .warnings
                    .iter()
                    .filter_map(DiagnosticView::of_warning)
                    .collect()
            })
            .unwrap_or_default(),
    );
    // The newest build failed and an older one is shown: its error on top.
    let failed_newest = match (&ws.output, &shown) {
        (Some(newest), Some(shown)) if !Rc::ptr_eq(newest, shown) => newest.view.error.clone(),
        _ => None,
    };
    let route = ws.course.route.clone();
    // The editor and the build are on screen (not the map or the quiz).
    let editing = !matches!(route, Route::Map | Route::Quiz);
    let presenting = ws.course.presenter && shown.is_some();
    let theme = if prefs.theme.is_empty() {
        "system".to_string()
    } else {
        prefs.theme.clone()
    };

    html! {
        <div class={classes!("app", (prefs.large || presenting).then_some("large"), presenting.then_some("presenter"))}
            data-ready="true" data-theme={theme.clone()} data-route={route.hash()}
            data-revision={ws.revision.to_string()}
            data-built={ws.output.as_ref().map(|o| o.revision.to_string()).unwrap_or_default()}>
            <header class={classes!("topbar", presenting.then_some("hidden"))}>
                <h1>{"Stagecraft"}</h1>
                <nav class="modes" aria-label="Modes">
                    <a href={Route::Sandbox.hash()} class={classes!((route == Route::Sandbox).then_some("current"))}>{"Sandbox"}</a>
                    <a href={Route::Map.hash()} class={classes!((matches!(route, Route::Map | Route::Lesson { .. })).then_some("current"))}>{"Lessons"}</a>
                    <a href={Route::Quiz.hash()} class={classes!((route == Route::Quiz).then_some("current"))}>{"Exam practice"}</a>
                </nav>
                if editing {
                    <span class={classes!("status", (view.error_count > 0).then_some("has-errors"))}
                        data-errors={view.error_count.to_string()}>{status}</span>
                    { size_badge.clone() }
                    if building { <span class="building" aria-live="polite">{"building…"}</span> }
                    if building && *slow_revision == ws.revision {
                        <button type="button" class="cancel-build" title="Stop this build before its next instruction"
                            onclick={let wanted = wanted.clone(); let guard = guard.clone(); Callback::from(move |_| { wanted.cancel(); guard.cancel(); })}>{"Cancel build"}</button>
                    }
                }
                // Samples, options, share and files belong to the sandbox.
                if route == Route::Sandbox {
                    <Toolbar ws={ws.clone()} on_sample={on_sample} on_share={on_share} on_export={on_export}
                        on_import={on_import} link={(*link).clone()} />
                }
                <label class="field"><span>{"Theme"}</span>
                    <select aria-label="Theme" class="theme" onchange={on_theme}>
                        { for ["system", "light", "dark"].iter().map(|t| html! {
                            <option value={*t} selected={theme == *t}>{*t}</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="large-type" aria-pressed={prefs.large.to_string()} onclick={on_large}
                    title="Large type for projectors">{"A+"}</button>
                <button type="button" class="help-button" aria-label="Keyboard shortcuts" onclick={toggle_help.clone()}>{"?"}</button>
            </header>
            if let Some(notice) = &ws.notice {
                <div class={classes!("notice", notice.error.then_some("error"))} role={if notice.error { "alert" } else { "status" }}>
                    <span>{&notice.text}</span>
                    <button type="button" aria-label="Dismiss" onclick={dismiss}>{"✕"}</button>
                </div>
            }
            if route == Route::Map {
                <main class="course">
                    <LessonMap ws={ws.clone()} on_export={on_export_progress} on_import={on_import_progress} />
                </main>
            } else if route == Route::Quiz {
                <main class="course">
                    <QuizView ws={ws.clone()} />
                </main>
            } else if presenting {
                <main class="presenter-view" aria-label="Presenter view">
                    <div class="presenter-bar">
                        <strong>{ ws.course.lesson().map(|l| l.title.clone()).unwrap_or_else(|| "Sandbox".into()) }</strong>
                        { size_badge }
                        <span class="note">{"[ and ] step through the layers · p or Esc leaves the presenter view"}</span>
                    </div>
                    <section class="presenter-build" aria-label="Build">
                        if let Some(output) = shown.clone() {
                            <BuildPanel output={output} on_line={on_line.clone()} on_rebuild={on_rebuild.clone()} />
                        }
                    </section>
                    <section class="presenter-tree" aria-label="Layers">
                        if let Some(output) = shown.clone() {
                            <Explorer ws={ws.clone()} output={output} />
                        }
                    </section>
                </main>
            } else {
            <main class={classes!("workspace", ws.course.lesson().is_some().then_some("with-lesson"))}>
                if ws.course.lesson().is_some() {
                    <LessonPanel ws={ws.clone()} on_solution={on_solution} on_reset={on_reset} on_sandbox={on_to_sandbox} />
                }
                <section class="left" aria-label="Dockerfile and build context">
                    <div class="editor-pane">
                        if let Some(path) = ws.open.clone() {
                            <label class="file-editor">
                                <span class="file-title">{format!("Context file: {path}")}</span>
                                <textarea aria-label={format!("Context file {path}")} spellcheck="false" wrap="off"
                                    value={ws.sandbox.files.get(&path).cloned().unwrap_or_default()} oninput={on_file_text} />
                            </label>
                        } else {
                            <Editor
                                source={AttrValue::from(ws.sandbox.dockerfile.clone())}
                                view={view.clone()}
                                jump={ws.editor.jump}
                                on_input={on_input}
                                build_error={build_error}
                                warnings={build_warnings}
                            />
                        }
                    </div>
                    <Diagnostics diagnostics={view.diagnostics.clone()} on_select={on_select} />
                    <ContextPanel ws={ws.clone()} />
                </section>
                <section class="right" aria-label="What the build made">
                    <nav class="tabs" role="tablist" aria-label="Views">
                        { tab(Panel::Build, "Build", "1") }
                        { tab(Panel::Layers, "Layers", "2") }
                        { tab(Panel::Image, "Image", "3") }
                        { tab(Panel::Compare, "Compare", "4") }
                        { tab(Panel::About, "About", "5") }
                    </nav>
                    if let Some(error) = failed_newest {
                        <div class="newest-error">
                            <pre class="build-error" role="alert">{error}</pre>
                            <p class="note">{"Below: the last build that made an image, until this one builds again."}</p>
                        </div>
                    }
                    <div class={classes!("panel-body", ws.stale().then_some("stale"))} role="tabpanel">
                        { panel_body }
                    </div>
                </section>
            </main>
            }
            if *help {
                <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
                    <div class="overlay-box">
                        <h2>{"Keyboard shortcuts"}</h2>
                        <Shortcuts />
                        <button type="button" onclick={toggle_help}>{"Close"}</button>
                    </div>
                </div>
            }
        </div>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
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

    #[test]
    fn the_first_visit_opens_the_bloated_go_sample() {
        let sandbox = first_sandbox();
        assert!(
            sandbox.dockerfile.contains("FROM golang"),
            "{}",
            sandbox.dockerfile
        );
        assert!(sandbox.files.contains_key("main.go"));
    }
}
