//! The final image: its size against its base and against shipping the
//! build stage, dive's efficiency and waste (and the reclaimable figure),
//! what earlier stages left behind, what put the bytes there, the lint
//! findings with their explanations, and the run check's verdict in
//! Docker's words.

use yew::prelude::*;

use crate::analysis::{Report, Verdict};
use crate::engine::image::human_size;
use crate::ui::components::build_panel::{line_link, short};

#[derive(Properties, PartialEq)]
pub struct ImagePanelProps {
    pub report: std::rc::Rc<Report>,
    pub on_line: Callback<usize>,
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

#[component]
pub fn ImagePanel(props: &ImagePanelProps) -> Html {
    let r = &props.report;
    let line_button = |line: usize| line_link(line, &props.on_line);
    let sizes = &r.sizes;
    let biggest_stage = sizes
        .stages
        .iter()
        .filter(|s| !s.target && s.bytes > 0)
        .max_by_key(|s| s.bytes);
    let (verdict_class, verdict) = match &r.run.verdict {
        Verdict::Runs => (
            "runs",
            html! { <p class="verdict-text">{"✔ It runs: "}<code>{r.run.command.join(" ")}</code>{format!(" as {}", r.run.user)}</p> },
        ),
        Verdict::Fails {
            message,
            explanation,
        } => (
            "fails",
            html! {
                <>
                    <p class="verdict-text">{"✘ It would not start. Docker says:"}</p>
                    <pre class="docker-words">{message}</pre>
                    <p class="explanation">{explanation}</p>
                </>
            },
        ),
    };
    html! {
        <div class="image-panel">
            <section class="sizes">
                <h3>{"Size"}</h3>
                <p class="final-size" data-size-bytes={sizes.image_bytes.to_string()}>
                    <strong>{human_size(sizes.image_bytes)}</strong>
                    {format!(" on disk, about {} compressed in a registry. The base image is {} of it ({}).",
                        human_size(sizes.compressed_bytes), human_size(sizes.base_bytes), percent(sizes.base_share))}
                </p>
                <p class="note">{sizes.compression_basis}</p>
                if let Some(stage) = biggest_stage {
                    <p class="vs-single">
                        {format!("Shipping the {} stage instead (a single-stage build) would be {}: this image is {} of that.",
                            stage.name, human_size(stage.bytes), percent(sizes.image_bytes as f64 / stage.bytes.max(1) as f64))}
                    </p>
                }
                <table class="stage-sizes">
                    <thead><tr><th scope="col">{"Stage"}</th><th scope="col">{"Status"}</th><th scope="col">{"Image"}</th><th scope="col">{"Built"}</th><th scope="col">{"Left behind"}</th></tr></thead>
                    <tbody>
                        { for sizes.stages.iter().map(|s| html! {
                            <tr class={classes!(s.target.then_some("target"))}>
                                <td>{&s.name}</td>
                                <td>{format!("{:?}", s.status).to_lowercase()}</td>
                                <td>{human_size(s.bytes)}</td>
                                <td>{human_size(s.built_bytes)}</td>
                                <td>{human_size(s.left_behind_bytes)}</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </section>
            <section class={classes!("run-check", verdict_class)} aria-live="polite">
                <h3>{"Does it run?"}</h3>
                { verdict }
                <details>
                    <summary>{format!("How docker run would start it ({} checks)", r.run.steps.len())}</summary>
                    <ol class="check-steps">
                        { for r.run.steps.iter().map(|s| html! {
                            <li class={if s.ok { "ok" } else { "failed" }}>{if s.ok { "ok — " } else { "fails — " }}{&s.check}</li>
                        }) }
                    </ol>
                </details>
                { for r.run.notes.iter().map(|n| html! { <p class="note">{n}</p> }) }
            </section>
            <section class="efficiency">
                <h3>{"Efficiency (as dive computes it)"}</h3>
                <dl>
                    <dt>{"Efficiency"}</dt><dd class="score">{percent(r.efficiency.score)}</dd>
                    <dt>{"Wasted bytes"}</dt><dd>{human_size(r.efficiency.wasted_bytes)}</dd>
                    <dt>{"User wasted"}</dt><dd>{percent(r.efficiency.user_wasted_percent)}</dd>
                    <dt>{"Reclaimable"}</dt><dd>{human_size(r.efficiency.reclaimable_bytes)}</dd>
                    <dt>{"Waste this Dockerfile made"}</dt><dd>{format!("{} ({} efficiency over the base)", human_size(r.efficiency_over_base.wasted_bytes), percent(r.efficiency_over_base.score))}</dd>
                </dl>
                <p class="note">{"Wasted bytes count every copy of a path stored in two or more layers; reclaimable bytes are what squashing would save (all but the smallest copy)."}</p>
                if !r.waste.is_empty() {
                    <table class="waste">
                        <thead><tr><th scope="col">{"Path"}</th><th scope="col">{"Copies"}</th><th scope="col">{"Total"}</th><th scope="col">{"Made by"}</th></tr></thead>
                        <tbody>
                            { for r.waste.iter().take(10).map(|w| html! {
                                <tr>
                                    <td><code>{&w.path.path}</code></td>
                                    <td>{w.path.count}</td>
                                    <td>{human_size(w.path.total_bytes)}</td>
                                    <td class="made-by">{ for w.instructions.iter().map(|i| html! {
                                        <div title={i.clone()}>{short(i)}</div>
                                    }) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <section class="contributions">
                <h3>{"What put the bytes there"}</h3>
                <ol>
                    { for r.contributions.iter().take(12).map(|c| html! {
                        <li>
                            <span class="size">{human_size(c.bytes)}</span>
                            {format!(" in {} files: ", c.files)}
                            { line_button(c.line) }
                            <code>{&c.instruction}</code>
                        </li>
                    }) }
                </ol>
                if !r.copies.is_empty() {
                    <h4>{"COPY --from"}</h4>
                    <ul>
                        { for r.copies.iter().map(|c| html! {
                            <li>{ line_button(c.line) }{format!(" {} carried {} in {} files from {}", c.instruction, human_size(c.bytes), c.files, c.from)}</li>
                        }) }
                    </ul>
                }
            </section>
            <section class="lint">
                <h3>{format!("Lint ({} finding{})", r.lint.len(), if r.lint.len() == 1 { "" } else { "s" })}</h3>
                if r.lint.is_empty() {
                    <p class="all-clear">{"No findings: lean and safe by every rule Stagecraft checks."}</p>
                }
                <ul class="findings">
                    { for r.lint.iter().map(|f| html! {
                        <li class="finding" data-rule={f.rule.id}>
                            <details>
                                <summary>
                                    { line_button(f.line) }
                                    <span class="rule-id">{f.rule.id}</span>{" "}
                                    <span class="message">{&f.message}</span>
                                </summary>
                                <p>{f.rule.explanation}</p>
                                <p><strong>{"Fix: "}</strong>{f.rule.fix}</p>
                                if let Some(eq) = f.rule.equivalent { <p class="note">{format!("Equivalent: {eq}")}</p> }
                            </details>
                        </li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
