//! The page's effects, one hook each: the URL, saving, builds, keyboard
//! shortcuts. The App component calls them; each owns its own state.

mod builds;
mod routing;
mod saving;
mod shortcuts;

pub use builds::{use_builds, use_course_files, use_quiz_round, Builds};
pub use routing::{use_routing, use_share_link};
pub use saving::use_saving;
pub use shortcuts::use_shortcuts;
