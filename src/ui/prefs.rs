//! Display preferences: theme and large type, kept in the browser.

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prefs {
    /// `system`, `light` or `dark`.
    pub theme: String,
    pub large: bool,
}

impl Prefs {
    /// The theme, `system` when none was chosen.
    pub fn theme_or_system(&self) -> String {
        if self.theme.is_empty() {
            "system".to_string()
        } else {
            self.theme.clone()
        }
    }

    /// What the browser kept, or the defaults.
    pub fn stored() -> Prefs {
        super::browser::stored(super::browser::PREFS_KEY)
            .and_then(|t| serde_json::from_str::<Prefs>(&t).ok())
            .unwrap_or_default()
    }
}
