//! The page: the toolbar, the editor and the build context on the left,
//! the build, layers, image, compare and about views on the right. Every
//! edit rebuilds after a short pause; the sandbox is kept in
//! localStorage, shared in a link, exported and imported as a file.

use std::rc::Rc;

use yew::prelude::*;

use super::actions::{
    editor_actions, lesson_actions, prefs_actions, sandbox_actions, EditorActions, LessonActions,
    SandboxActions,
};
use super::browser::{stored, OLD_STORAGE_KEY, PROGRESS_KEY, STORAGE_KEY};
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
use super::hooks::{
    use_builds, use_course_files, use_quiz_round, use_routing, use_saving, use_share_link,
    use_shortcuts, Builds,
};
use super::output::Output;
use super::prefs::Prefs;
use super::samples;
use super::sandbox::Sandbox;
use super::state::{DiagnosticView, ParseView};
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

#[component]
pub fn App() -> Html {
    let ws = use_reducer(initial_workspace);
    let prefs = use_state(Prefs::stored);
    let help = use_state(|| false);
    let link = use_state(|| None::<AttrValue>);

    use_routing(&ws);
    use_course_files(&ws);
    use_quiz_round(&ws);
    use_share_link(&ws);
    use_saving(&ws, &prefs);
    let Builds {
        wanted,
        slow_revision,
        guard,
    } = use_builds(&ws);
    use_shortcuts(&ws, &help);
    let SandboxActions {
        on_sample,
        on_share,
        on_export,
        on_import,
    } = sandbox_actions(&ws, &link);
    let LessonActions {
        on_solution,
        on_reset,
        on_to_sandbox,
        on_export_progress,
        on_import_progress,
    } = lesson_actions(&ws);
    let EditorActions {
        on_input,
        on_select,
        on_line,
        on_rebuild,
        dismiss,
        on_file_text,
    } = editor_actions(&ws);
    let (on_theme, on_large) = prefs_actions(&prefs);

    let toggle_help = {
        let help = help.clone();
        Callback::from(move |_| help.set(!*help))
    };

    let view = ws.editor.view.clone();
    let shown = ws.shown().cloned();
    let building = ws.output.as_ref().is_none_or(|o| o.revision != ws.revision);
    let size_badge = size_badge(&ws, shown.as_deref());
    let status = status_text(&view);
    let panel_body = panel_body(&ws, shown.clone(), building, &on_line, &on_rebuild);
    let (build_error, build_warnings) = newest_problems(&ws);
    let failed_newest = failed_newest(&ws, shown.as_ref());
    let route = ws.course.route.clone();
    // The editor and the build are on screen (not the map or the quiz).
    let editing = !matches!(route, Route::Map | Route::Quiz);
    let presenting = ws.course.presenter && shown.is_some();
    let theme = prefs.theme_or_system();

    html! {
        <div class={classes!("app", (prefs.large || presenting).then_some("large"), presenting.then_some("presenter"))}
            data-ready="true" data-theme={theme.clone()} data-route={route.hash()}
            data-revision={ws.revision.to_string()}
            data-built={ws.output.as_ref().map(|o| o.revision.to_string()).unwrap_or_default()}>
            <header class={classes!("topbar", presenting.then_some("hidden"))}>
                <h1>{"Stagecraft"}</h1>
                { modes(&route) }
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
                    <Toolbar options={ws.sandbox.options.clone()} stages={named_stages(&ws)} dispatch={ws.dispatcher()} on_sample={on_sample} on_share={on_share} on_export={on_export}
                        on_import={on_import} link={(*link).clone()} />
                }
                { theme_select(&theme, on_theme) }
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
                    <LessonMap course={ws.course.clone()} on_export={on_export_progress} on_import={on_import_progress} />
                </main>
            } else if route == Route::Quiz {
                <main class="course">
                    <QuizView course={ws.course.clone()} dispatch={ws.dispatcher()} />
                </main>
            } else if presenting {
                { presenter_view(&ws, shown.clone(), size_badge, &on_line, &on_rebuild) }
            } else {
            <main class={classes!("workspace", ws.course.lesson().is_some().then_some("with-lesson"))}>
                if ws.course.lesson().is_some() {
                    <LessonPanel course={ws.course.clone()} output={ws.output.clone()} revision={ws.revision} dispatch={ws.dispatcher()} on_solution={on_solution} on_reset={on_reset} on_sandbox={on_to_sandbox} />
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
                    <ContextPanel files={ws.sandbox.files.clone()} open={ws.open.clone()} dispatch={ws.dispatcher()} />
                </section>
                <section class="right" aria-label="What the build made">
                    { tabs(&ws) }
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
            if *help { { help_overlay(toggle_help) } }
        </div>
    }
}

/// The page's modes: the sandbox, the lessons, exam practice.
fn modes(route: &Route) -> Html {
    html! {
        <nav class="modes" aria-label="Modes">
            <a href={Route::Sandbox.hash()} class={classes!((*route == Route::Sandbox).then_some("current"))}>{"Sandbox"}</a>
            <a href={Route::Map.hash()} class={classes!((matches!(route, Route::Map | Route::Lesson { .. })).then_some("current"))}>{"Lessons"}</a>
            <a href={Route::Quiz.hash()} class={classes!((*route == Route::Quiz).then_some("current"))}>{"Exam practice"}</a>
        </nav>
    }
}

/// The theme: the system's, light or dark.
fn theme_select(theme: &str, on_theme: Callback<Event>) -> Html {
    html! {
        <label class="field"><span>{"Theme"}</span>
            <select aria-label="Theme" class="theme" onchange={on_theme}>
                { for ["system", "light", "dark"].iter().map(|t| html! {
                    <option value={*t} selected={theme == *t}>{*t}</option>
                }) }
            </select>
        </label>
    }
}

/// The Dockerfile's named stages, for --target.
fn named_stages(ws: &Workspace) -> Vec<String> {
    ws.editor
        .view
        .stages
        .iter()
        .filter(|s| !s.label.starts_with("stage-"))
        .map(|s| s.label.clone())
        .collect()
}

/// The tabs of the right side, each with its key.
fn tabs(ws: &UseReducerHandle<Workspace>) -> Html {
    const TABS: [(Panel, &str, &str); 5] = [
        (Panel::Build, "Build", "1"),
        (Panel::Layers, "Layers", "2"),
        (Panel::Image, "Image", "3"),
        (Panel::Compare, "Compare", "4"),
        (Panel::About, "About", "5"),
    ];
    let tab = |(panel, label, key): (Panel, &str, &str)| {
        let ws = ws.clone();
        let selected = ws.panel == panel;
        html! {
            <button type="button" role="tab" class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} title={format!("{label} ({key})")}
                onclick={Callback::from(move |_| ws.dispatch(Action::Show(panel)))}>{label}</button>
        }
    };
    html! {
        <nav class="tabs" role="tablist" aria-label="Views">
            { for TABS.into_iter().map(tab) }
        </nav>
    }
}

/// The newest build's error when it failed and an older build is shown:
/// put on top.
fn failed_newest(ws: &Workspace, shown: Option<&Rc<Output>>) -> Option<String> {
    match (&ws.output, shown) {
        (Some(newest), Some(shown)) if !Rc::ptr_eq(newest, shown) => newest.view.error.clone(),
        _ => None,
    }
}

/// The workspace of the first render: the saved sandbox and progress,
/// and a notice of what could not be read.
fn initial_workspace() -> Workspace {
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
}

/// The open panel's content.
fn panel_body(
    ws: &UseReducerHandle<Workspace>,
    shown: Option<Rc<Output>>,
    building: bool,
    on_line: &Callback<usize>,
    on_rebuild: &Callback<()>,
) -> Html {
    match (ws.panel, shown) {
        (Panel::About, _) => html! { <About /> },
        (Panel::Compare, _) => html! {
            <Compare sandbox={ws.sandbox.clone()} other={ws.compare.clone()}
                compared={ws.compared.clone()} comparing={ws.comparing} dispatch={ws.dispatcher()} />
        },
        (_, None) => {
            html! { <p class="empty">{if building { "Building…" } else { "Nothing built yet." }}</p> }
        }
        (Panel::Build, Some(output)) => html! {
            <BuildPanel output={output} on_line={on_line.clone()} on_rebuild={on_rebuild.clone()} />
        },
        (Panel::Layers, Some(output)) => {
            html! { <Explorer explorer={ws.explorer.clone()} dispatch={ws.dispatcher()} output={output} /> }
        }
        (Panel::Image, Some(output)) => match output.report.clone() {
            Some(report) => {
                html! { <ImagePanel report={Rc::new(report)} on_line={on_line.clone()} /> }
            }
            None => {
                html! { <p class="empty">{"The build made no image: fix the error on the Build tab."}</p> }
            }
        },
    }
}

/// Where the newest build failed, for the editor's gutter; and its
/// warnings, underlined while it is of the text shown.
fn newest_problems(ws: &Workspace) -> (Option<(usize, AttrValue)>, Rc<Vec<DiagnosticView>>) {
    let build_error = ws.output.as_ref().and_then(|o| {
        let e = o.build.error.as_ref()?;
        (e.span.start.line > 0).then(|| (e.span.start.line, AttrValue::from(e.to_string())))
    });
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
    (build_error, build_warnings)
}

/// The final image's size, greyed while a newer build runs.
fn size_badge(ws: &Workspace, shown: Option<&Output>) -> Html {
    match shown.and_then(|o| o.image_size()) {
        Some(bytes) => html! {
            <span class={classes!("final-size-badge", ws.stale().then_some("stale"))} data-size-bytes={bytes.to_string()}
                title="The final image's size">{format!("Final image: {}", human_size(bytes))}</span>
        },
        None => html! { <span class="final-size-badge none">{"No image yet"}</span> },
    }
}

/// The parse's problems in a few words.
fn status_text(view: &ParseView) -> String {
    match (view.error_count, view.warning_count) {
        (0, 0) => "Parses cleanly".to_string(),
        (0, w) => format!("{w} warning{}", plural(w)),
        (e, 0) => format!("{e} error{}", plural(e)),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    }
}

/// The keyboard shortcuts, over the page.
fn help_overlay(toggle_help: Callback<MouseEvent>) -> Html {
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
            <div class="overlay-box">
                <h2>{"Keyboard shortcuts"}</h2>
                <Shortcuts />
                <button type="button" onclick={toggle_help}>{"Close"}</button>
            </div>
        </div>
    }
}

/// The presenter view: the build and the layers, large, side by side.
fn presenter_view(
    ws: &UseReducerHandle<Workspace>,
    shown: Option<Rc<Output>>,
    size_badge: Html,
    on_line: &Callback<usize>,
    on_rebuild: &Callback<()>,
) -> Html {
    html! {
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
                    <Explorer explorer={ws.explorer.clone()} dispatch={ws.dispatcher()} output={output} />
                }
            </section>
        </main>
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
