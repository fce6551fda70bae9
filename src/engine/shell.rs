//! The RUN shell: a POSIX `sh` subset interpreted over the build's
//! filesystem, with the programs a Dockerfile calls as small modules.

pub mod arith;
pub mod ast;
pub mod builtins;
pub mod cost;
pub mod expand;
pub mod interp;
pub mod parser;
pub mod pattern;
pub mod program_log;
pub mod programs;
pub mod state;
pub mod test_cmd;
