//! Display preferences: theme and large type, kept in the browser.

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prefs {
    /// `system`, `light` or `dark`.
    pub theme: String,
    pub large: bool,
}
