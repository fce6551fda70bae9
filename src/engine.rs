//! The build engine: a simulated `docker build` over an in-memory
//! filesystem, stage by stage and layer by layer.

pub mod archive;
pub mod build;
pub mod catalog;
pub mod config;
mod config_step;
pub mod content;
pub mod context;
mod copy;
pub mod error;
pub mod image;
pub mod inspect;
pub mod layer;
pub mod mode;
pub mod pause;
pub mod plan;
mod run;
pub mod shell;
pub mod source_facts;
mod stage_state;
pub mod step;
pub mod users;
pub mod vfs;
pub mod warning;

pub use build::{build, build_pausing, Build, StageStatus};
pub use context::{BuildContext, ContextEntry};
pub use plan::BuildOptions;
