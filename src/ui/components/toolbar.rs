//! The top bar's controls: the sample menu, the build options (target
//! stage, build args, legacy builder, strict), and keeping work (share link,
//! export, import).

use yew::prelude::*;

use crate::ui::samples;
use crate::ui::sandbox::SandboxOptions;
use crate::ui::workspace::{Action, Workspace};

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The sandbox's build options.
    pub options: SandboxOptions,
    /// The named stages of the Dockerfile, for --target.
    pub stages: Vec<String>,
    pub dispatch: UseReducerDispatcher<Workspace>,
    /// A sample's key (`go-server/Dockerfile`) to load.
    pub on_sample: Callback<String>,
    pub on_share: Callback<()>,
    pub on_export: Callback<()>,
    /// The text of a file to import.
    pub on_import: Callback<web_sys::File>,
    /// The link made by the last share, to copy.
    #[prop_or_default]
    pub link: Option<AttrValue>,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let on_sample = {
        let cb = props.on_sample.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let key = select.value();
            select.set_value("");
            if !key.is_empty() {
                cb.emit(key);
            }
        })
    };
    let on_target = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetTarget(select.value()));
        })
    };
    let on_args = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            // One line a KEY=VALUE; the field separates them with spaces.
            let lines = input
                .value()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("\n");
            dispatch.dispatch(Action::SetBuildArgs(lines));
        })
    };
    let on_legacy = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetLegacy(input.checked()));
        })
    };
    let on_strict = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetStrict(input.checked()));
        })
    };
    let on_share = {
        let cb = props.on_share.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_export = {
        let cb = props.on_export.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_import = {
        let cb = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                cb.emit(file);
            }
            input.set_value("");
        })
    };
    let options = &props.options;
    let args: String = options
        .build_args
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ");
    // What is typed in the field, until it changes the sandbox: a page
    // drawn again meanwhile (a build ending) keeps it, and a sandbox
    // loaded with other arguments replaces it.
    let draft = use_state(|| args.clone());
    {
        let draft = draft.clone();
        use_effect_with(args.clone(), move |args| draft.set(args.clone()));
    }
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            draft.set(input.value());
        })
    };
    let stages = &props.stages;
    html! {
        <div class="toolbar">
            <label class="field">
                <span>{"Sample"}</span>
                <select class="sample-menu" aria-label="Load a sample app" onchange={on_sample}>
                    <option value="" selected=true>{"Load a sample…"}</option>
                    { for samples::choices().iter().map(|c| html! {
                        <option value={c.key()}>{c.label()}</option>
                    }) }
                </select>
            </label>
            <label class="field">
                <span>{"Target"}</span>
                <select class="target-menu" aria-label="Target stage" onchange={on_target}>
                    <option value="" selected={options.target.is_empty()}>{"last stage"}</option>
                    { for stages.iter().map(|s| html! {
                        <option value={s.clone()} selected={*s == options.target}>{s}</option>
                    }) }
                </select>
            </label>
            <label class="field">
                <span>{"Build args"}</span>
                <input class="build-args" aria-label="Build arguments (KEY=VALUE, space-separated)"
                    placeholder="KEY=VALUE" value={(*draft).clone()} oninput={on_draft} onchange={on_args} />
            </label>
            <label class="field check">
                <input type="checkbox" class="legacy" checked={options.legacy_builder} onchange={on_legacy} />
                <span>{"Legacy builder"}</span>
            </label>
            <label class="field check" title="What Stagecraft approximates (an image, a package, a program or a download its data lacks) fails the build instead of warning">
                <input type="checkbox" class="strict" checked={options.strict} onchange={on_strict} />
                <span>{"Strict"}</span>
            </label>
            <span class="spacer"></span>
            <button type="button" class="share" onclick={on_share} title="Put the whole sandbox in a link">{"Share"}</button>
            <button type="button" class="export" onclick={on_export} title="Save the sandbox as a file">{"Export"}</button>
            <label class="button import" title="Open a sandbox file">
                {"Import"}
                <input type="file" accept=".json,application/json" class="visually-hidden" aria-label="Import a sandbox file" onchange={on_import} />
            </label>
            if let Some(link) = &props.link {
                <input class="share-link" readonly=true aria-label="Share link" value={link.clone()} />
            }
        </div>
    }
}
