//! A stage while it is built: its image so far, its ARGs, and the
//! environment its instructions expand against, kept up to date as ENV
//! and ARG change it, so that a lookup is one step however many variables
//! a Dockerfile declares.

use std::collections::HashMap;

use crate::dockerfile::env_map::EnvMap;
use crate::dockerfile::expand::Env;

use super::error::BuildErrorKind;
use super::image::Image;

/// The state of a stage while it is built.
pub(super) struct StageState {
    pub index: usize,
    pub image: Image,
    /// ARGs declared in this stage, in order.
    args: Vec<StageArg>,
    /// Where each ARG is in `args`.
    arg_slots: HashMap<String, usize>,
    /// Where each variable of the image's ENV is in its config.
    env_slots: HashMap<String, usize>,
    /// The environment expansions and RUN see: the image's ENV with the
    /// stage's valued ARGs, the later of an ARG and an ENV of the same
    /// name winning.
    effective: EnvMap,
    /// CMD set in this stage (ENTRYPOINT keeps it then).
    pub cmd_set: bool,
}

/// An ARG of the stage.
struct StageArg {
    name: String,
    value: Option<String>,
}

impl StageState {
    pub fn new(index: usize, image: Image) -> StageState {
        let mut env_slots = HashMap::new();
        let mut effective = EnvMap::new();
        for (i, (k, v)) in image.config.env_pairs().into_iter().enumerate() {
            effective.set(&k, &v);
            env_slots.insert(k, i);
        }
        StageState {
            index,
            image,
            args: Vec::new(),
            arg_slots: HashMap::new(),
            env_slots,
            effective,
            cmd_set: false,
        }
    }

    /// The image's ENV value of `name`.
    fn env_value(&self, name: &str) -> Option<&str> {
        let i = *self.env_slots.get(name)?;
        let entry = self.image.config.env.get(i)?;
        Some(entry.split_once('=').map_or("", |(_, v)| v))
    }

    /// ENV `name=value`: set in the image, and winning over an ARG of the
    /// same name declared before.
    pub fn set_env(&mut self, name: &str, value: &str) -> Result<(), BuildErrorKind> {
        let entry = format!("{name}={value}");
        match self.env_slots.get(name) {
            Some(&i) => self.image.config.env[i] = entry,
            None => {
                self.env_slots
                    .insert(name.to_string(), self.image.config.env.len());
                self.image.config.env.push(entry);
            }
        }
        self.effective.set(name, value);
        self.check()
    }

    /// ARG `name[=value]`, declared (again): its value wins over the ENV
    /// of the same name set before it; declared without one, it leaves
    /// the ENV's.
    pub fn declare_arg(&mut self, name: &str, value: Option<String>) -> Result<(), BuildErrorKind> {
        match &value {
            Some(v) => self.effective.set(name, v),
            None => match self.env_value(name).map(str::to_string) {
                Some(env) => self.effective.set(name, &env),
                None => self.effective.remove(name),
            },
        }
        let arg = StageArg {
            name: name.to_string(),
            value,
        };
        match self.arg_slots.get(name) {
            Some(&i) => self.args[i] = arg,
            None => {
                self.arg_slots.insert(name.to_string(), self.args.len());
                self.args.push(arg);
            }
        }
        self.check()
    }

    /// The environment past Stagecraft's limit stops the build.
    fn check(&self) -> Result<(), BuildErrorKind> {
        let limit = crate::limits::ENV_BYTES;
        if self.effective.bytes() > limit {
            return Err(BuildErrorKind::Limit {
                what: format!(
                    "the environment of this stage (its ENV and ARG values) grew to {} bytes",
                    self.effective.bytes()
                ),
                limit: format!("{limit} bytes"),
            });
        }
        Ok(())
    }

    /// The environment in order, as RUN's process gets it: the image's
    /// ENV, then the valued ARGs it does not have.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = self
            .image
            .config
            .env_pairs()
            .into_iter()
            .map(|(k, v)| {
                let value = self.effective.get(&k).map_or(v, str::to_string);
                (k, value)
            })
            .collect();
        for arg in &self.args {
            if arg.value.is_some() && !self.env_slots.contains_key(&arg.name) {
                if let Some(value) = self.effective.get(&arg.name) {
                    env.push((arg.name.clone(), value.to_string()));
                }
            }
        }
        env
    }

    /// Bytes of the environment's names and values.
    pub fn env_bytes(&self) -> usize {
        self.effective.bytes()
    }

    /// The ARGs a RUN's history lists (`|N K=V ...`), with the value the
    /// environment gives them.
    pub fn run_args(&self) -> Vec<String> {
        self.args
            .iter()
            .map(|arg| {
                let value = self.effective.get(&arg.name).unwrap_or_default();
                format!("{}={value}", arg.name)
            })
            .collect()
    }
}

impl Env for StageState {
    fn get(&self, name: &str) -> Option<&str> {
        self.effective.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The environment as it was worked out before the index: the image's
    /// ENV pairs, each valued ARG replacing the pair of its name if it was
    /// declared after that name's last ENV, else appended.
    struct Reference {
        env: Vec<(String, String)>,
        args: Vec<(String, Option<String>, bool)>,
    }

    impl Reference {
        fn env(&self) -> Vec<(String, String)> {
            let mut env = self.env.clone();
            for (name, value, overrides) in &self.args {
                let Some(value) = value else { continue };
                match env.iter_mut().find(|(k, _)| k == name) {
                    Some(slot) if *overrides => slot.1 = value.clone(),
                    Some(_) => {}
                    None => env.push((name.clone(), value.clone())),
                }
            }
            env
        }

        fn run_args(&self) -> Vec<String> {
            let env = self.env();
            self.args
                .iter()
                .map(|(name, value, _)| {
                    let v = env
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .or_else(|| value.clone())
                        .unwrap_or_default();
                    format!("{name}={v}")
                })
                .collect()
        }
    }

    #[derive(Clone, Debug)]
    enum Op {
        Env(String, String),
        Arg(String, Option<String>),
    }

    fn op() -> impl Strategy<Value = Op> {
        let name = prop::sample::select(vec!["A", "B", "PATH", "HOME", "C"]);
        let value = prop::sample::select(vec!["", "1", "x y", "/bin"]);
        prop_oneof![
            (name.clone(), value.clone()).prop_map(|(n, v)| Op::Env(n.into(), v.into())),
            (name, prop::option::of(value))
                .prop_map(|(n, v)| Op::Arg(n.into(), v.map(String::from))),
        ]
    }

    proptest! {
        /// Any sequence of ENVs and ARGs over a base image's ENV: the
        /// index gives the environment, lookups and history the old way
        /// gave.
        #[test]
        fn the_index_agrees_with_the_old_way(ops in prop::collection::vec(op(), 0..24)) {
            let mut image = Image::empty();
            image.config.env = vec!["PATH=/usr/bin".into(), "HOME=/root".into()];
            let mut reference = Reference {
                env: vec![("PATH".into(), "/usr/bin".into()), ("HOME".into(), "/root".into())],
                args: Vec::new(),
            };
            let mut state = StageState::new(0, image);
            for op in ops {
                match op {
                    Op::Env(k, v) => {
                        state.set_env(&k, &v).unwrap();
                        match reference.env.iter_mut().find(|(n, _)| *n == k) {
                            Some(slot) => slot.1 = v.clone(),
                            None => reference.env.push((k.clone(), v.clone())),
                        }
                        for arg in reference.args.iter_mut().filter(|a| a.0 == k) {
                            arg.2 = false;
                        }
                    }
                    Op::Arg(k, v) => {
                        state.declare_arg(&k, v.clone()).unwrap();
                        let arg = (k.clone(), v, true);
                        match reference.args.iter_mut().find(|a| a.0 == k) {
                            Some(slot) => *slot = arg,
                            None => reference.args.push(arg),
                        }
                    }
                }
                let expected = reference.env();
                prop_assert_eq!(state.env(), expected.clone());
                for name in ["A", "B", "PATH", "HOME", "C", "D"] {
                    let want = expected.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
                    prop_assert_eq!(Env::get(&state, name), want);
                }
                prop_assert_eq!(state.run_args(), reference.run_args());
            }
        }
    }

    #[test]
    fn an_environment_past_the_limit_stops_the_stage() {
        let mut state = StageState::new(0, Image::empty());
        let big = "x".repeat(crate::limits::ENV_BYTES / 2);
        state.set_env("A", &big).unwrap();
        state.declare_arg("B", Some(big.clone())).unwrap_err();
        // Setting a name again replaces its bytes.
        let mut state = StageState::new(0, Image::empty());
        for _ in 0..10 {
            state.set_env("A", &big).unwrap();
        }
        assert_eq!(state.env_bytes(), big.len() + 1);
    }
}
