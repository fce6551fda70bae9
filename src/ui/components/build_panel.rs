//! The build: its verdict (the final size, or the error at its line), the
//! stage graph, and each stage's steps with their layer size as a bar,
//! their simulated time, CACHED or rebuilt against the build before, and
//! their warnings.

use yew::prelude::*;

use crate::engine::image::human_size;
use crate::ui::graph::Graph;
use crate::ui::output::Output;

#[derive(Properties, PartialEq)]
pub struct BuildPanelProps {
    pub output: std::rc::Rc<Output>,
    /// Go to a line of the Dockerfile.
    pub on_line: Callback<usize>,
    /// Run the build again (everything unchanged is CACHED).
    pub on_rebuild: Callback<()>,
}

const BOX_W: f64 = 150.0;
const BOX_H: f64 = 40.0;
const GAP_X: f64 = 60.0;
const GAP_Y: f64 = 16.0;

fn graph_svg(graph: &Graph) -> Html {
    if graph.nodes.is_empty() {
        return html! {};
    }
    let x = |column: usize| 8.0 + column as f64 * (BOX_W + GAP_X);
    let y = |row: usize| 8.0 + row as f64 * (BOX_H + GAP_Y);
    let width = 16.0 + graph.columns as f64 * (BOX_W + GAP_X) - GAP_X;
    let height = 16.0 + graph.rows as f64 * (BOX_H + GAP_Y) - GAP_Y;
    html! {
        <svg class="stage-graph" role="img" aria-label="Stage graph: stages as boxes, FROM and COPY --from as arrows"
            viewBox={format!("0 0 {width} {height}")} width={width.to_string()} height={height.to_string()}>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                </marker>
            </defs>
            { for graph.edges.iter().map(|e| {
                let (a, b) = (&graph.nodes[e.from], &graph.nodes[e.to]);
                let (x1, y1) = (x(a.column) + BOX_W, y(a.row) + BOX_H / 2.0);
                let (x2, y2) = (x(b.column), y(b.row) + BOX_H / 2.0);
                let mid = (x1 + x2) / 2.0;
                html! {
                    <path class={classes!("edge", (e.kind != "FROM").then_some("copy"))}
                        d={format!("M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2} {y2}")}
                        marker-end="url(#arrow)">
                        <title>{format!("{} {} {}", b.label, e.kind, a.label)}</title>
                    </path>
                }
            }) }
            { for graph.nodes.iter().map(|n| {
                let status = n.status.replace(' ', "-");
                html! {
                    <g class={classes!("node", status, n.target.then_some("target"))}
                        transform={format!("translate({} {})", x(n.column), y(n.row))}>
                        <rect width={BOX_W.to_string()} height={BOX_H.to_string()} rx="6" />
                        <text x="8" y="17" class="node-label">{truncate(&n.label, 20)}</text>
                        <text x="8" y="32" class="node-status">
                            {if n.target { format!("{} · target", n.status) } else { n.status.to_string() }}
                        </text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// A button that moves the editor to a line (nothing for line 0: a base
/// image's layer has no line).
pub fn line_link(line: usize, on_line: &Callback<usize>) -> Html {
    if line == 0 {
        return html! {};
    }
    let on_line = on_line.clone();
    html! {
        <button type="button" class="line-link" title={format!("Go to line {line}")}
            onclick={Callback::from(move |_| on_line.emit(line))}>{format!("line {line}")}</button>
    }
}

/// A layer's command as a line: BuildKit's `# buildkit` suffix and the
/// shell prefix dropped, at most 80 characters.
pub fn short(created_by: &str) -> String {
    let text = created_by.trim_end_matches(" # buildkit");
    let text = text
        .strip_prefix("RUN /bin/sh -c ")
        .map_or(text.to_string(), |t| format!("RUN {t}"));
    truncate(&text, 80)
}

fn truncate(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        text.chars().take(n - 1).chain(['…']).collect()
    }
}

fn seconds(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.1} s")
    } else if s < 120.0 {
        format!("{s:.0} s")
    } else {
        format!("{:.0} min {:.0} s", (s / 60.0).floor(), s % 60.0)
    }
}

#[component]
pub fn BuildPanel(props: &BuildPanelProps) -> Html {
    let output = &props.output;
    let build = &output.build;
    let timing = output.report.as_ref().map(|r| &r.timing);
    let biggest = build
        .stages
        .iter()
        .flat_map(|s| s.steps.iter())
        .map(|s| s.size)
        .max()
        .unwrap_or(0)
        .max(1);
    let line_button = |line: usize| line_link(line, &props.on_line);
    let on_rebuild = {
        let cb = props.on_rebuild.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let stages = build.stages.iter().map(|stage| {
        let time = timing.and_then(|t| t.stages.get(stage.index));
        let status = match stage.status {
            crate::engine::build::StageStatus::Built => "built",
            crate::engine::build::StageStatus::Skipped => "skipped",
            crate::engine::build::StageStatus::Failed => "failed",
            crate::engine::build::StageStatus::NotReached => "not-reached",
        };
        html! {
            <section class={classes!("stage-steps", status)} data-stage={stage.display_name.clone()}>
                <h3>
                    {format!("{} ", stage.display_name)}
                    <span class="stage-status">{status.replace('-', " ")}</span>
                    if build.target == Some(stage.index) { <span class="badge target">{"target"}</span> }
                    if let Some(t) = time { <span class="stage-time">{seconds(t.seconds)}</span> }
                </h3>
                if stage.status == crate::engine::build::StageStatus::Skipped {
                    <p class="note">{"BuildKit skips this stage: the target does not need it. The legacy builder would build it."}</p>
                }
                <ol class="steps">
                    { for stage.steps.iter().enumerate().map(|(i, step)| {
                        let cached = output.cached(&stage.display_name, step.line);
                        let step_time = time.and_then(|t| t.steps.get(i)).map(|t| t.seconds);
                        let width = step.size as f64 * 100.0 / biggest as f64;
                        html! {
                            <li class={classes!("step", step.layer.is_some().then_some("makes-layer"))} data-line={step.line.to_string()}>
                                { line_button(step.line) }
                                <code class="instruction" title={step.instruction.clone()}>{truncate(&step.instruction, 80)}</code>
                                if step.layer.is_some() {
                                    <span class="bar" aria-hidden="true"><span style={format!("width: {width:.1}%")}></span></span>
                                    <span class="step-size" data-bytes={step.size.to_string()}>{human_size(step.size)}</span>
                                }
                                if let Some(s) = step_time.filter(|s| *s > 0.0) {
                                    <span class="step-time">{seconds(s)}</span>
                                }
                                if let Some(c) = cached {
                                    if c.cached {
                                        <span class="badge cached">{"CACHED"}</span>
                                    } else {
                                        <span class="badge rebuilt" title={c.reason.clone().unwrap_or_default()}>{"rebuilt"}</span>
                                        if let Some(reason) = &c.reason { <span class="reason">{reason}</span> }
                                    }
                                }
                                if !step.warnings.is_empty() {
                                    <ul class="step-warnings">{ for step.warnings.iter().map(|w| html! { <li>{w.to_string()}</li> }) }</ul>
                                }
                            </li>
                        }
                    }) }
                </ol>
            </section>
        }
    });
    html! {
        <div class="build-panel" data-revision={output.revision.to_string()}
            data-millis={output.millis.iter().map(|m| format!("{m:.1}")).collect::<Vec<_>>().join(" ")}>
            <div class="build-summary">
                if let Some(error) = &output.view.error {
                    <pre class="build-error" role="alert">{error}</pre>
                } else if let Some(size) = &output.view.size {
                    <p class="image-size" data-size-bytes={output.view.size_bytes.to_string()}>
                        {format!("Final image: {size} in {} layer{}", output.view.layers.len(), if output.view.layers.len() == 1 { "" } else { "s" })}
                    </p>
                }
                if let Some(t) = timing {
                    <p class="timing">
                        {format!("Simulated build: {} with BuildKit (critical path: {}), {} with the legacy builder.",
                            seconds(t.buildkit_seconds), t.critical_path.join(" → "), seconds(t.legacy_seconds))}
                    </p>
                }
                <button type="button" class="rebuild" onclick={on_rebuild}
                    title="Build again with the same inputs; edit a file first to see which steps stay CACHED">{"Rebuild"}</button>
            </div>
            { graph_svg(&output.graph) }
            { for stages }
            if !output.view.warnings.is_empty() {
                <section class="build-warnings">
                    <h3>{"Warnings"}</h3>
                    <ul>{ for output.view.warnings.iter().map(|w| html! { <li>{w}</li> }) }</ul>
                </section>
            }
        </div>
    }
}
