//! Stagecraft: learn Docker multi-stage builds by simulating them.
//!
//! The front end (`dockerfile`) reads a Dockerfile exactly as BuildKit does;
//! the web app (`ui`) and the command line (`cli`) are thin views over it.

pub mod analysis;
pub mod dockerfile;
pub mod engine;
pub mod fxhash;
pub mod lessons;
pub mod limits;
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
