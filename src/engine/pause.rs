//! Where a long build lets the page answer. Before each instruction a build
//! asks its [`Pause`] whether to go on; the page's pause waits for the
//! browser now and then (so clicks and keys are handled mid-build) and says
//! stop when the learner cancels or edits. Native builds never wait.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// What a build does after a pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Go {
    On,
    /// Stop before the next instruction: the build ends canceled.
    Stop,
}

pub trait Pause {
    /// Asked before each instruction, with the line it starts on.
    fn pause(&mut self, line: usize) -> impl Future<Output = Go>;
}

/// Never waits, never stops: a build that runs straight through.
pub struct NoPause;

impl Pause for NoPause {
    async fn pause(&mut self, _line: usize) -> Go {
        Go::On
    }
}

/// Runs `future`, which must never wait for anything outside it (a build
/// with [`NoPause`]), to its end.
pub fn finish<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stops at the `n`th question.
    struct StopAt(usize);

    impl Pause for StopAt {
        async fn pause(&mut self, _line: usize) -> Go {
            self.0 = self.0.saturating_sub(1);
            if self.0 == 0 {
                Go::Stop
            } else {
                Go::On
            }
        }
    }

    async fn count(pause: &mut impl Pause) -> usize {
        let mut asked = 0;
        while asked < 10 {
            asked += 1;
            if pause.pause(asked).await == Go::Stop {
                break;
            }
        }
        asked
    }

    #[test]
    fn a_build_that_never_waits_finishes_in_one_go() {
        assert_eq!(finish(count(&mut NoPause)), 10);
        assert_eq!(finish(count(&mut StopAt(3))), 3);
    }
}
