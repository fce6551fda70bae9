//! Users and groups of an image, from its `/etc/passwd` and `/etc/group`.

use super::vfs::Filesystem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub home: String,
    pub shell: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub gid: u32,
    pub members: Vec<String>,
}

fn read_lines(fs: &Filesystem, path: &str) -> Vec<Vec<String>> {
    fs.read(path)
        .ok()
        .and_then(|c| c.as_text().map(str::to_string))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split(':').map(String::from).collect())
        .collect()
}

/// Every user of `/etc/passwd`.
pub fn users(fs: &Filesystem) -> Vec<User> {
    read_lines(fs, "/etc/passwd")
        .into_iter()
        .filter_map(|f| {
            Some(User {
                name: f.first()?.clone(),
                uid: f.get(2)?.parse().ok()?,
                gid: f.get(3)?.parse().ok()?,
                home: f.get(5).cloned().unwrap_or_default(),
                shell: f.get(6).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// Every group of `/etc/group`.
pub fn groups(fs: &Filesystem) -> Vec<Group> {
    read_lines(fs, "/etc/group")
        .into_iter()
        .filter_map(|f| {
            Some(Group {
                name: f.first()?.clone(),
                gid: f.get(2)?.parse().ok()?,
                members: f
                    .get(3)
                    .map(|m| {
                        m.split(',')
                            .filter(|s| !s.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect()
}

impl User {
    /// uid 0, as a container runs with no USER (passwd or not).
    pub fn root() -> User {
        User {
            name: "root".into(),
            uid: 0,
            gid: 0,
            home: "/root".into(),
            shell: String::new(),
        }
    }
}

/// Whether `uid`/`gid` may write an entry of this owner and mode (root
/// may write everything).
pub fn may_write(meta: &super::vfs::Meta, (uid, gid): (u32, u32)) -> bool {
    if uid == 0 {
        return true;
    }
    let bits = if meta.uid == uid {
        meta.mode >> 6
    } else if meta.gid == gid {
        meta.mode >> 3
    } else {
        meta.mode
    };
    bits & 0o2 != 0
}

/// A user by name, or by number (a number need not be in the file).
pub fn find_user(fs: &Filesystem, name_or_id: &str) -> Option<User> {
    let all = users(fs);
    if let Some(u) = all.iter().find(|u| u.name == name_or_id) {
        return Some(u.clone());
    }
    let uid: u32 = name_or_id.parse().ok()?;
    Some(all.into_iter().find(|u| u.uid == uid).unwrap_or(User {
        name: name_or_id.to_string(),
        uid,
        gid: 0,
        home: "/".to_string(),
        shell: String::new(),
    }))
}

/// A group id by name or number.
pub fn find_group(fs: &Filesystem, name_or_id: &str) -> Option<u32> {
    if let Some(g) = groups(fs).into_iter().find(|g| g.name == name_or_id) {
        return Some(g.gid);
    }
    name_or_id.parse().ok()
}

/// The name of a uid, if the image has one.
pub fn user_name(fs: &Filesystem, uid: u32) -> Option<String> {
    users(fs).into_iter().find(|u| u.uid == uid).map(|u| u.name)
}

/// The name of a gid, if the image has one.
pub fn group_name(fs: &Filesystem, gid: u32) -> Option<String> {
    groups(fs)
        .into_iter()
        .find(|g| g.gid == gid)
        .map(|g| g.name)
}

/// Resolves `user[:group]` (names or numbers) as USER and `--chown` do.
/// Errors name what is missing: `Err((true, name))` for a user,
/// `Err((false, name))` for a group.
pub fn resolve_owner(fs: &Filesystem, spec: &str) -> Result<(u32, u32), (bool, String)> {
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let found = find_user(fs, user).ok_or_else(|| (true, user.to_string()))?;
    let gid = match group {
        Some(g) if !g.is_empty() => find_group(fs, g).ok_or_else(|| (false, g.to_string()))?,
        _ => found.gid,
    };
    Ok((found.uid, gid))
}

/// Resolves `user[:group]` as BuildKit does for `COPY --chown` and the
/// owner of WORKDIR's directory: a number is that id (a numeric user sets
/// the group to the same number), a name is looked up in the filesystem's
/// /etc/passwd and /etc/group. A name that is not there is not an error:
/// BuildKit leaves the id at 0 (a group keeps the user's group). The
/// names not found are returned (`(true, name)` a user, `(false, name)` a
/// group) so that the build can say so.
pub fn chown_ids(fs: &Filesystem, spec: &str) -> ((u32, u32), Vec<(bool, String)>) {
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let mut missing = Vec::new();
    let (uid, mut gid) = match user.parse::<u32>() {
        Ok(id) => (id, id),
        Err(_) => match users(fs).into_iter().find(|u| u.name == user) {
            Some(found) => (found.uid, found.gid),
            None => {
                missing.push((true, user.to_string()));
                (0, 0)
            }
        },
    };
    match group {
        None => {}
        Some("") => gid = 0,
        Some(g) => match g.parse::<u32>() {
            Ok(id) => gid = id,
            Err(_) => match groups(fs).into_iter().find(|x| x.name == g) {
                Some(found) => gid = found.gid,
                None => missing.push((false, g.to_string())),
            },
        },
    }
    ((uid, gid), missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::content::Content;
    use crate::engine::vfs::Meta;

    fn fs() -> Filesystem {
        let mut fs = Filesystem::new();
        fs.mkdir_all("/etc", Meta::dir()).unwrap();
        fs.write_file(
            "/etc/passwd",
            Content::text("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"),
            Meta::file(),
        )
        .unwrap();
        fs.write_file(
            "/etc/group",
            Content::text("root:x:0:\napp:x:1000:\nstaff:x:50:app\n"),
            Meta::file(),
        )
        .unwrap();
        fs
    }

    #[test]
    fn owners_by_name_or_number() {
        let fs = fs();
        assert_eq!(resolve_owner(&fs, "app"), Ok((1000, 1000)));
        assert_eq!(resolve_owner(&fs, "app:staff"), Ok((1000, 50)));
        assert_eq!(resolve_owner(&fs, "1234:5678"), Ok((1234, 5678)));
        assert_eq!(resolve_owner(&fs, "ghost"), Err((true, "ghost".into())));
        assert_eq!(
            resolve_owner(&fs, "app:ghosts"),
            Err((false, "ghosts".into()))
        );
        assert_eq!(groups(&fs)[2].members, ["app"]);
    }

    #[test]
    fn chown_follows_buildkit() {
        let fs = fs();
        assert_eq!(chown_ids(&fs, "app"), ((1000, 1000), vec![]));
        assert_eq!(chown_ids(&fs, "app:staff"), ((1000, 50), vec![]));
        // A numeric user is also the group.
        assert_eq!(chown_ids(&fs, "1234"), ((1234, 1234), vec![]));
        assert_eq!(chown_ids(&fs, "app:"), ((1000, 0), vec![]));
        assert_eq!(
            chown_ids(&fs, "ghost"),
            ((0, 0), vec![(true, "ghost".into())])
        );
        assert_eq!(
            chown_ids(&fs, "app:ghosts"),
            ((1000, 1000), vec![(false, "ghosts".into())])
        );
        assert_eq!(
            chown_ids(&Filesystem::new(), "app"),
            ((0, 0), vec![(true, "app".into())])
        );
    }
}
