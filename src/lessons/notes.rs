//! Notes on a passing solution: what works but is discouraged, as
//! Exercism's analyzers comment on a solution that passes its tests.
//! Each note says what the image does and what to do instead.

use crate::analysis::Report;
use crate::engine::build::Build;
use crate::engine::image::{Image, LayerOrigin};
use crate::engine::layer::ChangeKind;
use crate::engine::users::find_user;
use crate::engine::vfs::{Kind, Node};

/// How many world-writable paths a note names.
const NAMED: usize = 3;

/// The notes a passing build earns.
pub fn discouraged(build: &Build, report: Option<&Report>) -> Vec<String> {
    let Some(image) = build.image() else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    if let Some(note) = world_writable(image) {
        notes.push(note);
    }
    if let Some(report) = report {
        if let Some(note) = writable_code(image, &report.run.entry) {
            notes.push(note);
        }
    }
    if let Some(note) = named_user(image) {
        notes.push(note);
    }
    notes
}

/// A note on the paths every user may write.
fn world_writable(image: &Image) -> Option<String> {
    let found = world_writable_paths(image);
    world_writable_sentence(&found)
}

/// Paths this Dockerfile's layers left writable by every user (`chmod
/// 777`, `COPY --chmod=666`), sticky directories such as /tmp aside.
pub(crate) fn world_writable_paths(image: &Image) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for layer in &image.layers {
        if !matches!(layer.origin, LayerOrigin::Step { .. }) {
            continue;
        }
        for change in layer.changes.iter() {
            if !matches!(change.kind, ChangeKind::Added | ChangeKind::Modified) {
                continue;
            }
            let Ok((_, node)) = image.filesystem.lookup(&change.path, false) else {
                continue;
            };
            let meta = node.meta();
            // /tmp and /var/tmp are every user's by design (sticky, 1777).
            let sticky_dir = node.kind() == Kind::Dir
                && meta.mode & 0o1000 != 0
                && matches!(change.path.as_str(), "/tmp" | "/var/tmp");
            if node.kind() != Kind::Symlink
                && meta.mode & 0o002 != 0
                && !sticky_dir
                && !found.contains(&change.path)
            {
                found.push(change.path.clone());
            }
        }
    }
    found
}

/// "PATH is writable by every user (...)": what that allows, and the fix.
pub(crate) fn world_writable_sentence(found: &[String]) -> Option<String> {
    let first = found.first()?;
    let more = found.len().saturating_sub(1);
    let shown: Vec<&str> = found.iter().take(NAMED).map(String::as_str).collect();
    Some(format!(
        "{} {} writable by every user ({}{}): any process in the container may change {}. Give the path to the one user that writes it (`chown`, `COPY --chown=UID`) with mode 755 or 644, not 777.",
        if more == 0 { first.as_str() } else { "These paths" },
        if more == 0 { "is" } else { "are" },
        shown.join(", "),
        if found.len() > NAMED {
            format!(" and {} more", found.len() - NAMED)
        } else {
            String::new()
        },
        if more == 0 { "it" } else { "them" }
    ))
}

/// The ids the container's process runs as: USER's user, and its group
/// (the one USER names, or the user's own).
pub(crate) fn run_ids(image: &Image) -> Option<(u32, u32)> {
    let user = image.config.user.as_deref().unwrap_or("root");
    let (name, group) = user.split_once(':').unwrap_or((user, ""));
    let found = find_user(
        &image.filesystem,
        if name.is_empty() { "root" } else { name },
    )
    .or_else(|| (name == "root" || name.is_empty()).then(crate::engine::users::User::root))?;
    let gid = if group.is_empty() {
        found.gid
    } else {
        crate::engine::users::find_group(&image.filesystem, group).unwrap_or(found.gid)
    };
    Some((found.uid, gid))
}

/// The app's own code, writable by the user it runs as: whoever takes
/// over the process can rewrite the program.
fn writable_code(image: &Image, entry: &[String]) -> Option<String> {
    let ids = run_ids(image)?;
    if ids.0 == 0 {
        return None;
    }
    entry.iter().find_map(|path| {
        let Ok((_, Node::File(file))) = image.filesystem.lookup(path, true) else {
            return None;
        };
        let meta = &file.meta;
        // Its owner may chmod it back, whatever the mode says.
        (crate::engine::users::may_write(meta, ids) || meta.uid == ids.0).then(|| {
            format!(
                "The app runs as uid {}, and may write its own code, {path} (owner {}:{}, mode {:o}; an owner may always chmod it back): whoever takes over the process can change the program. Leave the code owned by root (COPY without --chown) and give the app only the directories it writes.",
                ids.0,
                meta.uid,
                meta.gid,
                meta.mode & 0o7777
            )
        })
    })
}

/// `USER name`: the runtime cannot tell it is not root without reading
/// /etc/passwd, so Kubernetes' `runAsNonRoot` refuses to start it.
fn named_user(image: &Image) -> Option<String> {
    let user = image.config.user.as_deref()?;
    let name = user.split(':').next().unwrap_or(user);
    if name.is_empty() || name.parse::<u32>().is_ok() || name == "root" {
        return None;
    }
    let uid = find_user(&image.filesystem, name).map(|u| u.uid)?;
    Some(format!(
        "USER {user} names the user. Kubernetes' runAsNonRoot cannot tell a name from root without the image's /etc/passwd, and refuses to start it: write the id, USER {uid}{}.",
        user.split_once(':')
            .map(|(_, g)| format!(":{g}"))
            .unwrap_or_default()
    ))
}
