//! The build engine: a simulated `docker build` over an in-memory
//! filesystem, stage by stage and layer by layer.

pub mod archive;
pub mod catalog;
pub mod config;
pub mod content;
pub mod context;
pub mod error;
pub mod layer;
pub mod plan;
pub mod shell;
pub mod users;
pub mod vfs;
