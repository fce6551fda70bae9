//! The layer explorer, dive's idea: the layers of an image on one side,
//! its file tree at the chosen layer on the other, every entry marked
//! added, modified, removed or unchanged, directory sizes rolled up. Only
//! the rows in view are drawn, so tens of thousands of files scroll
//! smoothly. A file's details say where it came from; diff mode compares
//! any two layers.

use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::lineage::origin;
use crate::engine::image::{human_size, Image, LayerOrigin};
use crate::engine::vfs::{Kind, Node};
use crate::ui::output::Output;
use crate::ui::tree::{state, Mark, Row, RowOptions, SortBy, Tree};
use crate::ui::workspace::{Action, Explorer as ExplorerState, Selection, Workspace};

/// Height of a tree row in pixels; matches `.tree-row` in style.css.
pub const ROW_HEIGHT: f64 = 22.0;
/// Rows drawn beyond the visible ones, above and below.
const OVERSCAN: usize = 15;
/// Rows visible at most (a tall window).
const VISIBLE: usize = 60;

#[derive(Properties, PartialEq)]
pub struct ExplorerProps {
    /// What the explorer shows: the selection, the open file, sorting.
    pub explorer: ExplorerState,
    pub dispatch: UseReducerDispatcher<Workspace>,
    pub output: Rc<Output>,
}

fn encode(s: Selection) -> String {
    match s.stage {
        None => format!("f:{}", s.layer.map_or(-1, |l| l as i64)),
        Some(stage) => format!("s{stage}:{}", s.layer.map_or(-1, |l| l as i64)),
    }
}

fn decode(text: &str) -> Option<Selection> {
    let (stage, layer) = text.split_once(':')?;
    let stage = match stage {
        "f" => None,
        s => Some(s.strip_prefix('s')?.parse().ok()?),
    };
    let layer: i64 = layer.parse().ok()?;
    Some(Selection {
        stage,
        layer: usize::try_from(layer).ok(),
    })
}

fn mode_string(kind: Kind, mode: u32) -> String {
    let mut s = String::from(match kind {
        Kind::Dir => "d",
        Kind::Symlink => "l",
        Kind::File => "-",
    });
    for shift in [6, 3, 0] {
        let bits = mode >> shift & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        s.push(if bits & 1 != 0 { 'x' } else { '-' });
    }
    s
}

fn layer_label(image: &Image, i: usize) -> String {
    match image.layers.get(i).map(|l| &l.origin) {
        Some(LayerOrigin::Base { image }) => image.clone(),
        Some(LayerOrigin::Step { line, .. }) => format!("line {line}"),
        None => String::new(),
    }
}

#[component]
pub fn Explorer(props: &ExplorerProps) -> Html {
    let ws = &props.dispatch;
    let output = &props.output;
    let explorer = &props.explorer;
    let selection = explorer.selection;
    let scroll = use_state(|| 0.0_f64);
    let image = output.image(selection.stage);
    let Some(image) = image else {
        return html! { <p class="empty">{"This stage made no image."}</p> };
    };
    let count = image.layers.len();
    let so_far: u64 = image
        .layers
        .iter()
        .take(selection.layer.map_or(count, |l| l + 1))
        .map(|l| l.size)
        .sum();
    let layer = selection
        .layer
        .unwrap_or(count.saturating_sub(1))
        .min(count.saturating_sub(1));
    let tree = use_tree(output, selection, explorer.compare_with);
    let options = RowOptions {
        sort: explorer.sort,
        filter: explorer.filter.clone(),
        only_changes: explorer.only_changes,
        collapsed: explorer.collapsed.clone(),
    };
    let rows = {
        let tree = tree.clone();
        use_memo(
            (output.revision, selection, explorer.compare_with, options),
            move |(_, _, _, options)| tree.rows(options),
        )
    };
    let first = ((*scroll / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
    let last = (first + VISIBLE + 2 * OVERSCAN).min(rows.len());
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            scroll.set(f64::from(el.scroll_top()));
        })
    };
    let select = |s: Selection| {
        let ws = ws.clone();
        Callback::from(move |_| ws.dispatch(Action::Select(s)))
    };
    let on_image = {
        let ws = ws.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let stage = select.value().parse::<usize>().ok();
            ws.dispatch(Action::Select(Selection { stage, layer: None }));
        })
    };
    let on_slider = {
        let ws = ws.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let layer = input.value().parse::<usize>().ok();
            ws.dispatch(Action::Select(Selection {
                stage: selection.stage,
                layer,
            }));
        })
    };
    let on_compare = {
        let ws = ws.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            ws.dispatch(Action::CompareWith(decode(&select.value())));
        })
    };
    let (images, compare_options) = compare_choices(output);
    let compare_value = explorer.compare_with.map(encode).unwrap_or_default();
    let details = file_details(explorer.file.as_deref(), &tree, image, output, selection);
    html! {
        <div class="explorer">
            <div class="explorer-controls">
                <label class="field"><span>{"Image"}</span>
                    <select aria-label="Image to explore" onchange={on_image}>
                        { for images.iter().map(|(stage, name)| html! {
                            <option value={stage.map(|s| s.to_string()).unwrap_or_default()} selected={*stage == selection.stage}>{name}</option>
                        }) }
                    </select>
                </label>
                <label class="field"><span>{"Diff with"}</span>
                    <select aria-label="Compare with" class="compare-with" onchange={on_compare}>
                        <option value="" selected={compare_value.is_empty()}>{"nothing (this layer's changes)"}</option>
                        { for compare_options.iter().map(|(value, label)| html! {
                            <option value={value.clone()} selected={*value == compare_value}>{label}</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="timeline">
                <button type="button" class="prev" aria-label="Previous layer" title="Previous layer ([)"
                    disabled={layer == 0}
                    onclick={select(Selection { stage: selection.stage, layer: Some(layer.saturating_sub(1)) })}>{"◀"}</button>
                <input type="range" class="layer-slider" aria-label="Layer" min="0" max={count.saturating_sub(1).to_string()}
                    value={layer.to_string()} oninput={on_slider} />
                <button type="button" class="next" aria-label="Next layer" title="Next layer (])"
                    disabled={layer + 1 >= count}
                    onclick={select(Selection { stage: selection.stage, layer: Some((layer + 1).min(count.saturating_sub(1))) })}>{"▶"}</button>
                <span class="timeline-label" data-layer={layer.to_string()}>
                    {format!("Layer {} of {}: {} — image so far {}", layer + 1, count, layer_label(image, layer),
                        human_size(so_far))}
                    <span class="image-progress" aria-hidden="true">
                        <span style={format!("width: {:.1}%", so_far as f64 * 100.0 / image.size().max(1) as f64)}></span>
                    </span>
                </span>
            </div>
            <div class="explorer-body">
                <ol class="layer-list" aria-label="Layers">
                    { for image.layers.iter().enumerate().map(|(i, l)| html! {
                        <li class={classes!("layer-item", (i == layer).then_some("selected"), (i > layer).then_some("later"))}>
                            <button type="button" aria-current={(i == layer).then_some("true")}
                                onclick={select(Selection { stage: selection.stage, layer: Some(i) })}>
                                <span class="layer-size">{human_size(l.size)}</span>
                                <span class="layer-origin">{layer_label(image, i)}</span>
                                <code class="layer-command">{crate::ui::components::build_panel::short(&l.created_by)}</code>
                            </button>
                        </li>
                    }) }
                </ol>
                <div class="tree-pane">
                    { tree_controls(ws, explorer, &tree, rows.len()) }
                    <div class="tree" role="tree" aria-label="Files" onscroll={onscroll}>
                        <div class="tree-spacer" style={format!("height: {}px", rows.len() as f64 * ROW_HEIGHT)}>
                            { for rows[first.min(rows.len())..last].iter().enumerate().map(|(i, row)| {
                                tree_row(ws, explorer.file.as_deref(), row, (first + i) as f64 * ROW_HEIGHT)
                            }) }
                        </div>
                    </div>
                    { details.unwrap_or_default() }
                </div>
            </div>
        </div>
    }
}

/// The tree of the selected layer (or of the difference between two),
/// built again only when the selection or the build changes.
#[hook]
fn use_tree(
    output: &Rc<Output>,
    selection: Selection,
    compare_with: Option<Selection>,
) -> Rc<Tree> {
    let output = output.clone();
    use_memo(
        (output.revision, selection, compare_with),
        move |(_, selection, compare)| {
            let to_image = output.image(selection.stage);
            let Some(to_image) = to_image else {
                return Tree::default();
            };
            let last = to_image.layers.len().saturating_sub(1);
            let layer = selection.layer.unwrap_or(last).min(last);
            match compare.and_then(|c| output.image(c.stage).map(|i| (c, i))) {
                Some((c, from_image)) => {
                    let from_last = from_image.layers.len().saturating_sub(1);
                    let from_layer = c.layer.unwrap_or(from_last).min(from_last);
                    Tree::between(
                        &state(from_image, from_layer + 1),
                        &state(to_image, layer + 1),
                    )
                }
                None => Tree::at_layer(to_image, layer),
            }
        },
    )
}

/// An image to explore: the final one (None) or a stage's, and its name.
type ImageChoice = (Option<usize>, String);

/// The images to explore (the final one, each stage's) and every layer
/// of them to compare with (the value, the label).
fn compare_choices(output: &Output) -> (Vec<ImageChoice>, Vec<(String, String)>) {
    let images: Vec<(Option<usize>, String)> = std::iter::once((None, "Final image".to_string()))
        .chain(
            output
                .build
                .stages
                .iter()
                .filter(|s| s.image.is_some())
                .map(|s| (Some(s.index), format!("Stage {}", s.display_name))),
        )
        .collect();
    let compare_options: Vec<(String, String)> = images
        .iter()
        .flat_map(|(stage, name)| {
            let n = output.layer_count(*stage).unwrap_or(0);
            (0..n).map(move |l| {
                (
                    encode(Selection {
                        stage: *stage,
                        layer: Some(l),
                    }),
                    format!("{name}, layer {}", l + 1),
                )
            })
        })
        .collect();
    (images, compare_options)
}

/// Sorting, filtering, collapsing the tree, and its total.
fn tree_controls(
    ws: &UseReducerDispatcher<Workspace>,
    explorer: &ExplorerState,
    tree: &Rc<Tree>,
    rows: usize,
) -> Html {
    let on_sort = {
        let ws = ws.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            ws.dispatch(Action::Sort(if select.value() == "size" {
                SortBy::Size
            } else {
                SortBy::Name
            }));
        })
    };
    let on_filter = {
        let ws = ws.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            ws.dispatch(Action::Filter(input.value()));
        })
    };
    let on_changes = {
        let ws = ws.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            ws.dispatch(Action::OnlyChanges(input.checked()));
        })
    };
    let collapse_all = {
        let ws = ws.clone();
        let tree = tree.clone();
        Callback::from(move |_| {
            let dirs = tree
                .entries
                .iter()
                .filter(|(_, e)| e.info.kind == Kind::Dir)
                .map(|(p, _)| p.clone())
                .collect();
            ws.dispatch(Action::SetCollapsed(dirs));
        })
    };
    let expand_all = {
        let ws = ws.clone();
        Callback::from(move |_| ws.dispatch(Action::SetCollapsed(Default::default())))
    };
    html! {
                    <div class="tree-controls">
                        <label class="field"><span>{"Sort"}</span>
                            <select aria-label="Sort files" class="sort" onchange={on_sort}>
                                <option value="name" selected={explorer.sort == SortBy::Name}>{"by name"}</option>
                                <option value="size" selected={explorer.sort == SortBy::Size}>{"by size"}</option>
                            </select>
                        </label>
                        <input class="filter" type="search" aria-label="Filter by path" placeholder="filter by path"
                            value={explorer.filter.clone()} oninput={on_filter} />
                        <button type="button" class="collapse-all" onclick={collapse_all}>{"Collapse all"}</button>
                        <button type="button" class="expand-all" onclick={expand_all}>{"Expand all"}</button>
                        <label class="field check"><input type="checkbox" class="only-changes" checked={explorer.only_changes} onchange={on_changes} /><span>{"only changes"}</span></label>
                        <span class="tree-total" data-rows={rows.to_string()}>{format!("{} entries, {}", rows, human_size(tree.total()))}</span>
                    </div>
    }
}

/// One row of the tree: a click opens a directory or closes it, and shows
/// the file's details.
fn tree_row(ws: &UseReducerDispatcher<Workspace>, open: Option<&str>, row: &Row, top: f64) -> Html {
    let path = row.path.clone();
    let onclick = {
        let ws = ws.clone();
        let path = path.clone();
        let is_dir = row.is_dir;
        Callback::from(move |_| {
            if is_dir {
                ws.dispatch(Action::Toggle(path.clone()));
            }
            ws.dispatch(Action::SelectFile(Some(path.clone())));
        })
    };
    let selected = open == Some(row.path.as_str());
    html! {
        <div class={classes!("tree-row", row.mark.class(), selected.then_some("selected"))}
            role="treeitem" aria-level={(row.depth + 1).to_string()}
            aria-expanded={row.is_dir.then(|| (!row.collapsed).to_string())}
            aria-selected={selected.to_string()}
            style={format!("top: {top}px; padding-left: {}rem", 0.4 + row.depth as f64)}
            data-path={row.path.clone()} data-size={row.total.to_string()}
            {onclick}>
            <span class="twisty">{if row.is_dir { if row.collapsed { "▸" } else { "▾" } } else { "" }}</span>
            <span class="name">{&row.name}{if row.is_dir { "/" } else { "" }}
                if let Some(target) = &row.target { <span class="link-target">{format!(" → {target}")}</span> }
            </span>
            <span class="size">{human_size(row.total)}</span>
            if row.mark != Mark::Unchanged { <span class="mark">{row.mark.class()}</span> }
        </div>
    }
}

/// The selected file's details: size, mode, owner, where it came from
/// (for the final image), and its text when it is small.
fn file_details(
    path: Option<&str>,
    tree: &Tree,
    image: &Image,
    output: &Output,
    selection: Selection,
) -> Option<Html> {
    let path = path?;
    let entry = tree.entries.get(path)?;
    let content = match image.filesystem.lookup(path, false) {
        Ok((_, Node::File(f))) if Some(f.content.digest()) == entry.info.digest => f
            .content
            .as_text()
            .map(|t| t.chars().take(4000).collect::<String>()),
        _ => None,
    };
    let lineage: Vec<String> = if selection.stage.is_none() {
        origin(&output.build, path)
            .into_iter()
            .map(|hop| match (&hop.base_image, hop.line) {
                (Some(base), _) => format!("from the base image {base} (stage {})", hop.stage),
                (None, line) => format!("stage {}, line {line}: {}", hop.stage, hop.instruction),
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(html! {
        <section class="file-details" aria-label="File details" data-path={path.to_string()}>
            <h4><code>{path}</code>{format!(" — {}", entry.mark.class())}</h4>
            <dl>
                <dt>{"Size"}</dt><dd>{human_size(entry.total)}</dd>
                <dt>{"Mode"}</dt><dd><code>{mode_string(entry.info.kind, entry.info.mode)}</code>{format!(" ({:o})", entry.info.mode & 0o7777)}</dd>
                <dt>{"Owner"}</dt><dd>{format!("{}:{}", entry.info.uid, entry.info.gid)}</dd>
                if let Some(target) = &entry.info.target { <dt>{"Points to"}</dt><dd><code>{target}</code></dd> }
            </dl>
            if !lineage.is_empty() {
                <div class="lineage">
                    <h5>{"Where it came from"}</h5>
                    <ol>{ for lineage.iter().map(|l| html! { <li>{l}</li> }) }</ol>
                </div>
            }
            if let Some(text) = content { <pre class="file-content">{text}</pre> }
        </section>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_encode_and_decode() {
        for s in [
            Selection {
                stage: None,
                layer: None,
            },
            Selection {
                stage: None,
                layer: Some(3),
            },
            Selection {
                stage: Some(2),
                layer: Some(0),
            },
        ] {
            assert_eq!(decode(&encode(s)), Some(s));
        }
        assert_eq!(decode("x:1"), None);
        assert_eq!(mode_string(Kind::File, 0o755), "-rwxr-xr-x");
        assert_eq!(mode_string(Kind::Dir, 0o700), "drwx------");
    }
}
