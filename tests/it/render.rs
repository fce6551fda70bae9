//! The web app rendered on the server side: what a browser shows first,
//! and each view rendered from a real build.

use std::rc::Rc;

use stagecraft::analysis::analyze;
use stagecraft::ui::app::App;
use stagecraft::ui::components::build_panel::{BuildPanel, BuildPanelProps};
use stagecraft::ui::components::explorer::Explorer;
use stagecraft::ui::components::image_panel::{ImagePanel, ImagePanelProps};
use stagecraft::ui::output::Output;
use stagecraft::ui::sandbox::Sandbox;
use stagecraft::ui::workspace::{Action, Workspace};
use yew::prelude::*;

pub(crate) fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}

#[test]
fn the_page_shows_the_first_sample_parsed() {
    let html = block_on(yew::LocalServerRenderer::<App>::new().render());
    assert!(html.contains("data-ready=\"true\""), "{html}");
    assert!(html.contains("aria-label=\"Dockerfile\""));
    assert!(html.contains("No problems: BuildKit would read this Dockerfile."));
    assert!(html.contains("class=\"tok-keyword\">FROM</span>"));
    assert!(html.contains("golang:1.22"));
    // The context panel lists the sample's files; the tabs are there.
    assert!(html.contains("data-path=\"main.go\""), "{html}");
    assert!(html.contains("role=\"tablist\""));
    assert!(html.contains("go-server (bloated)"));
}

fn output(dockerfile: &str, files: &[(&str, &str)]) -> Rc<Output> {
    let mut sandbox = Sandbox::new(dockerfile);
    for (path, text) in files {
        sandbox
            .files_mut()
            .insert(path.to_string(), text.to_string());
    }
    Rc::new(Output::build(&sandbox, 1, None))
}

const MULTI: &str = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM golang:1.22 AS test\nRUN go version\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n";
const FILES: &[(&str, &str)] = &[
    ("go.mod", "module example.com/app\n\ngo 1.22\n"),
    ("main.go", "package main\n\nfunc main() {}\n"),
];

#[test]
fn the_build_view_draws_the_stage_graph_and_steps() {
    let out = output(MULTI, FILES);
    let props = BuildPanelProps {
        output: out.clone(),
        on_line: Callback::noop(),
        on_rebuild: Callback::noop(),
    };
    let html = block_on(yew::LocalServerRenderer::<BuildPanel>::with_props(props).render());
    assert!(html.contains("class=\"stage-graph\""), "{html}");
    // Three stages and two images as boxes; the test stage skipped.
    assert_eq!(html.matches("class=\"node ").count(), 5, "{html}");
    assert!(html.contains("node skipped"));
    assert!(html.contains("node built target"));
    assert!(html.contains("class=\"edge copy\""));
    assert!(html.contains("BuildKit skips this stage"));
    // Each layer-making step has its size.
    assert!(html.contains("data-line=\"8\""));
    assert!(html.contains(&format!(
        "data-size-bytes=\"{}\"",
        out.image_size().expect("an image")
    )));
}

#[test]
fn the_image_panel_says_whether_it_runs_and_why_it_is_big() {
    let out = output(
        "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nCMD [\"app\"]\n",
        FILES,
    );
    let report = out.report.clone().expect("a report");
    assert!(analyze(&Sandbox::new(&out.source).context(), &out.build).is_some());
    let props = ImagePanelProps {
        report: Rc::new(report),
        on_line: Callback::noop(),
    };
    let html = block_on(yew::LocalServerRenderer::<ImagePanel>::with_props(props).render());
    assert!(html.contains("It runs"), "{html}");
    assert!(html.contains("Efficiency (as dive computes it)"));
    assert!(
        html.contains("data-rule=\"SC001\"") || html.contains("data-rule="),
        "{html}"
    );
}

#[derive(Properties, PartialEq)]
struct WithWorkspace {
    output: Rc<Output>,
    filter: String,
}

#[component]
fn ExplorerHost(props: &WithWorkspace) -> Html {
    let output = props.output.clone();
    let filter = props.filter.clone();
    let ws = use_reducer(move || {
        Workspace::new(Sandbox::new(&output.source))
            .apply(Action::Built(output.clone()))
            .apply(Action::Filter(filter))
    });
    html! { <Explorer explorer={ws.explorer.clone()} dispatch={ws.dispatcher()} output={props.output.clone()} /> }
}

#[test]
fn the_layer_explorer_draws_only_the_rows_in_view() {
    let out = output(MULTI, FILES);
    let props = WithWorkspace {
        output: out.clone(),
        filter: String::new(),
    };
    let html = block_on(yew::LocalServerRenderer::<ExplorerHost>::with_props(props).render());
    assert!(html.contains("data-path=\"/app\""), "{html}");
    assert!(html.contains("class=\"tree-row added\""));
    // A big image: golang's thousands of files, a few dozen rows drawn.
    let big = output("FROM golang:1.22\nRUN echo hi > /hi\n", &[]);
    let html = block_on(
        yew::LocalServerRenderer::<ExplorerHost>::with_props(WithWorkspace {
            output: big,
            filter: String::new(),
        })
        .render(),
    );
    let rows: usize = html
        .split("data-rows=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|n| n.parse().ok())
        .expect("a row count");
    assert!(rows > 1000, "{rows}");
    let drawn = html.matches("role=\"treeitem\"").count();
    assert!(drawn > 20 && drawn <= 100, "{drawn} rows drawn of {rows}");
    assert!(html.contains("data-path=\"/hi\"") || rows > drawn);
}
