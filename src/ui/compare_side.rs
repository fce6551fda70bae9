//! One side of Compare: a build, and the rebuild after editing a source
//! file. The reducer keeps both sides, so a comparison outlives a switch
//! of tabs.

use std::rc::Rc;

use super::output::Output;

#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub output: Rc<Output>,
    /// The source file the rebuild edited, if any.
    pub edited: Option<String>,
    pub rebuild_seconds: f64,
}
