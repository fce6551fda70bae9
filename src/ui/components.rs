//! The app's parts, each a function component over props.

pub mod build_panel;
pub mod diagnostics;
pub mod editor;
pub mod stages;
