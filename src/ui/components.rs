//! The app's parts, each a function component over props.

pub mod about;
pub mod build_panel;
pub mod compare;
pub mod context_panel;
pub mod diagnostics;
pub mod editor;
pub mod explorer;
pub mod image_panel;
pub mod lesson_map;
pub mod lesson_panel;
pub mod markdown;
pub mod question_view;
pub mod quiz_view;
pub mod toolbar;
