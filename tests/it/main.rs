//! Stagecraft's integration tests: upstream conformance corpora, fixture
//! folders, the command line, properties, and the web app's rendering.

mod build_fixtures;
mod build_properties;
mod builds_in_flight;
mod cli;
mod corpus;
mod fixtures;
mod fuzz_regressions;
mod grading;
mod hostile;
mod house;
mod layering;
mod lessons;
mod limits;
mod lint;
mod package_managers;
mod properties;
mod published;
mod real_world;
mod render;
mod run_check;
mod samples;
