//! `RUN --mount=...`: a CSV list of `key=value` fields, read and checked as
//! BuildKit's `parseMount` does.

use std::fmt;

use serde::Serialize;

use super::dump::go_quote;
use super::suggest::suggest;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

impl MountType {
    fn parse(s: &str) -> Option<MountType> {
        Some(match s {
            "bind" => MountType::Bind,
            "cache" => MountType::Cache,
            "tmpfs" => MountType::Tmpfs,
            "secret" => MountType::Secret,
            "ssh" => MountType::Ssh,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MountType::Bind => "bind",
            MountType::Cache => "cache",
            MountType::Tmpfs => "tmpfs",
            MountType::Secret => "secret",
            MountType::Ssh => "ssh",
        }
    }
}

const MOUNT_TYPES: &[&str] = &["bind", "cache", "tmpfs", "secret", "ssh"];
const MOUNT_KEYS: &[&str] = &[
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
    "size",
];

/// One `--mount` of a RUN instruction. Values holding `$` are kept as
/// written: the build expands and checks them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mount {
    #[serde(rename = "type")]
    pub kind: MountType,
    pub from: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub read_only: bool,
    pub id: Option<String>,
    pub sharing: Option<String>,
    pub required: bool,
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub env: Option<String>,
    pub size: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum MountError {
    Csv {
        message: String,
    },
    NotKeyValue {
        field: String,
    },
    UnexpectedKeyForType {
        key: String,
        kind: String,
    },
    FromVariable,
    UnsupportedType {
        value: String,
        suggestion: Option<String>,
    },
    InvalidValue {
        key: String,
        value: String,
    },
    UnsupportedSharing {
        value: String,
    },
    InvalidNumber {
        key: String,
        value: String,
    },
    UnexpectedKey {
        key: String,
        field: String,
        suggestion: Option<String>,
    },
    NotAllowedForType {
        key: String,
        kind: String,
    },
    SharingNotCache {
        kind: String,
    },
    SecretFrom,
    SecretSharing,
    SecretBothSourceAndId,
}

impl fmt::Display for MountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MountError::*;
        match self {
            Csv { message } => write!(f, "failed to parse csv mounts: {message}"),
            NotKeyValue { field } => write!(f, "invalid field '{field}' must be a key=value pair"),
            UnexpectedKeyForType { key, kind } => {
                write!(f, "unexpected key '{key}' for mount type '{kind}'")
            }
            FromVariable => {
                f.write_str("'from' doesn't support variable expansion, define alias stage instead")
            }
            UnsupportedType { value, suggestion } => {
                write!(f, "unsupported mount type {}", go_quote(value))?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean {s}?)")?;
                }
                Ok(())
            }
            InvalidValue { key, value } => write!(f, "invalid value for {key}: {value}"),
            UnsupportedSharing { value } => {
                write!(f, "unsupported sharing value {}", go_quote(value))
            }
            InvalidNumber { key, value } => write!(f, "invalid value {value} for {key}"),
            UnexpectedKey {
                key,
                field,
                suggestion,
            } => {
                write!(f, "unexpected key '{key}' in '{field}'")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean {s}?)")?;
                }
                Ok(())
            }
            NotAllowedForType { key, kind } => {
                write!(f, "{key} not allowed for {} type mounts", go_quote(kind))
            }
            SharingNotCache { kind } => write!(f, "invalid cache sharing set for {kind} mount"),
            SecretFrom => f.write_str("secret mount should not have a from"),
            SecretSharing => f.write_str("secret mount should not define sharing"),
            SecretBothSourceAndId => f.write_str("both source and id can't be set"),
        }
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Reads one `--mount` value.
pub fn parse_mount(value: &str) -> Result<Mount, MountError> {
    let fields = csv_fields(value).map_err(|message| MountError::Csv { message })?;
    let mut m = Mount {
        kind: MountType::Bind,
        from: None,
        source: None,
        target: None,
        read_only: false,
        id: None,
        sharing: None,
        required: false,
        mode: None,
        uid: None,
        gid: None,
        env: None,
        size: None,
    };
    let mut read_only_auto = true;
    // mode, uid and gid as given, values with variables included.
    let mut file_info_set: Vec<String> = Vec::new();
    for field in &fields {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.to_lowercase(), Some(v)),
            None => (field.to_lowercase(), None),
        };
        let Some(value) = value else {
            flag(&mut m, key, field, &mut read_only_auto)?;
            continue;
        };
        if key == "from" && has_variable(value) {
            return Err(MountError::FromVariable);
        }
        let deferred = value.contains('$');
        let invalid = || MountError::InvalidValue {
            key: key.clone(),
            value: value.to_string(),
        };
        match key.as_str() {
            "type" => {
                let lower = value.to_lowercase();
                match MountType::parse(&lower) {
                    Some(kind) => m.kind = kind,
                    None => {
                        return Err(MountError::UnsupportedType {
                            value: value.to_string(),
                            suggestion: suggest(value, MOUNT_TYPES, true),
                        })
                    }
                }
            }
            "from" => m.from = Some(value.to_string()),
            "source" | "src" => m.source = Some(value.to_string()),
            "target" | "dst" | "destination" => m.target = Some(value.to_string()),
            "readonly" | "ro" => {
                m.read_only = deferred || parse_go_bool(value).ok_or_else(invalid)?;
                read_only_auto = false;
            }
            "readwrite" | "rw" => {
                m.read_only = !(deferred || parse_go_bool(value).ok_or_else(invalid)?);
                read_only_auto = false;
            }
            "required" => {
                if !matches!(m.kind, MountType::Secret | MountType::Ssh) {
                    return Err(MountError::UnexpectedKeyForType {
                        key,
                        kind: m.kind.as_str().to_string(),
                    });
                }
                m.required = deferred || parse_go_bool(value).ok_or_else(invalid)?;
            }
            "id" => m.id = Some(value.to_string()),
            "sharing" => {
                let lower = value.to_lowercase();
                if !deferred && !matches!(lower.as_str(), "shared" | "private" | "locked") {
                    return Err(MountError::UnsupportedSharing {
                        value: value.to_string(),
                    });
                }
                m.sharing = Some(lower);
            }
            "mode" | "uid" | "gid" => {
                let radix = if key == "mode" { 8 } else { 10 };
                let number = if deferred {
                    None
                } else {
                    Some(u32::from_str_radix(value, radix).map_err(|_| {
                        MountError::InvalidNumber {
                            key: key.clone(),
                            value: value.to_string(),
                        }
                    })?)
                };
                let slot = match key.as_str() {
                    "mode" => &mut m.mode,
                    "uid" => &mut m.uid,
                    _ => &mut m.gid,
                };
                *slot = number;
                if !file_info_set.contains(&key) {
                    file_info_set.push(key.clone());
                }
            }
            "env" => m.env = Some(value.to_string()),
            "size" => m.size = Some(value.to_string()),
            _ => {
                return Err(MountError::UnexpectedKey {
                    suggestion: suggest(&key, MOUNT_KEYS, true),
                    key,
                    field: field.clone(),
                })
            }
        }
    }
    check(m, &file_info_set, read_only_auto)
}

/// A field without `=`: `ro`, `rw`, `required` alone.
fn flag(
    m: &mut Mount,
    key: String,
    field: &str,
    read_only_auto: &mut bool,
) -> Result<(), MountError> {
    match key.as_str() {
        "readonly" | "ro" => {
            m.read_only = true;
            *read_only_auto = false;
            Ok(())
        }
        "readwrite" | "rw" => {
            m.read_only = false;
            *read_only_auto = false;
            Ok(())
        }
        "required" => {
            if matches!(m.kind, MountType::Secret | MountType::Ssh) {
                m.required = true;
                return Ok(());
            }
            Err(MountError::UnexpectedKeyForType {
                key,
                kind: m.kind.as_str().to_string(),
            })
        }
        _ => Err(MountError::NotKeyValue {
            field: field.to_string(),
        }),
    }
}

/// What BuildKit checks once every field is read: file info only where
/// the type takes it, the read-only default, sharing and secrets' rules.
fn check(
    mut m: Mount,
    file_info_set: &[String],
    read_only_auto: bool,
) -> Result<Mount, MountError> {
    let file_info_allowed = matches!(
        m.kind,
        MountType::Secret | MountType::Ssh | MountType::Cache
    );
    let kind = m.kind.as_str().to_string();
    for key in ["mode", "uid", "gid"] {
        if !file_info_allowed && file_info_set.iter().any(|k| k == key) {
            return Err(MountError::NotAllowedForType {
                key: key.to_string(),
                kind,
            });
        }
    }
    if read_only_auto {
        m.read_only = !matches!(m.kind, MountType::Cache | MountType::Tmpfs);
    }
    if m.sharing.is_some() && m.kind != MountType::Cache {
        return Err(MountError::SharingNotCache { kind });
    }
    if m.kind == MountType::Secret {
        if m.from.is_some() {
            return Err(MountError::SecretFrom);
        }
        if m.sharing.is_some() {
            return Err(MountError::SecretSharing);
        }
        if m.source.is_some() && m.id.is_some() {
            return Err(MountError::SecretBothSourceAndId);
        }
    }
    Ok(m)
}

/// BuildKit's check for `from`: a `$` followed by anything.
fn has_variable(value: &str) -> bool {
    value
        .char_indices()
        .any(|(i, c)| c == '$' && value[i + 1..].chars().next().is_some_and(|n| n != '\n'))
}

/// One record of Go's `encoding/csv` with its default settings.
fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    if line.is_empty() {
        return Err("EOF".to_string());
    }
    let bytes = line.as_bytes();
    let mut fields = Vec::new();
    let mut pos = 0;
    loop {
        if bytes.get(pos) == Some(&b'"') {
            let mut field = String::new();
            pos += 1;
            loop {
                match line[pos..].find('"') {
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {}: extraneous or missing \" in quoted field",
                            line.chars().count() + 1
                        ))
                    }
                    Some(i) => {
                        field.push_str(&line[pos..pos + i]);
                        pos += i + 1;
                        match bytes.get(pos) {
                            Some(b'"') => {
                                field.push('"');
                                pos += 1;
                            }
                            Some(b',') => {
                                pos += 1;
                                fields.push(field);
                                break;
                            }
                            None => {
                                fields.push(field);
                                return Ok(fields);
                            }
                            Some(_) => {
                                return Err(format!(
                                    "parse error on line 1, column {}: extraneous or missing \" in quoted field",
                                    line[..pos].chars().count()
                                ))
                            }
                        }
                    }
                }
            }
        } else {
            let end = line[pos..].find(',').map_or(line.len(), |i| pos + i);
            let field = &line[pos..end];
            if let Some(q) = field.find('"') {
                return Err(format!(
                    "parse error on line 1, column {}: bare \" in non-quoted-field",
                    line[..pos + q].chars().count() + 1
                ));
            }
            fields.push(field.to_string());
            if end == line.len() {
                return Ok(fields);
            }
            pos = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(value: &str) -> String {
        parse_mount(value).unwrap_err().to_string()
    }

    #[test]
    fn reads_cache_and_bind_mounts() {
        let m = parse_mount("type=cache,target=/root/.cache/go-build,sharing=locked").unwrap();
        assert_eq!(m.kind, MountType::Cache);
        assert_eq!(m.target.as_deref(), Some("/root/.cache/go-build"));
        assert!(!m.read_only, "cache mounts are writable by default");
        let m = parse_mount("target=/src,from=build").unwrap();
        assert_eq!(m.kind, MountType::Bind);
        assert!(m.read_only, "bind mounts are read-only by default");
        let m = parse_mount("type=bind,rw,\"source=a,b\"").unwrap();
        assert_eq!(m.source.as_deref(), Some("a,b"));
        assert!(!m.read_only);
    }

    #[test]
    fn rejects_what_buildkit_rejects() {
        assert_eq!(
            error("type=cahce,target=/x"),
            "unsupported mount type \"cahce\" (did you mean cache?)"
        );
        assert_eq!(
            error("type=cache,tagret=/x"),
            "unexpected key 'tagret' in 'tagret=/x' (did you mean target?)"
        );
        assert_eq!(
            error("target"),
            "invalid field 'target' must be a key=value pair"
        );
        assert_eq!(
            error("type=bind,mode=0700"),
            "mode not allowed for \"bind\" type mounts"
        );
        assert_eq!(error("type=cache,uid=x"), "invalid value x for uid");
        assert_eq!(
            error("type=bind,sharing=locked"),
            "invalid cache sharing set for bind mount"
        );
        assert_eq!(
            error("type=cache,sharing=everyone"),
            "unsupported sharing value \"everyone\""
        );
        assert_eq!(
            error("type=secret,id=a,src=b"),
            "both source and id can't be set"
        );
        assert_eq!(
            error("from=$STAGE"),
            "'from' doesn't support variable expansion, define alias stage instead"
        );
        assert_eq!(
            error("required"),
            "unexpected key 'required' for mount type 'bind'"
        );
        assert_eq!(error("ro=maybe"), "invalid value for ro: maybe");
        assert_eq!(
            error("type=b\"ind"),
            "failed to parse csv mounts: parse error on line 1, column 7: bare \" in non-quoted-field"
        );
        assert_eq!(error(""), "failed to parse csv mounts: EOF");
    }

    #[test]
    fn values_with_variables_wait_for_the_build() {
        let m = parse_mount("type=cache,target=$HOME/.cache,uid=${UID}").unwrap();
        assert_eq!(m.target.as_deref(), Some("$HOME/.cache"));
    }
}
