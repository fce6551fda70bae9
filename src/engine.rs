//! The build engine: a simulated `docker build` over an in-memory
//! filesystem, stage by stage and layer by layer.

pub mod archive;
pub mod build;
pub mod catalog;
pub mod config;
pub mod content;
pub mod context;
mod copy;
pub mod data;
pub mod dpkg;
pub mod error;
pub mod image;
pub mod inspect;
pub mod layer;
pub mod npm_registry;
pub mod package_archive;
pub mod pause;
pub mod plan;
pub mod pypi;
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
