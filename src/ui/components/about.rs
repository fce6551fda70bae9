//! The about page: what Stagecraft simulates faithfully, what it
//! approximates, and the keyboard shortcuts.

use yew::prelude::*;

/// The shortcuts, as the help overlay and the about page list them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("?", "show or hide this help"),
    (
        "[ and ]",
        "step back and forward through the final image's layers",
    ),
    ("1 to 5", "Build, Layers, Image, Compare, About"),
    (
        "p",
        "presenter view: large type, the build beside the layer tree (Esc leaves)",
    ),
    (
        "Tab",
        "in the editor: indent (Esc then Tab leaves the editor)",
    ),
    ("Ctrl+Z", "undo in the editor (the browser's own undo)"),
];

#[component]
pub fn Shortcuts() -> Html {
    html! {
        <dl class="shortcuts">
            { for SHORTCUTS.iter().map(|(keys, what)| html! { <><dt><kbd>{*keys}</kbd></dt><dd>{*what}</dd></> }) }
        </dl>
    }
}

#[component]
pub fn About() -> Html {
    html! {
        <div class="about">
            <h3>{"What Stagecraft is"}</h3>
            <p>{"Stagecraft teaches Docker multi-stage builds by simulating them in your browser. No Docker engine runs anywhere: the Dockerfile is parsed, planned and built here, and nothing you type leaves the page unless you share a link."}</p>
            <h3>{"Faithful"}</h3>
            <ul>
                <li>{"Parsing, variable expansion, .dockerignore and their error messages follow BuildKit (Dockerfile frontend 1.x), checked against BuildKit's own test cases."}</li>
                <li>{"Which stages are built (BuildKit skips what the target does not need; the legacy builder does not), COPY and ADD semantics, whiteouts, layer sizes and the build cache's keys."}</li>
                <li>{"dive's efficiency and wasted-bytes formulas; docker run's start-up steps and its error messages."}</li>
            </ul>
            <h3>{"Approximate"}</h3>
            <ul>
                <li>{"Base images are modelled from their documented contents; their sizes are within about 10% of the real ones. Package lists and sizes come from Debian, Alpine, npm and PyPI data captured once."}</li>
                <li>{"RUN runs a simulated shell: common programs (apt, apk, npm, pip, go, cargo, gcc, make, curl, tar, ...) are modelled; others warn and do nothing. Downloads come from a table of known URLs; anything else is a placeholder."}</li>
                <li>{"Durations are a model (downloads at 25 MB/s, compiles by what they compile), for comparing builds, not for predicting one to the second. Compressed sizes are estimates."}</li>
            </ul>
            <h3>{"Limits"}</h3>
            <p>{"Docker has none of these; they keep a page (or a stranger's share link) from freezing your browser. A build that meets one stops with an error naming it and the line."}</p>
            <table class="limits">
                { for crate::limits::all().into_iter().map(|l| html! {
                    <tr><td>{l.what}</td><td>{l.value}</td></tr>
                }) }
            </table>
            <h3>{"Keyboard"}</h3>
            <Shortcuts />
        </div>
    }
}
