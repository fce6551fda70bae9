//! The web app: a thin view over the front end's results.

pub mod actions;
pub mod app;
mod browser;
pub mod build_runner;
pub mod build_view;
pub mod compare_side;
pub mod components;
pub mod course;
pub mod course_loader;
pub mod dialogs;
pub mod graph;
pub mod guard;
pub mod highlight_view;
pub mod hooks;
pub mod output;
pub mod page_pause;
pub mod prefs;
pub mod rebuild;
pub mod samples;
pub mod sandbox;
pub mod state;
pub mod tree;
pub mod workspace;
