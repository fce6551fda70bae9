//! The image configuration and history, with Docker's field names.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The parts of an OCI/Docker image config that a Dockerfile sets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageConfig {
    #[serde(default)]
    pub env: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmd: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub exposed_ports: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub volumes: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_signal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<HealthConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shell: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_build: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthConfig {
    pub test: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub interval: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub timeout: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start_period: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start_interval: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl ImageConfig {
    /// The value of an environment variable.
    pub fn env_value(&self, key: &str) -> Option<&str> {
        self.env.iter().rev().find_map(|e| match e.split_once('=') {
            Some((k, v)) if k == key => Some(v),
            _ => None,
        })
    }

    /// Sets a variable, keeping its place if it was already set.
    pub fn set_env(&mut self, key: &str, value: &str) {
        let entry = format!("{key}={value}");
        match self
            .env
            .iter_mut()
            .find(|e| e.split_once('=').map_or(e.as_str(), |(k, _)| k) == key)
        {
            Some(existing) => *existing = entry,
            None => self.env.push(entry),
        }
    }

    /// The environment as pairs.
    pub fn env_pairs(&self) -> Vec<(String, String)> {
        self.env
            .iter()
            .map(|e| match e.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (e.clone(), String::new()),
            })
            .collect()
    }

    /// The shell RUN uses: SHELL, or `/bin/sh -c`.
    pub fn shell_or_default(&self) -> Vec<String> {
        self.shell
            .clone()
            .unwrap_or_else(|| vec!["/bin/sh".to_string(), "-c".to_string()])
    }

    /// The working directory, `/` when unset.
    pub fn working_dir_or_root(&self) -> &str {
        match self.working_dir.as_deref() {
            Some(d) if !d.is_empty() => d,
            _ => "/",
        }
    }
}

/// One entry of `docker history`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct History {
    pub created_by: String,
    pub empty_layer: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_keeps_its_order() {
        let mut c = ImageConfig::default();
        c.set_env("PATH", "/bin");
        c.set_env("A", "1");
        c.set_env("PATH", "/usr/bin:/bin");
        assert_eq!(c.env, ["PATH=/usr/bin:/bin", "A=1"]);
        assert_eq!(c.env_value("A"), Some("1"));
        assert_eq!(c.shell_or_default(), ["/bin/sh", "-c"]);
        assert_eq!(c.working_dir_or_root(), "/");
    }

    #[test]
    fn serializes_with_docker_field_names() {
        let c = ImageConfig {
            env: vec!["A=1".into()],
            cmd: Some(vec!["sh".into()]),
            working_dir: Some("/app".into()),
            ..ImageConfig::default()
        };
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"Env":["A=1"],"Cmd":["sh"],"WorkingDir":"/app"}"#
        );
    }
}
