//! Adding users and groups: Debian's `useradd` and `groupadd` (shadow),
//! BusyBox's `adduser` and `addgroup`. They edit `/etc/passwd`,
//! `/etc/group` and `/etc/shadow`, and make home directories.

use crate::engine::content::Content;
use crate::engine::users::{find_group, groups, users};
use crate::engine::vfs::Meta;

use super::super::state::{Io, Shell};
use super::common::complain;

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    match args[0].as_str() {
        "useradd" => useradd(shell, &args[1..], io),
        "groupadd" => groupadd(shell, &args[1..], io),
        "adduser" => adduser(shell, &args[1..], io),
        _ => addgroup(shell, &args[1..], io),
    }
}

fn next_free(used: &[u32], from: u32, to: u32) -> u32 {
    (from..to).find(|n| !used.contains(n)).unwrap_or(to)
}

fn append_line(shell: &mut Shell, path: &str, line: &str) {
    let (old, meta) = match shell.fs.lookup(path, true) {
        Ok((_, crate::engine::vfs::Node::File(f))) => {
            (f.content.as_text().unwrap_or_default().to_string(), f.meta)
        }
        _ if path.ends_with("shadow") => return,
        _ => (String::new(), Meta::file()),
    };
    let mut text = old;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    let _ = shell
        .fs
        .write_file(path, Content::text(&text), meta.at(shell.clock));
}

/// Adds `user` to the member list of an existing group.
fn add_member(shell: &mut Shell, group: &str, user: &str) {
    let Ok(content) = shell.fs.read("/etc/group") else {
        return;
    };
    let Some(text) = content.as_text() else {
        return;
    };
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for line in &mut lines {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.first() == Some(&group) && fields.len() >= 3 {
            let members = fields.get(3).copied().unwrap_or_default();
            let mut list: Vec<&str> = members.split(',').filter(|m| !m.is_empty()).collect();
            if !list.contains(&user) {
                list.push(user);
            }
            *line = format!(
                "{}:{}:{}:{}",
                fields[0],
                fields[1],
                fields[2],
                list.join(",")
            );
        }
    }
    let meta = shell
        .fs
        .get("/etc/group")
        .map(|n| n.meta())
        .unwrap_or(Meta::file());
    let _ = shell.fs.write_file(
        "/etc/group",
        Content::text(&(lines.join("\n") + "\n")),
        meta.at(shell.clock),
    );
}

fn make_home(shell: &mut Shell, home: &str, uid: u32, gid: u32) {
    let meta = Meta::new(0o755, uid, gid).at(shell.clock);
    let _ = shell.fs.mkdir_all(home, meta);
    let skel: Vec<(String, crate::engine::vfs::Node)> = shell
        .fs
        .walk_under("/etc/skel")
        .into_iter()
        .map(|(p, n)| (p, n.clone()))
        .collect();
    for (path, mut node) in skel {
        let target = format!("{home}/{path}");
        let m = node.meta_mut();
        m.uid = uid;
        m.gid = gid;
        m.mtime = shell.clock;
        let _ = shell.fs.put(&target, node);
    }
}

fn useradd(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut uid: Option<u32> = None;
    let mut group: Option<String> = None;
    let mut extra_groups: Vec<String> = Vec::new();
    let mut home: Option<String> = None;
    let mut login_shell = "/bin/sh".to_string();
    let mut create_home = false;
    let mut system = false;
    let mut user_group = true;
    let mut name: Option<String> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-u" | "--uid" => uid = it.next().and_then(|v| v.parse().ok()),
            "-g" | "--gid" => group = it.next().cloned(),
            "-G" | "--groups" => {
                extra_groups = it
                    .next()
                    .map(|g| g.split(',').map(String::from).collect())
                    .unwrap_or_default()
            }
            "-d" | "--home-dir" => home = it.next().cloned(),
            "-s" | "--shell" => login_shell = it.next().cloned().unwrap_or_default(),
            "-c" | "--comment" | "-k" | "--skel" | "-e" | "-f" | "-K" | "-p" | "--password" => {
                it.next();
            }
            "-m" | "--create-home" => create_home = true,
            "-M" | "--no-create-home" => create_home = false,
            "-r" | "--system" => system = true,
            "-N" | "--no-user-group" => user_group = false,
            "-U" | "--user-group" => user_group = true,
            "-l" | "--no-log-init" | "-o" | "--non-unique" => {}
            a if a.starts_with('-') => {
                for c in a[1..].chars() {
                    match c {
                        'm' => create_home = true,
                        'r' => system = true,
                        'M' => create_home = false,
                        'N' => user_group = false,
                        _ => {}
                    }
                }
            }
            _ => name = Some(arg.clone()),
        }
    }
    let Some(name) = name else {
        complain(io, "useradd", "missing login name");
        return 2;
    };
    if users(shell.fs).iter().any(|u| u.name == name) {
        complain(io, "useradd", &format!("user '{name}' already exists"));
        return 9;
    }
    let used_uids: Vec<u32> = users(shell.fs).iter().map(|u| u.uid).collect();
    let uid = uid.unwrap_or_else(|| {
        if system {
            next_free_down(&used_uids, 999, 100)
        } else {
            next_free(&used_uids, 1000, 60000)
        }
    });
    let gid = match &group {
        Some(g) => match find_group(shell.fs, g) {
            Some(gid) => gid,
            None => {
                complain(io, "useradd", &format!("group '{g}' does not exist"));
                return 6;
            }
        },
        None if user_group => {
            if groups(shell.fs).iter().any(|g| g.name == name) {
                complain(
                    io,
                    "useradd",
                    &format!(
                        "group {name} exists - if you want to add this user to that group, use -g."
                    ),
                );
                return 9;
            }
            let used: Vec<u32> = groups(shell.fs).iter().map(|g| g.gid).collect();
            let gid = if used.contains(&uid) {
                next_free(&used, if system { 100 } else { 1000 }, 60000)
            } else {
                uid
            };
            append_line(shell, "/etc/group", &format!("{name}:x:{gid}:"));
            append_line(shell, "/etc/gshadow", &format!("{name}:!::"));
            gid
        }
        None => 100,
    };
    let home = home.unwrap_or_else(|| format!("/home/{name}"));
    append_line(
        shell,
        "/etc/passwd",
        &format!("{name}:x:{uid}:{gid}::{home}:{login_shell}"),
    );
    append_line(
        shell,
        "/etc/shadow",
        &format!("{name}:!:19800:0:99999:7:::"),
    );
    for g in extra_groups {
        add_member(shell, &g, &name);
    }
    if create_home {
        make_home(shell, &home, uid, gid);
    }
    0
}

fn next_free_down(used: &[u32], from: u32, to: u32) -> u32 {
    (to..=from).rev().find(|n| !used.contains(n)).unwrap_or(to)
}

fn groupadd(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut gid: Option<u32> = None;
    let mut system = false;
    let mut name: Option<String> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-g" | "--gid" => gid = it.next().and_then(|v| v.parse().ok()),
            "-r" | "--system" => system = true,
            "-f" | "--force" | "-o" => {}
            _ if arg.starts_with('-') => {}
            _ => name = Some(arg.clone()),
        }
    }
    let Some(name) = name else {
        complain(io, "groupadd", "missing group name");
        return 2;
    };
    let existing = groups(shell.fs);
    if existing.iter().any(|g| g.name == name) {
        complain(io, "groupadd", &format!("group '{name}' already exists"));
        return 9;
    }
    let used: Vec<u32> = existing.iter().map(|g| g.gid).collect();
    if let Some(g) = gid {
        if used.contains(&g) {
            complain(io, "groupadd", &format!("GID '{g}' already exists"));
            return 4;
        }
    }
    let gid = gid.unwrap_or_else(|| {
        if system {
            next_free_down(&used, 999, 100)
        } else {
            next_free(&used, 1000, 60000)
        }
    });
    append_line(shell, "/etc/group", &format!("{name}:x:{gid}:"));
    append_line(shell, "/etc/gshadow", &format!("{name}:!::"));
    0
}

fn adduser(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut uid: Option<u32> = None;
    let mut group: Option<String> = None;
    let mut home: Option<String> = None;
    let mut login_shell = "/bin/sh".to_string();
    let mut no_home = false;
    let mut system = false;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-u" => uid = it.next().and_then(|v| v.parse().ok()),
            "-G" | "--ingroup" => group = it.next().cloned(),
            "-h" | "--home" => home = it.next().cloned(),
            "-s" | "--shell" => login_shell = it.next().cloned().unwrap_or_default(),
            "-g" | "--gecos" | "-k" => {
                it.next();
            }
            a if a.starts_with('-') => {
                for c in a[1..].chars() {
                    match c {
                        'H' => no_home = true,
                        'S' => system = true,
                        _ => {}
                    }
                }
            }
            _ => names.push(arg.clone()),
        }
    }
    // `adduser USER GROUP` adds an existing user to a group.
    if let [user, group] = names.as_slice() {
        add_member(shell, group, user);
        return 0;
    }
    let Some(name) = names.first().cloned() else {
        complain(io, "adduser", "need user name");
        return 1;
    };
    if users(shell.fs).iter().any(|u| u.name == name) {
        complain(io, "adduser", &format!("user '{name}' in use"));
        return 1;
    }
    let used_uids: Vec<u32> = users(shell.fs).iter().map(|u| u.uid).collect();
    let uid = uid.unwrap_or_else(|| {
        if system {
            next_free(&used_uids, 100, 999)
        } else {
            next_free(&used_uids, 1000, 60000)
        }
    });
    let gid = match &group {
        Some(g) => match find_group(shell.fs, g) {
            Some(gid) => gid,
            None => {
                complain(io, "adduser", &format!("unknown group {g}"));
                return 1;
            }
        },
        None if system => find_group(shell.fs, "nogroup").unwrap_or(65533),
        None => {
            let used: Vec<u32> = groups(shell.fs).iter().map(|g| g.gid).collect();
            let gid = if used.contains(&uid) {
                next_free(&used, 1000, 60000)
            } else {
                uid
            };
            append_line(shell, "/etc/group", &format!("{name}:x:{gid}:"));
            gid
        }
    };
    let home = home.unwrap_or_else(|| format!("/home/{name}"));
    append_line(
        shell,
        "/etc/passwd",
        &format!("{name}:x:{uid}:{gid}:Linux User,,,:{home}:{login_shell}"),
    );
    append_line(
        shell,
        "/etc/shadow",
        &format!("{name}:!:19800:0:99999:7:::"),
    );
    if !no_home {
        make_home(shell, &home, uid, gid);
    }
    0
}

fn addgroup(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let mut gid: Option<u32> = None;
    let mut system = false;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-g" => gid = it.next().and_then(|v| v.parse().ok()),
            "-S" | "--system" => system = true,
            _ if arg.starts_with('-') => {}
            _ => names.push(arg.clone()),
        }
    }
    if let [user, group] = names.as_slice() {
        add_member(shell, group, user);
        return 0;
    }
    let Some(name) = names.first().cloned() else {
        complain(io, "addgroup", "need group name");
        return 1;
    };
    let existing = groups(shell.fs);
    if existing.iter().any(|g| g.name == name) {
        complain(io, "addgroup", &format!("group '{name}' in use"));
        return 1;
    }
    let used: Vec<u32> = existing.iter().map(|g| g.gid).collect();
    let gid = gid.unwrap_or_else(|| {
        if system {
            next_free(&used, 100, 999)
        } else {
            next_free(&used, 1000, 60000)
        }
    });
    append_line(shell, "/etc/group", &format!("{name}:x:{gid}:"));
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::engine::users::{find_user, groups};

    #[test]
    fn debian_useradd_and_groupadd() {
        let (fs, status, out) =
            debian("groupadd -r app && useradd -r -g app -m -d /srv/app app && useradd -m dev");
        assert_eq!((status, out.as_str()), (0, ""));
        let app = find_user(&fs, "app").unwrap();
        assert_eq!((app.uid, app.home.as_str()), (999, "/srv/app"));
        assert_eq!(
            app.gid,
            groups(&fs).iter().find(|g| g.name == "app").unwrap().gid
        );
        let dev = find_user(&fs, "dev").unwrap();
        assert_eq!((dev.uid, dev.gid), (1000, 1000));
        assert_eq!(fs.get("/home/dev").unwrap().meta().uid, 1000);
        assert!(fs.exists("/home/dev/.bashrc"));
        assert_eq!(
            debian("useradd root").2,
            "useradd: user 'root' already exists\n"
        );
        assert_eq!(
            debian("useradd -g nope x").2,
            "useradd: group 'nope' does not exist\n"
        );
    }

    #[test]
    fn busybox_adduser_and_addgroup() {
        let (fs, status, out) =
            alpine("addgroup -S app && adduser -S -D -H -G app app && adduser -D web");
        assert_eq!((status, out.as_str()), (0, ""));
        let app = find_user(&fs, "app").unwrap();
        assert!(app.uid >= 100 && app.uid < 1000);
        assert!(!fs.exists("/home/app"));
        assert_eq!(find_user(&fs, "web").unwrap().uid, 1000);
        assert!(fs.is_dir("/home/web"));
        assert_eq!(alpine("adduser -D root").2, "adduser: user 'root' in use\n");
    }
}
