//! `chown [-R] OWNER[:GROUP] FILE...` and `chgrp [-R] GROUP FILE...`

use crate::engine::users::{find_group, find_user};
use crate::engine::vfs::absolute;

use super::super::state::{Io, Shell};
use super::common::{busybox, complain, quoted};

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let program = args[0].as_str();
    let mut recursive = false;
    let mut no_dereference = false;
    let mut operands = Vec::new();
    for arg in &args[1..] {
        match arg.as_str() {
            "-R" | "--recursive" => recursive = true,
            "-h" | "--no-dereference" => no_dereference = true,
            "-v" | "-c" | "-f" | "--verbose" => {}
            a if a.starts_with('-')
                && a.len() > 1
                && a[1..].chars().all(|c| "Rhvcf".contains(c)) =>
            {
                recursive |= a.contains('R');
                no_dereference |= a.contains('h');
            }
            _ => operands.push(arg.clone()),
        }
    }
    if operands.len() < 2 {
        complain(io, program, "missing operand");
        return 1;
    }
    let spec = operands.remove(0);
    let (user, group) = if program == "chgrp" {
        (None, Some(spec.clone()))
    } else {
        match spec.split_once([':', '.']) {
            Some((u, g)) => ((!u.is_empty()).then(|| u.to_string()), Some(g.to_string())),
            None => (Some(spec.clone()), None),
        }
    };
    let uid_gid = match user.as_deref().map(|u| find_user(shell.fs, u)) {
        Some(None) => {
            let name = user.unwrap_or_default();
            let message = if busybox(shell) {
                format!("unknown user {name}")
            } else {
                format!("invalid user: {}", quoted(shell, &spec))
            };
            complain(io, program, &message);
            return 1;
        }
        Some(Some(u)) => Some((u.uid, u.gid)),
        None => None,
    };
    let gid = match group.as_deref() {
        Some("") => uid_gid.map(|(_, g)| g),
        Some(g) => match find_group(shell.fs, g) {
            Some(gid) => Some(gid),
            None => {
                let message = if busybox(shell) {
                    format!("unknown group {g}")
                } else {
                    format!("invalid group: {}", quoted(shell, &spec))
                };
                complain(io, program, &message);
                return 1;
            }
        },
        None => None,
    };
    let uid = uid_gid.map(|(u, _)| u);
    let mut status = 0;
    for file in operands {
        let path = shell.path(&file);
        let canonical = match shell.fs.lookup(&path, !no_dereference) {
            Ok((c, _)) => c,
            Err(e) => {
                complain(
                    io,
                    program,
                    &format!("cannot access {}: {}", quoted(shell, &file), e.reason()),
                );
                status = 1;
                continue;
            }
        };
        if shell.uid != 0 {
            complain(
                io,
                program,
                &format!(
                    "changing ownership of {}: Operation not permitted",
                    quoted(shell, &file)
                ),
            );
            status = 1;
            continue;
        }
        let mut targets = vec![canonical.clone()];
        if recursive {
            targets.extend(
                shell
                    .fs
                    .walk_under(&canonical)
                    .into_iter()
                    .map(|(p, _)| absolute(&canonical, &p)),
            );
        }
        let clock = shell.clock;
        for target in targets {
            if shell.fs.get(&target).is_none() {
                continue;
            }
            let _ = shell.fs.set_meta(&target, false, |m| {
                if let Some(uid) = uid {
                    m.uid = uid;
                }
                if let Some(gid) = gid {
                    m.gid = gid;
                }
                m.mtime = clock;
            });
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn changes_owners_by_name() {
        let (fs, status, out) = debian("mkdir -p /srv/app && touch /srv/app/x && chown -R www-data:staff /srv && chgrp mail /srv/app/x");
        assert_eq!((status, out.as_str()), (0, ""));
        assert_eq!(fs.get("/srv/app").unwrap().meta().uid, 33);
        assert_eq!(fs.get("/srv/app").unwrap().meta().gid, 50);
        assert_eq!(fs.get("/srv/app/x").unwrap().meta().gid, 8);
        assert_eq!(
            debian("chown ghost /etc").2,
            "chown: invalid user: 'ghost'\n"
        );
        assert_eq!(alpine("chown ghost /etc").2, "chown: unknown user ghost\n");
    }
}
