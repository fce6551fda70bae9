//! The programs a script ran: each one's argv, recorded where programs are
//! dispatched (so `sh -c`, functions and variables are seen through),
//! within Stagecraft's limit.

use crate::limits::{RECORDED_PROGRAMS, RECORDED_PROGRAM_BYTES};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramLog {
    pub argv: Vec<Vec<String>>,
    bytes: usize,
    /// The bytes of argv it may keep (what is left of the build's).
    pub budget: usize,
    /// Programs ran past the limit and were not kept.
    pub cut: bool,
    /// A pipeline ran with pipefail off: its status was its last
    /// command's, whatever failed before it.
    pub unguarded_pipe: bool,
    /// Simple commands run (builtins, functions and programs alike).
    pub commands: usize,
    /// Configuration files programs looked for as they started (npm's
    /// userconfig): where a secret must be for the program to read it.
    pub reads: Vec<String>,
}

impl Default for ProgramLog {
    fn default() -> ProgramLog {
        ProgramLog {
            argv: Vec::new(),
            bytes: 0,
            budget: RECORDED_PROGRAM_BYTES,
            cut: false,
            unguarded_pipe: false,
            commands: 0,
            reads: Vec::new(),
        }
    }
}

impl ProgramLog {
    pub fn record(&mut self, argv: &[String]) {
        let bytes: usize = argv.iter().map(|a| a.len() + 1).sum();
        if self.argv.len() >= RECORDED_PROGRAMS || self.bytes + bytes > self.budget {
            self.cut = true;
            return;
        }
        self.bytes += bytes;
        self.argv.push(argv.to_vec());
    }

    /// The bytes kept.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// A child shell's programs, after the parent's so far.
    pub fn extend(&mut self, child: ProgramLog) {
        self.cut |= child.cut;
        self.unguarded_pipe |= child.unguarded_pipe;
        self.commands += child.commands;
        self.reads.extend(child.reads);
        for argv in child.argv {
            self.record(&argv);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_programs_up_to_its_limit_and_says_when_it_cut() {
        let mut log = ProgramLog::default();
        let argv = vec!["true".to_string()];
        for _ in 0..RECORDED_PROGRAMS + 5 {
            log.record(&argv);
        }
        assert_eq!(log.argv.len(), RECORDED_PROGRAMS);
        assert!(log.cut);
        let mut big = ProgramLog::default();
        big.record(&["x".repeat(RECORDED_PROGRAM_BYTES + 1)]);
        assert!(big.argv.is_empty() && big.cut);
    }
}
