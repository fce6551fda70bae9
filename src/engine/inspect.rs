//! A plain-text account of a build, precise enough to compare: how each
//! stage went, the warnings or the error, and for the image the config and
//! every layer this Dockerfile made with each entry it added, changed or
//! deleted (the way dive lists a layer). `stagecraft build --inspect`
//! prints it, and the build fixtures are written in it.

use std::fmt::Write;

use super::build::{Build, StageBase, StageStatus};
use super::image::{human_size, Image, LayerOrigin};
use super::layer::{Change, ChangeKind, EntryInfo};
use super::vfs::{Kind, Node};

/// Files up to this size show their text.
const SHOWN_TEXT: u64 = 120;

pub fn inspect(build: &Build) -> String {
    let mut out = String::new();
    for stage in &build.stages {
        let status = match stage.status {
            StageStatus::Built => "built",
            StageStatus::Skipped => "skipped",
            StageStatus::Failed => "failed",
            StageStatus::NotReached => "not reached",
        };
        let base = match &stage.base {
            None => String::new(),
            Some(StageBase::Scratch) => " from scratch".into(),
            Some(StageBase::Stage { index }) => {
                format!(" from stage {}", build.stages[*index].display_name)
            }
            Some(StageBase::Image {
                used, exact: true, ..
            }) => format!(" from {used}"),
            Some(StageBase::Image {
                requested, used, ..
            }) => format!(" from {used} (for {requested})"),
        };
        let target = if build.target == Some(stage.index) {
            " (target)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "stage {} (line {}): {status}{base}{target}",
            stage.display_name, stage.line
        );
    }
    for diagnostic in build.diagnostics.iter().filter(|d| !d.is_error()) {
        let _ = writeln!(
            out,
            "warning (line {}): {}",
            diagnostic.span.start.line, diagnostic.kind
        );
    }
    for warning in &build.warnings {
        let _ = writeln!(out, "warning (line {}): {}", warning.line(), warning);
    }
    if let Some(error) = &build.error {
        let _ = writeln!(out, "error (line {}): {error}", error.line());
        for line in error.output.lines() {
            let _ = writeln!(out, "  | {line}");
        }
    }
    if let Some(image) = build.image() {
        image_text(image, &mut out);
    }
    out
}

fn image_text(image: &Image, out: &mut String) {
    let _ = writeln!(
        out,
        "image: {} bytes in {} layers ({} bytes from base images)",
        image.size(),
        image.layers.len(),
        image.base_size()
    );
    let config = serde_json::to_string_pretty(&image.config).unwrap_or_default();
    let _ = writeln!(out, "config: {config}");
    let mut layers = image
        .layers
        .iter()
        .filter(|l| matches!(l.origin, LayerOrigin::Step { .. }));
    // The history this build added: base-image entries have no comment.
    for history in image.history.iter().filter(|h| h.comment.is_some()) {
        if history.empty_layer {
            let _ = writeln!(out, "history: {} (no layer)", history.created_by);
            continue;
        }
        let Some(layer) = layers.next() else { continue };
        let _ = writeln!(
            out,
            "history: {} ({})",
            history.created_by,
            human_size(layer.size)
        );
        for change in layer.changes.iter() {
            let _ = writeln!(out, "  {}", change_text(image, change));
        }
    }
}

fn change_text(image: &Image, change: &Change) -> String {
    let kind = match change.kind {
        ChangeKind::Added => "A",
        ChangeKind::Modified => "M",
        ChangeKind::Deleted => return format!("D {}", change.stored_path()),
        ChangeKind::Opaque => return format!("O {}", change.stored_path()),
    };
    let Some(entry) = &change.entry else {
        return format!("{kind} {}", change.path);
    };
    let mut text = format!(
        "{kind} {} {}:{} {:>6} {}",
        mode_text(entry),
        entry.uid,
        entry.gid,
        entry.size,
        change.path
    );
    match entry.kind {
        Kind::Symlink => {
            let _ = write!(text, " -> {}", entry.target.as_deref().unwrap_or(""));
        }
        Kind::File if entry.size <= SHOWN_TEXT => {
            let shown = image
                .filesystem
                .get(&change.path)
                .and_then(|n| match n {
                    // The text as this layer stored it (a later layer may
                    // have changed the file).
                    Node::File(f) if Some(f.content.digest()) == entry.digest => f.content.data(),
                    _ => None,
                })
                .and_then(|bytes| std::str::from_utf8(bytes).ok());
            if let Some(data) = shown {
                let _ = write!(text, " {data:?}");
            }
        }
        _ => {}
    }
    text
}

/// `ls -l`'s mode column: `drwxr-xr-x`, `-rwsr-xr-x`, `lrwxrwxrwx`.
pub fn mode_text(entry: &EntryInfo) -> String {
    let kind = match entry.kind {
        Kind::Dir => 'd',
        Kind::Symlink => 'l',
        Kind::File => '-',
    };
    let mode = entry.mode;
    let mut text = String::from(kind);
    for (shift, special, set_char) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
        let bits = (mode >> shift) & 7;
        text.push(if bits & 4 != 0 { 'r' } else { '-' });
        text.push(if bits & 2 != 0 { 'w' } else { '-' });
        let exec = bits & 1 != 0;
        text.push(match (mode & special != 0, exec) {
            (true, true) => set_char,
            (true, false) => set_char.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    text
}
