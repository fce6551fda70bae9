//! The build: a button that runs the Dockerfile through the engine, then
//! the image it made, layer by layer, or why it failed. Base-image data is
//! fetched the first time an image is used (see build_runner.rs).

use yew::prelude::*;

use crate::ui::build_runner::{fetch, run, Progress};

#[derive(Properties, PartialEq)]
pub struct BuildPanelProps {
    pub source: AttrValue,
}

#[component]
pub fn BuildPanel(props: &BuildPanelProps) -> Html {
    let progress = use_state(|| None::<Progress>);
    let onclick = {
        let source = props.source.clone();
        let progress = progress.clone();
        Callback::from(move |_| {
            let source = source.to_string();
            let progress = progress.clone();
            progress.set(Some(Progress::Fetching(Vec::new())));
            yew::platform::spawn_local(async move {
                run(source, fetch, |p| progress.set(Some(p))).await;
            });
        })
    };
    let (state, body) = match &*progress {
        None => (
            "idle",
            html! { <p class="empty">{"Build the Dockerfile to see its image, layer by layer."}</p> },
        ),
        Some(Progress::Fetching(paths)) if paths.is_empty() => {
            ("building", html! { <p>{"Building…"}</p> })
        }
        Some(Progress::Fetching(paths)) => (
            "fetching",
            html! { <p>{format!("Loading {} data file{} for the base images…", paths.len(), if paths.len() == 1 { "" } else { "s" })}</p> },
        ),
        Some(Progress::Failed(message)) => {
            ("failed", html! { <p class="build-error">{message}</p> })
        }
        Some(Progress::Done(view, fetched)) => (
            "done",
            html! {
                <>
                    if let Some(error) = &view.error {
                        <pre class="build-error">{error}</pre>
                    }
                    if let Some(size) = &view.size {
                        <p class="image-size" data-size-bytes={view.size_bytes.to_string()}>
                            {format!("Image: {size} in {} layer{}", view.layers.len(), if view.layers.len() == 1 { "" } else { "s" })}
                        </p>
                    }
                    <ol class="image-layers">
                        { for view.layers.iter().map(|layer| html! {
                            <li class={classes!("image-layer", layer.base.then_some("base"))}>
                                <span class="layer-size">{&layer.size}</span>
                                <span class="layer-origin">{&layer.origin}</span>
                                <code class="layer-command" title={layer.created_by.clone()}>{&layer.created_by}</code>
                            </li>
                        }) }
                    </ol>
                    if !view.warnings.is_empty() {
                        <ul class="build-warnings">
                            { for view.warnings.iter().map(|w| html! { <li>{w}</li> }) }
                        </ul>
                    }
                    if !fetched.is_empty() {
                        <p class="fetched" data-count={fetched.len().to_string()}>
                            {format!("Loaded {} data file{} for this build.", fetched.len(), if fetched.len() == 1 { "" } else { "s" })}
                        </p>
                    }
                </>
            },
        ),
    };
    html! {
        <section class="panel build" data-state={state}>
            <h2>{"Image"}</h2>
            <button type="button" class="build-button" {onclick}>{"Build"}</button>
            { body }
        </section>
    }
}
