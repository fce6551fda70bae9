//! Compare: two Dockerfiles over the same context, side by side (say the
//! single-stage and the multi-stage one): their sizes, layer counts,
//! build times, and the time a rebuild takes after a source file changes.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::pause::NoPause;
use crate::ui::build_runner::{fetch, run, Progress};
use crate::ui::compare_side::Side;
use crate::ui::guard::browser::Guard;
use crate::ui::rebuild::rebuild;
use crate::ui::sandbox::Sandbox;
use crate::ui::workspace::{Action, Notice, Workspace};

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The sandbox: this Dockerfile, and the context both build over.
    pub sandbox: Sandbox,
    /// The other Dockerfile, as typed (None: not typed yet).
    pub other: Option<String>,
    /// The last comparison, kept by the reducer.
    pub compared: Option<Rc<(Side, Side)>>,
    pub comparing: bool,
    pub dispatch: UseReducerDispatcher<Workspace>,
}

fn side_html(title: &str, side: Option<&Side>) -> Html {
    let Some(side) = side else {
        return html! { <div class="compare-side"><h3>{title}</h3><p class="empty">{"Not built yet."}</p></div> };
    };
    let o = &side.output;
    let timing = o.report.as_ref().map(|r| &r.timing);
    html! {
        <div class="compare-side">
            <h3>{title}</h3>
            if let Some(error) = &o.view.error {
                <pre class="build-error">{error}</pre>
            }
            <dl>
                <dt>{"Final image"}</dt><dd class="compare-size" data-size-bytes={o.view.size_bytes.to_string()}>{o.view.size.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{"Layers"}</dt><dd>{o.view.layers.len()}</dd>
                <dt>{"Stages"}</dt><dd>{o.build.stages.len()}</dd>
                if let Some(t) = timing {
                    <dt>{"Build (BuildKit)"}</dt><dd>{format!("{:.1} s", t.buildkit_seconds)}</dd>
                    <dt>{"Build (legacy)"}</dt><dd>{format!("{:.1} s", t.legacy_seconds)}</dd>
                }
                if let Some(path) = &side.edited {
                    <dt>{format!("Rebuild after editing {path}")}</dt><dd>{format!("{:.1} s", side.rebuild_seconds)}</dd>
                }
            </dl>
        </div>
    }
}

#[component]
pub fn Compare(props: &CompareProps) -> Html {
    // Each side runs in the guard's worker first, as the main build does.
    let guard = (*use_memo((), |_| Rc::new(Guard::new()))).clone();
    // The second Dockerfile: what the learner typed, or another
    // Dockerfile of the context (a sample's bloated one).
    let other = props.other.clone().unwrap_or_else(|| {
        props
            .sandbox
            .files
            .iter()
            .find(|(p, _)| p.starts_with("Dockerfile"))
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    });
    let on_text = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetCompare(Some(el.value())));
        })
    };
    let on_compare = {
        let sandbox = props.sandbox.clone();
        let other = other.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| {
            let mut second = sandbox.clone();
            second.dockerfile = other.clone();
            dispatch.dispatch(Action::Comparing);
            yew::platform::spawn_local(compare(
                [sandbox.clone(), second],
                guard.clone(),
                dispatch.clone(),
            ));
        })
    };
    let busy = props.comparing;
    let sides = props.compared.as_deref();
    html! {
        <div class="compare">
            <p>{"Compare this Dockerfile with another over the same build context."}</p>
            <label class="compare-input">
                <span>{"The other Dockerfile"}</span>
                <textarea aria-label="The other Dockerfile" spellcheck="false" value={other} oninput={on_text} rows="10" />
            </label>
            <button type="button" class="compare-button" onclick={on_compare} disabled={busy}>
                {if busy { "Building both…" } else { "Compare" }}
            </button>
            <div class="compare-sides">
                { side_html("This Dockerfile", sides.map(|s| &s.0)) }
                { side_html("The other", sides.map(|s| &s.1)) }
            </div>
        </div>
    }
}

/// Builds both sides, each first in the guard's worker, and hands the
/// reducer the result (None when a side could not be built: the last
/// result stays).
async fn compare(
    sandboxes: [Sandbox; 2],
    guard: Rc<Guard>,
    dispatch: UseReducerDispatcher<Workspace>,
) {
    let mut done = Vec::new();
    for sandbox in sandboxes {
        if let Some(reason) = guard.check(&sandbox, None, true).await.reason() {
            dispatch.dispatch(Action::Notify(Some(Notice {
                error: true,
                text: format!("Compare stopped: {reason}."),
            })));
            dispatch.dispatch(Action::Compared(None));
            return;
        }
        let slot = std::cell::RefCell::new(None);
        let keep = |p| {
            if let Progress::Done(o, _) = p {
                *slot.borrow_mut() = Some(o);
            }
        };
        run(sandbox.clone(), 1, None, None, fetch, keep, NoPause).await;
        if let Some(output) = slot.into_inner() {
            let (edited, rebuild_seconds) = rebuild(&sandbox, &output);
            done.push(Side {
                output,
                edited,
                rebuild_seconds,
            });
        }
    }
    // A side whose data could not load leaves the view as it was.
    let mut done = done.into_iter();
    let sides = match (done.next(), done.next()) {
        (Some(a), Some(b)) => Some(Rc::new((a, b))),
        _ => None,
    };
    dispatch.dispatch(Action::Compared(sides));
}
