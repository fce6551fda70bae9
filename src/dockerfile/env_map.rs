//! Variables in the order they were set (a name set again keeps its
//! place; one unset and set again goes last), looked up by name in one
//! step: a Dockerfile's thousands of ARGs and ENVs cost a lookup each, not
//! a walk of all of them.

use std::collections::HashMap;

use super::expand::Env;

/// Name-value pairs; setting a name again keeps its place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvMap {
    /// In order; an unset name leaves a hole.
    pairs: Vec<Option<(String, String)>>,
    slots: HashMap<String, usize>,
    /// Bytes of every name and value.
    bytes: usize,
}

impl EnvMap {
    pub fn new() -> EnvMap {
        EnvMap::default()
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        let i = *self.slots.get(name)?;
        self.pairs[i].as_ref().map(|(_, v)| v.as_str())
    }

    /// Sets `name` to `value`, in place if it was set before.
    pub fn set(&mut self, name: &str, value: &str) {
        match self.slots.get(name).and_then(|&i| self.pairs[i].as_mut()) {
            Some((_, old)) => {
                self.bytes = self.bytes - old.len() + value.len();
                *old = value.to_string();
            }
            None => {
                self.slots.insert(name.to_string(), self.pairs.len());
                self.pairs.push(Some((name.to_string(), value.to_string())));
                self.bytes += name.len() + value.len();
            }
        }
    }

    /// Unsets `name`; the others keep their order.
    pub fn remove(&mut self, name: &str) {
        let Some(i) = self.slots.remove(name) else {
            return;
        };
        if let Some((k, v)) = self.pairs[i].take() {
            self.bytes -= k.len() + v.len();
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Bytes of every name and value.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn to_pairs(&self) -> Vec<(String, String)> {
        self.pairs.iter().flatten().cloned().collect()
    }
}

/// As a list of `[name, value]` pairs, in order.
impl serde::Serialize for EnvMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl Env for EnvMap {
    fn get(&self, name: &str) -> Option<&str> {
        EnvMap::get(self, name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for EnvMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> EnvMap {
        let mut map = EnvMap::new();
        for (k, v) in iter {
            map.set(k.as_ref(), v.as_ref());
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_places_and_last_values() {
        let mut m: EnvMap = [("A", "1"), ("B", "2"), ("A", "3")].into_iter().collect();
        assert_eq!(
            m.to_pairs(),
            [("A".into(), "3".into()), ("B".into(), "2".into())]
        );
        assert_eq!(m.get("A"), Some("3"));
        assert_eq!(m.bytes(), 4);
        m.remove("A");
        m.set("C", "x");
        assert_eq!(
            m.to_pairs(),
            [("B".into(), "2".into()), ("C".into(), "x".into())]
        );
        assert_eq!(m.get("C"), Some("x"));
        assert_eq!(m.get("A"), None);
        assert_eq!(m.bytes(), 4);
    }
}
