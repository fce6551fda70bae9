//! The builds the page runs: each edit's, after a pause in typing (first
//! in the guard's worker, then on the page, stopped when a newer edit
//! comes or the learner cancels), and the quiz round's live questions.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::browser::{forget_unfinished, remember_unfinished, seed, this_page, unfinished};
use crate::ui::build_runner::{fetch, live_questions, run, Progress};
use crate::ui::course::{round_of, Route};
use crate::ui::guard::browser::Guard;
use crate::ui::guard::{stopped_error, Job, Unfinished, Verdict};
use crate::ui::output::Output;
use crate::ui::page_pause::{PagePause, Wanted, SLICE_MS};
use crate::ui::workspace::{Action, Notice, Workspace};

/// The pause after a keystroke before the build runs.
const DEBOUNCE_MS: u32 = 20;

/// What the page needs of its builds: which revision they may run for
/// (none once the learner cancels), the revision whose build has run long
/// enough to offer Cancel, and the guard that runs each first.
pub struct Builds {
    pub wanted: Wanted,
    pub slow_revision: UseStateHandle<u64>,
    pub guard: Rc<Guard>,
}

/// Build after a pause in typing: first in the guard's worker, then
/// here. A build of an older revision stops at its next instruction.
#[hook]
pub fn use_builds(ws: &UseReducerHandle<Workspace>) -> Builds {
    let wanted = (*use_memo((), |_| Wanted::default())).clone();
    let slow_revision = use_state(|| 0u64);
    // Runs each build in a worker first (src/ui/guard.rs).
    let guard = (*use_memo((), |_| Rc::new(Guard::new()))).clone();
    {
        let ws2 = ws.clone();
        let wanted = wanted.clone();
        let slow_revision = slow_revision.clone();
        let guard = guard.clone();
        use_effect_with(ws.revision, move |revision| {
            let revision = *revision;
            wanted.set(revision);
            let sandbox = ws2.sandbox.clone();
            let previous = ws2.output.clone();
            let grading = ws2.grading();
            let ws = ws2.clone();
            let start = move || {
                yew::platform::spawn_local(async move {
                    let digest = Job::digest(&sandbox, grading.as_ref());
                    let stopped = |error| Rc::new(Output::stopped(&sandbox, revision, error));
                    // It did not finish on the page before (or the guard
                    // stopped it): not run again on its own.
                    if let Some(held) = unfinished().filter(|u| {
                        u.digest == digest && (u.page != this_page() || u.reason.is_some())
                    }) {
                        ws.dispatch(Action::Built(stopped(stopped_error(held.message(), 0))));
                        return;
                    }
                    remember_unfinished(&Unfinished {
                        digest: digest.clone(),
                        reason: None,
                        page: this_page(),
                    });
                    let slow = {
                        let slow_revision = slow_revision.clone();
                        gloo::timers::callback::Timeout::new(SLICE_MS as u32, move || {
                            slow_revision.set(revision)
                        })
                    };
                    let verdict = guard.check(&sandbox, grading.as_ref(), false).await;
                    drop(slow);
                    match verdict {
                        Verdict::Finished => {}
                        Verdict::Canceled { line } => {
                            forget_unfinished(&digest);
                            if wanted.canceled() {
                                let error = stopped_error(String::new(), line);
                                let canceled = crate::engine::error::BuildError::new(
                                    error.span,
                                    crate::engine::error::BuildErrorKind::Canceled,
                                );
                                ws.dispatch(Action::Built(stopped(canceled)));
                            }
                            return;
                        }
                        other => {
                            let reason = other.reason().unwrap_or_default();
                            remember_unfinished(&Unfinished {
                                digest,
                                reason: Some(reason.clone()),
                                page: this_page(),
                            });
                            let line = match other {
                                Verdict::TimedOut { line, .. } => line,
                                _ => 0,
                            };
                            ws.dispatch(Action::Built(stopped(stopped_error(reason, line))));
                            return;
                        }
                    }
                    // A newer text came while the guard ran it.
                    if wanted.get() != revision {
                        forget_unfinished(&digest);
                        return;
                    }
                    let ws_report = ws.clone();
                    let pause = PagePause::new(revision, wanted.clone(), move || {
                        slow_revision.set(revision)
                    });
                    run(
                        sandbox.clone(),
                        revision,
                        previous,
                        grading,
                        fetch,
                        move |p| match p {
                            // Stopped for a newer revision: its build follows.
                            Progress::Done(output, _)
                                if output.canceled() && !wanted.canceled() =>
                            {
                                forget_unfinished(&digest)
                            }
                            Progress::Done(output, _) => {
                                forget_unfinished(&digest);
                                ws_report.dispatch(Action::Built(output))
                            }
                            Progress::Failed(message) => {
                                forget_unfinished(&digest);
                                ws_report.dispatch(Action::Notify(Some(Notice {
                                    error: true,
                                    text: format!("The build could not run: {message}"),
                                })))
                            }
                            Progress::Fetching(_) => {}
                        },
                        pause,
                    )
                    .await;
                });
            };
            let timer = gloo::timers::callback::Timeout::new(DEBOUNCE_MS, start);
            move || drop(timer)
        });
    }
    Builds {
        wanted,
        slow_revision,
        guard,
    }
}

/// The written questions: embedded natively; the page fetches them
/// (`quiz.md`, beside the app) the first time the quiz opens, so that the
/// first page stays small.
async fn load_bank() -> Result<crate::lessons::quiz::Bank, String> {
    if let Ok(bank) = crate::lessons::curriculum::bank() {
        return Ok(bank);
    }
    let bytes = fetch(format!("lessons/{}", crate::lessons::curriculum::QUIZ_FILE)).await?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    crate::lessons::quiz::Bank::parse(&text)
        .map_err(|e| format!("{}:{e}", crate::lessons::curriculum::QUIZ_FILE))
}

/// The course's files are fetched when a route waits for them.
#[hook]
pub fn use_course_files(ws: &UseReducerHandle<Workspace>) {
    let ws2 = ws.clone();
    let waiting = ws.course.waiting.is_some();
    use_effect_with(waiting, move |waiting| {
        if *waiting {
            let ws = ws2.clone();
            yew::platform::spawn_local(async move {
                if let Err(e) = crate::ui::course_loader::load_course(&fetch).await {
                    ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("The course could not be loaded ({e})."),
                    })));
                }
                ws.dispatch(Action::CourseLoaded);
            });
        }
    });
}

/// A quiz round is prepared when the quiz opens without one.
#[hook]
pub fn use_quiz_round(ws: &UseReducerHandle<Workspace>) {
    let ws2 = ws.clone();
    let wanted = ws.course.route == Route::Quiz && ws.course.quiz.is_none();
    use_effect_with(wanted, move |wanted| {
        if *wanted {
            let ws = ws2.clone();
            yew::platform::spawn_local(async move {
                let seed = seed();
                let live = match live_questions(seed, fetch).await {
                    Ok(questions) => questions,
                    Err(e) => {
                        ws.dispatch(Action::Notify(Some(Notice {
                            error: true,
                            text: format!("The live questions could not be built ({e}); the round has written questions only."),
                        })));
                        Vec::new()
                    }
                };
                match load_bank().await {
                    Ok(bank) => ws.dispatch(Action::QuizReady(round_of(&bank, &live, seed))),
                    Err(e) => ws.dispatch(Action::Notify(Some(Notice {
                        error: true,
                        text: format!("The exam practice's questions could not be loaded ({e})."),
                    }))),
                }
            });
        }
    });
}
