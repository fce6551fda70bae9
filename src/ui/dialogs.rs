//! The browser's own dialogs. Outside a browser (rendered natively)
//! there is nobody to ask: a question is answered yes, a prompt not at all.

/// Asks before throwing work away.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(true)
}

/// Asks for a line of text, `default` filled in; None when cancelled.
pub fn prompt(question: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(question, default)
        .ok()
        .flatten()
}
