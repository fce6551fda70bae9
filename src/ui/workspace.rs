//! The page's state: the sandbox being edited, the last build of it, and
//! what the learner is looking at. A pure reducer, tested natively;
//! components render it and dispatch actions.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::Reducible;

use super::compare_side::Side;
use super::course::{Course, QuizRound, Route};
use super::output::Output;
use super::sandbox::{valid_path, Sandbox};
use super::state::{Action as EditorAction, EditorState};
use super::tree::SortBy;

/// The views beside the editor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panel {
    #[default]
    Build,
    Layers,
    Image,
    Compare,
    About,
}

/// What the layer explorer shows: an image at one of its layers. `stage`
/// None is the target (the final image); `layer` None its last layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub stage: Option<usize>,
    pub layer: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explorer {
    pub selection: Selection,
    /// Diff mode: the selection compared with this one.
    pub compare_with: Option<Selection>,
    pub sort: SortBy,
    pub filter: String,
    pub only_changes: bool,
    pub collapsed: BTreeSet<String>,
    /// The file whose details are shown.
    pub file: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    pub sandbox: Sandbox,
    /// Bumped by every change to the sandbox: the build to run.
    pub revision: u64,
    /// The Dockerfile's parse (highlighting, diagnostics, stages).
    pub editor: EditorState,
    /// The context file open in the editor; None is the Dockerfile.
    pub open: Option<String>,
    /// The newest finished build.
    pub output: Option<Rc<Output>>,
    /// The newest build that made an image, shown greyed while the
    /// Dockerfile does not build.
    pub last_good: Option<Rc<Output>>,
    pub panel: Panel,
    pub explorer: Explorer,
    pub notice: Option<Notice>,
    /// The second Dockerfile of the Compare view.
    pub compare: Option<String>,
    /// Compare's last result: this Dockerfile's side and the other's.
    pub compared: Option<Rc<(Side, Side)>>,
    /// Compare's two builds are running.
    pub comparing: bool,
    /// The learner changed the sandbox since it was loaded: replacing it
    /// asks first.
    pub edited: bool,
    /// The course: where the learner is, their progress, the open lesson.
    pub course: Course,
    /// The sandbox came from a share link and is not kept yet: it is kept
    /// once it builds without meeting one of Stagecraft's limits, or once
    /// the learner edits it. Until then a reload returns to the learner's
    /// own sandbox, so a hostile link does not come back.
    pub on_trial: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    EditDockerfile(String),
    JumpTo {
        start: usize,
        end: usize,
    },
    /// Open a context file in the editor (None: the Dockerfile).
    Open(Option<String>),
    EditFile {
        path: String,
        text: String,
    },
    AddFile(String),
    RenameFile {
        from: String,
        to: String,
    },
    DeleteFile(String),
    /// Replace the whole sandbox (a sample, a share link, an import).
    Load {
        sandbox: Sandbox,
        what: String,
    },
    /// Open a share link's sandbox, on trial (see [`Workspace::on_trial`]).
    LoadShared(Sandbox),
    SetTarget(String),
    /// `KEY=VALUE` lines.
    SetBuildArgs(String),
    SetLegacy(bool),
    SetStrict(bool),
    Built(Rc<Output>),
    /// Build again with the same inputs.
    Rebuild,
    Show(Panel),
    Notify(Option<Notice>),
    Select(Selection),
    /// Step through the final image's layers: -1 back, +1 forward.
    Step(i64),
    CompareWith(Option<Selection>),
    Sort(SortBy),
    Filter(String),
    OnlyChanges(bool),
    Toggle(String),
    /// Collapse these directories (all of them), or expand everything.
    SetCollapsed(BTreeSet<String>),
    SelectFile(Option<String>),
    SetCompare(Option<String>),
    /// Compare's builds started.
    Comparing,
    /// Compare's builds ended: both sides, or None when one could not
    /// be built (the last result stays).
    Compared(Option<Rc<(Side, Side)>>),
    /// Go to a place of the course (the URL's fragment changed).
    Go(Route),
    /// Answer a question of the open lesson.
    Answer {
        question: String,
        chosen: Vec<usize>,
    },
    UnlockHint,
    /// Show the reference solution (the lesson then counts as solved
    /// with help).
    ShowSolution,
    /// Start the open lesson again from its starter.
    ResetLesson,
    TogglePresenter,
    ExitPresenter,
    /// Progress read from an imported file, merged with this one.
    ImportProgress(crate::lessons::progress::Progress),
    QuizReady(QuizRound),
    QuizAnswer {
        index: usize,
        chosen: Vec<usize>,
    },
    QuizGo(usize),
    /// Drop the round: a new one is prepared.
    QuizRestart,
    /// Exam mode on (from this moment, `now_ms`) or off, before the
    /// first answer of a round.
    QuizExam(Option<f64>),
    /// The exam's time ran out: the round ends.
    QuizTimeUp,
    /// The course's files are in (or could not be fetched): the route
    /// that waited for them is taken.
    CourseLoaded,
}

impl Workspace {
    pub fn new(sandbox: Sandbox) -> Workspace {
        Workspace {
            editor: EditorState::new(sandbox.dockerfile.clone()),
            sandbox,
            revision: 1,
            open: None,
            output: None,
            last_good: None,
            panel: Panel::default(),
            explorer: Explorer::default(),
            notice: None,
            compare: None,
            compared: None,
            comparing: false,
            edited: false,
            course: Course::default(),
            on_trial: false,
        }
    }

    /// The output the views show: the newest, or while it failed the
    /// last good one.
    pub fn shown(&self) -> Option<&Rc<Output>> {
        match &self.output {
            Some(o) if o.image_size().is_some() => Some(o),
            _ => self.last_good.as_ref().or(self.output.as_ref()),
        }
    }

    /// The views show an older build than the text: greyed.
    pub fn stale(&self) -> bool {
        match (self.shown(), &self.output) {
            (Some(shown), Some(newest)) => {
                !Rc::ptr_eq(shown, newest) || newest.revision != self.revision
            }
            (Some(_), None) => true,
            _ => false,
        }
    }

    fn changed(mut self) -> Workspace {
        self.revision += 1;
        self.edited = true;
        self.on_trial = false;
        if self.course.lesson().is_some() {
            self.course.remember(&self.sandbox);
        }
        self
    }

    /// What the build grades: the open lesson, with the learner's answers.
    pub fn grading(&self) -> Option<super::output::Grading> {
        Some(super::output::Grading {
            lesson: self.course.lesson()?,
            answers: self.course.answers(),
        })
    }

    fn notify(mut self, error: bool, text: impl Into<String>) -> Workspace {
        self.notice = Some(Notice {
            error,
            text: text.into(),
        });
        self
    }

    pub fn apply(&self, action: Action) -> Workspace {
        let mut next = self.clone();
        match action {
            Action::EditDockerfile(text) => {
                if text == next.sandbox.dockerfile {
                    return next;
                }
                next.editor = next.editor.apply(EditorAction::Edit(text.clone()));
                next.sandbox.dockerfile = text;
                next.changed()
            }
            Action::JumpTo { start, end } => {
                next.open = None;
                next.editor = next.editor.apply(EditorAction::JumpTo { start, end });
                next
            }
            Action::Open(path) => {
                next.open = path.filter(|p| next.sandbox.files.contains_key(p));
                next
            }
            Action::EditFile { path, text } => match next.sandbox.files_mut().get_mut(&path) {
                Some(old) if *old != text => {
                    *old = text;
                    next.changed()
                }
                _ => next,
            },
            Action::AddFile(path) => Self::add_file(next, path),
            Action::RenameFile { from, to } => Self::rename_file(next, from, to),
            Action::DeleteFile(path) => {
                if next.sandbox.files_mut().remove(&path).is_none() {
                    return next;
                }
                if next.open.as_deref() == Some(path.as_str()) {
                    next.open = None;
                }
                next.changed()
            }
            Action::Load { sandbox, what } => {
                let mut fresh = Workspace::new(sandbox);
                fresh.revision = next.revision + 1;
                fresh.panel = next.panel;
                fresh.last_good = next.last_good;
                fresh.output = next.output;
                // A sample, a link or a file opens in the sandbox.
                fresh.course = next.course;
                fresh.course.route = Route::Sandbox;
                fresh.course.stash = None;
                fresh.notify(false, format!("Loaded {what}."))
            }
            Action::LoadShared(sandbox) => {
                let mut loaded = next.apply(Action::Load {
                    sandbox,
                    what: "the shared sandbox".into(),
                });
                loaded.on_trial = true;
                loaded
            }
            Action::SetTarget(target) => {
                if next.sandbox.options.target == target {
                    return next;
                }
                next.sandbox.options.target = target;
                next.changed()
            }
            Action::SetBuildArgs(text) => Self::set_build_args(next, text),
            Action::SetLegacy(on) => {
                if next.sandbox.options.legacy_builder == on {
                    return next;
                }
                next.sandbox.options.legacy_builder = on;
                next.changed()
            }
            Action::SetStrict(on) => {
                if next.sandbox.options.strict == on {
                    return next;
                }
                next.sandbox.options.strict = on;
                next.changed()
            }
            Action::Built(output) => Self::built(next, output),
            Action::Rebuild => {
                next.revision += 1;
                next
            }
            Action::Show(panel) => {
                next.panel = panel;
                next
            }
            Action::Notify(notice) => {
                next.notice = notice;
                next
            }
            Action::Select(selection) => {
                next.explorer.selection = clamp(selection, next.shown());
                next
            }
            Action::Step(by) => Self::step(next, by),
            Action::CompareWith(other) => {
                next.explorer.compare_with = other.map(|s| clamp(s, next.shown()));
                next
            }
            Action::Sort(sort) => {
                next.explorer.sort = sort;
                next
            }
            Action::Filter(filter) => {
                next.explorer.filter = filter;
                next
            }
            Action::OnlyChanges(on) => {
                next.explorer.only_changes = on;
                next
            }
            Action::Toggle(path) => {
                if !next.explorer.collapsed.remove(&path) {
                    next.explorer.collapsed.insert(path);
                }
                next
            }
            Action::SetCollapsed(dirs) => {
                next.explorer.collapsed = dirs;
                next
            }
            Action::SelectFile(path) => {
                next.explorer.file = path;
                next
            }
            Action::SetCompare(text) => {
                next.compare = text;
                next
            }
            Action::Comparing => {
                next.comparing = true;
                next
            }
            Action::Compared(sides) => {
                next.comparing = false;
                if sides.is_some() {
                    next.compared = sides;
                }
                next
            }
            Action::Go(route) => next.go(route),
            action => next.course_action(action),
        }
    }

    /// A build finished: shown unless a newer one is; a lesson's pass recorded; a shared sandbox on trial kept once it builds within the limits.
    fn built(mut next: Workspace, output: Rc<Output>) -> Workspace {
        // A build of an older text than one already shown is late.
        if next
            .output
            .as_ref()
            .is_some_and(|o| o.revision > output.revision)
        {
            return next;
        }
        if output.image_size().is_some() {
            next.last_good = Some(output.clone());
        }
        if let (Some(grade), Some(lesson)) = (&output.grade, next.course.lesson()) {
            if grade.passed && output.revision == next.revision {
                next.course.progress.record_pass(&lesson.id, grade.stars);
                next.course.changed();
            }
        }
        if next.on_trial && output.revision == next.revision {
            let limited = output
                .build
                .error
                .as_ref()
                .is_some_and(|e| e.kind.is_limit());
            if limited {
                next.notice = Some(Notice {
                    error: true,
                    text: "This shared sandbox stopped at one of Stagecraft's limits. It is shown here but not kept: a reload returns to your own sandbox. Edit it to keep it.".into(),
                });
            } else {
                next.on_trial = false;
            }
        }
        next.output = Some(output);
        if let Some(step) = next.course.pending_step.take() {
            next.explorer.selection = Selection {
                stage: None,
                layer: Some(step),
            };
            next.panel = Panel::Layers;
        }
        next.explorer.selection = clamp(next.explorer.selection, next.shown());
        next
    }

    /// A context file renamed, unless the new name is taken or not a valid path.
    fn rename_file(mut next: Workspace, from: String, to: String) -> Workspace {
        let to = to.trim().trim_start_matches("./").to_string();
        if from == to {
            return next;
        }
        if !valid_path(&to) || to == "Dockerfile" {
            return next.notify(true, format!("{to:?} is not a valid context path."));
        }
        if next.sandbox.files.contains_key(&to) {
            return next.notify(true, format!("{to} is already in the context."));
        }
        let Some(text) = next.sandbox.files_mut().remove(&from) else {
            return next;
        };
        next.sandbox.files_mut().insert(to.clone(), text);
        if next.open.as_deref() == Some(from.as_str()) {
            next.open = Some(to);
        }
        next.notice = None;
        next.changed()
    }

    /// A new empty context file, opened.
    fn add_file(mut next: Workspace, path: String) -> Workspace {
        let path = path.trim().trim_start_matches("./").to_string();
        if !valid_path(&path) {
            return next.notify(true, format!("{path:?} is not a valid context path: use a relative path such as src/main.go, without `..`."));
        }
        if path == "Dockerfile" || next.sandbox.files.contains_key(&path) {
            return next.notify(true, format!("{path} is already in the context."));
        }
        next.sandbox.files_mut().insert(path.clone(), String::new());
        next.open = Some(path);
        next.notice = None;
        next.changed()
    }

    /// The build args, one KEY=VALUE a line.
    fn set_build_args(mut next: Workspace, text: String) -> Workspace {
        let args: Vec<(String, String)> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), v.to_string()),
                None => (l.trim().to_string(), String::new()),
            })
            .collect();
        if args == next.sandbox.options.build_args {
            return next;
        }
        next.sandbox.options.build_args = args;
        next.changed()
    }

    /// The layer selection moved by `by`, within the layers.
    fn step(mut next: Workspace, by: i64) -> Workspace {
        let layers = next.shown().and_then(|o| o.layer_count(None)).unwrap_or(0);
        if layers == 0 {
            return next;
        }
        let at = match next.explorer.selection {
            Selection {
                stage: None,
                layer: Some(l),
            } => l as i64,
            _ => layers as i64 - 1,
        };
        let to = (at + by).clamp(0, layers as i64 - 1) as usize;
        next.explorer.selection = Selection {
            stage: None,
            layer: Some(to),
        };
        next
    }

    /// Goes to `route`: a lesson takes the editor (the sandbox is set
    /// aside), the sandbox gets it back.
    fn go(mut self, route: Route) -> Workspace {
        if route == self.course.route {
            return self;
        }
        // The page fetches the course the first time it is opened.
        if route != Route::Sandbox && !crate::lessons::curriculum::loaded() {
            self.course.waiting = Some(route);
            return self;
        }
        let leaving_sandbox = self.course.route == Route::Sandbox;
        let lesson = route
            .lesson_id()
            .and_then(crate::lessons::curriculum::lesson);
        if route.lesson_id().is_some() && lesson.is_none() {
            let id = route.lesson_id().unwrap_or_default().to_string();
            return self
                .notify(
                    true,
                    format!("There is no lesson {id:?}; here is the lesson map."),
                )
                .go(Route::Map);
        }
        if let (Some(lesson), Route::Lesson { step, .. }) = (lesson, &route) {
            let same_lesson = self.course.route.lesson_id() == Some(lesson.id.as_str());
            if leaving_sandbox {
                self.course.stash = Some(self.sandbox.clone());
            }
            // Counted from 1, as the Layers view labels layers.
            self.course.pending_step = step.map(|s| s.saturating_sub(1));
            self.course.solution_open = false;
            self.course.route = route.clone();
            if same_lesson {
                if self.course.pending_step.is_some() {
                    // Only the step changed: apply it to the build shown.
                    return self.apply(Action::Rebuild);
                }
                return self;
            }
            let sandbox = self.course.lesson_sandbox(lesson);
            let mut fresh = Workspace::new(sandbox);
            fresh.revision = self.revision + 1;
            fresh.panel = self.panel;
            fresh.course = self.course;
            fresh.notice = None;
            return fresh;
        }
        if route == Route::Sandbox {
            if let Some(stash) = self.course.stash.take() {
                let mut fresh = Workspace::new(stash);
                fresh.revision = self.revision + 1;
                fresh.panel = self.panel;
                fresh.course = self.course;
                fresh.course.route = Route::Sandbox;
                return fresh;
            }
        } else if leaving_sandbox {
            self.course.stash = Some(self.sandbox.clone());
        }
        self.course.route = route;
        self.course.solution_open = false;
        self
    }

    fn course_action(mut self, action: Action) -> Workspace {
        let lesson = self.course.lesson();
        match action {
            Action::Answer { question, chosen } => {
                let Some(lesson) = lesson else {
                    return self;
                };
                self.course
                    .progress
                    .lesson_mut(&lesson.id)
                    .answers
                    .insert(question, chosen);
                self.course.changed();
                // Grade again.
                self.revision += 1;
                self
            }
            Action::UnlockHint => {
                if let Some(lesson) = lesson {
                    let entry = self.course.progress.lesson_mut(&lesson.id);
                    entry.hints = (entry.hints + 1).min(lesson.hints.len());
                    self.course.changed();
                }
                self
            }
            Action::ShowSolution => {
                if let Some(lesson) = lesson {
                    let entry = self.course.progress.lesson_mut(&lesson.id);
                    if !entry.passed || entry.stars == 0 {
                        entry.helped = true;
                    }
                    self.course.solution_open = true;
                    self.course.changed();
                }
                self
            }
            Action::ResetLesson => {
                let Some(lesson) = lesson else {
                    return self;
                };
                let entry = self.course.progress.lesson_mut(&lesson.id);
                entry.dockerfile = None;
                entry.files = None;
                let sandbox = self.course.lesson_sandbox(lesson);
                let mut fresh = Workspace::new(sandbox);
                fresh.revision = self.revision + 1;
                fresh.panel = self.panel;
                fresh.course = self.course;
                fresh.course.changed();
                fresh
            }
            Action::TogglePresenter => {
                self.course.presenter = !self.course.presenter;
                self
            }
            Action::ExitPresenter => {
                self.course.presenter = false;
                self
            }
            Action::ImportProgress(progress) => {
                let count = progress.lessons.len();
                self.course.progress.merge(progress);
                self.course.changed();
                self.notify(
                    false,
                    format!(
                        "Imported the progress of {count} lesson{}.",
                        if count == 1 { "" } else { "s" }
                    ),
                )
            }
            Action::QuizReady(round) => {
                self.course.quiz = Some(round);
                self
            }
            Action::QuizAnswer { index, chosen } => {
                if let Some(round) = &mut self.course.quiz {
                    if round.quiz.answers.get(index).is_some_and(Option::is_none) {
                        round.quiz.answer(index, chosen);
                    }
                    if round.quiz.finished() {
                        self.course.record_quiz();
                    }
                }
                self
            }
            Action::QuizGo(at) => {
                if let Some(round) = &mut self.course.quiz {
                    round.at = at.min(round.quiz.questions.len());
                }
                self
            }
            Action::QuizRestart => {
                self.course.quiz = None;
                self
            }
            Action::QuizExam(started) => {
                if let Some(round) = &mut self.course.quiz {
                    if round.quiz.answers.iter().all(Option::is_none) && round.at == 0 {
                        let limit_ms =
                            super::course::EXAM_MS_PER_QUESTION * round.quiz.questions.len() as f64;
                        round.exam = started.map(|started_ms| super::course::Exam {
                            started_ms,
                            limit_ms,
                        });
                    }
                }
                self
            }
            Action::CourseLoaded => match self.course.waiting.take() {
                Some(route) if crate::lessons::curriculum::loaded() => self.go(route),
                Some(_) => self.notify(
                    true,
                    "The course could not be loaded: check the connection and reload the page.",
                ),
                None => self,
            },
            Action::QuizTimeUp => {
                if let Some(round) = &mut self.course.quiz {
                    if round.exam.is_some() && round.at < round.quiz.questions.len() {
                        round.at = round.quiz.questions.len();
                        self.course.record_quiz();
                    }
                }
                self
            }
            _ => self,
        }
    }
}

/// A selection that names a stage and layer the output has.
fn clamp(selection: Selection, output: Option<&Rc<Output>>) -> Selection {
    let Some(output) = output else {
        return selection;
    };
    let stage = selection
        .stage
        .filter(|s| output.layer_count(Some(*s)).is_some());
    let layer = match (selection.layer, output.layer_count(stage)) {
        (Some(l), Some(n)) if n > 0 => Some(l.min(n - 1)),
        _ => None,
    };
    Selection { stage, layer }
}

impl Reducible for Workspace {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::output::Output;

    fn workspace() -> Workspace {
        let mut sandbox = Sandbox::new("FROM busybox:1.36\nCOPY a.txt /a.txt\n");
        sandbox.files_mut().insert("a.txt".into(), "hello\n".into());
        Workspace::new(sandbox)
    }

    fn built(w: &Workspace) -> Workspace {
        w.apply(Action::Built(Rc::new(Output::build(
            &w.sandbox, w.revision, None,
        ))))
    }

    #[test]
    fn the_reducer_keeps_compares_result_until_a_new_one() {
        let w = workspace();
        let side = |w: &Workspace| crate::ui::compare_side::Side {
            output: Rc::new(Output::build(&w.sandbox, 1, None)),
            edited: Some("a.txt".into()),
            rebuild_seconds: 1.5,
        };
        let running = w.apply(Action::Comparing);
        assert!(running.comparing && running.compared.is_none());
        let done = running.apply(Action::Compared(Some(Rc::new((side(&w), side(&w))))));
        assert!(!done.comparing);
        let sides = done.compared.clone().expect("both sides");
        assert_eq!(sides.0.edited.as_deref(), Some("a.txt"));
        // Another panel and back: still there.
        let back = done
            .apply(Action::Show(Panel::Build))
            .apply(Action::Show(Panel::Compare));
        assert_eq!(back.compared, done.compared);
        // A comparison that could not finish leaves the last one.
        let failed = back.apply(Action::Comparing).apply(Action::Compared(None));
        assert!(!failed.comparing);
        assert_eq!(failed.compared, done.compared);
        // Loading another sandbox starts without one.
        let loaded = failed.apply(Action::Load {
            sandbox: Sandbox::new("FROM scratch\n"),
            what: "a file".into(),
        });
        assert!(loaded.compared.is_none());
    }

    #[test]
    fn a_shared_sandbox_is_kept_once_it_builds_within_the_limits() {
        let w = workspace();
        // A link whose build meets a Stagecraft limit stays on trial (not
        // kept), and says so.
        let looping = Sandbox::new("FROM alpine:3.19\nRUN while :; do :; done\n");
        let shared = w.apply(Action::LoadShared(looping));
        assert!(shared.on_trial);
        let stopped = built(&shared);
        assert!(stopped.on_trial);
        let notice = stopped.notice.clone().expect("a notice");
        assert!(notice.text.contains("not kept"), "{}", notice.text);
        // Edited, it is the learner's own.
        let edited = stopped.apply(Action::EditDockerfile("FROM alpine:3.19\n".into()));
        assert!(!edited.on_trial);
        // One that builds, or fails as Docker would, is kept.
        let fine = w.apply(Action::LoadShared(Sandbox::new("FROM alpine:3.19\n")));
        assert!(!built(&fine).on_trial);
        let docker_error = w.apply(Action::LoadShared(Sandbox::new(
            "FROM alpine:3.19\nRUN false\n",
        )));
        assert!(!built(&docker_error).on_trial);
        // A build the guard stopped is a limit too.
        let guarded = w.apply(Action::LoadShared(Sandbox::new("FROM alpine:3.19\n")));
        let output = Output::stopped(
            &guarded.sandbox,
            guarded.revision,
            crate::ui::guard::stopped_error("the build ran longer than 20 s".into(), 2),
        );
        assert!(guarded.apply(Action::Built(Rc::new(output))).on_trial);
    }

    #[test]
    fn edits_bump_the_revision_and_reparse() {
        let w = workspace();
        let r = w.revision;
        let same = w.apply(Action::EditDockerfile(w.sandbox.dockerfile.clone()));
        assert_eq!(same.revision, r);
        let edited = w.apply(Action::EditDockerfile("FROM alpine:3.19\nCOPY a\n".into()));
        assert_eq!(edited.revision, r + 1);
        assert_eq!(edited.editor.view.error_count, 1);
        let file = edited.apply(Action::EditFile {
            path: "a.txt".into(),
            text: "bye\n".into(),
        });
        assert_eq!(file.revision, r + 2);
        assert_eq!(file.sandbox.files["a.txt"], "bye\n");
    }

    #[test]
    fn the_strict_toggle_rebuilds_with_approximations_as_errors() {
        let w = workspace().apply(Action::EditDockerfile(
            "FROM ghcr.io/acme/unheard-of:1\n".into(),
        ));
        let r = w.revision;
        let loose = crate::ui::output::Output::build(&w.sandbox, w.revision, None);
        assert!(loose.build.error.is_none());
        let strict = w.apply(Action::SetStrict(true));
        assert_eq!(strict.revision, r + 1);
        assert!(strict.sandbox.build_options().strict);
        assert_eq!(strict.apply(Action::SetStrict(true)).revision, r + 1);
        let failed = crate::ui::output::Output::build(&strict.sandbox, strict.revision, None);
        let error = failed.build.error.as_ref().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("unheard-of:1") && e.contains("not found")),
            "{error:?}"
        );
    }

    #[test]
    fn context_files_are_added_renamed_and_deleted() {
        let w = workspace();
        let added = w.apply(Action::AddFile("src/main.go".into()));
        assert_eq!(added.open.as_deref(), Some("src/main.go"));
        assert!(added.sandbox.files.contains_key("src/main.go"));
        let refused = added.apply(Action::AddFile("../x".into()));
        assert!(refused.notice.as_ref().is_some_and(|n| n.error));
        assert_eq!(refused.sandbox, added.sandbox);
        let twice = added.apply(Action::AddFile("a.txt".into()));
        assert!(twice
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("already")));
        let renamed = added.apply(Action::RenameFile {
            from: "src/main.go".into(),
            to: "cmd/main.go".into(),
        });
        assert_eq!(renamed.open.as_deref(), Some("cmd/main.go"));
        assert!(!renamed.sandbox.files.contains_key("src/main.go"));
        let deleted = renamed.apply(Action::DeleteFile("cmd/main.go".into()));
        assert_eq!(deleted.open, None);
        assert_eq!(deleted.sandbox.files.len(), 1);
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_one_shown_greyed() {
        let w = built(&workspace());
        assert!(!w.stale());
        let good = w.shown().expect("output").clone();
        assert!(good.image_size().is_some());
        let broken = w.apply(Action::EditDockerfile(
            "FROM busybox:1.36\nCOPY missing.txt /m\n".into(),
        ));
        assert!(broken.stale(), "the text moved on");
        let broken = built(&broken);
        assert!(broken
            .output
            .as_ref()
            .is_some_and(|o| o.image_size().is_none()));
        assert!(Rc::ptr_eq(broken.shown().expect("shown"), &good));
        assert!(broken.stale());
        let fixed = built(&broken.apply(Action::EditDockerfile(
            "FROM busybox:1.36\nCOPY a.txt /m\n".into(),
        )));
        assert!(!fixed.stale());
        // A late build of an older revision does not replace a newer one.
        let late = Rc::new(Output::build(&broken.sandbox, 1, None));
        let after = fixed.apply(Action::Built(late));
        assert!(Rc::ptr_eq(
            after.output.as_ref().expect("output"),
            fixed.output.as_ref().expect("output")
        ));
    }

    #[test]
    fn stepping_walks_the_final_image_layers() {
        let w = built(&workspace());
        let layers = w.shown().and_then(|o| o.layer_count(None)).expect("layers");
        assert_eq!(layers, 2);
        let back = w.apply(Action::Step(-1));
        assert_eq!(back.explorer.selection.layer, Some(0));
        let start = back.apply(Action::Step(-1));
        assert_eq!(start.explorer.selection.layer, Some(0));
        let end = start.apply(Action::Step(5));
        assert_eq!(end.explorer.selection.layer, Some(1));
        // A selection beyond the image is clamped.
        let far = end.apply(Action::Select(Selection {
            stage: Some(9),
            layer: Some(99),
        }));
        assert_eq!(
            far.explorer.selection,
            Selection {
                stage: None,
                layer: Some(1)
            }
        );
    }

    #[test]
    fn options_and_loading() {
        let w = workspace();
        let args = w.apply(Action::SetBuildArgs("A=1\n\nB = two\nC\n".into()));
        assert_eq!(
            args.sandbox.options.build_args,
            vec![
                ("A".to_string(), "1".to_string()),
                ("B".to_string(), " two".to_string()),
                ("C".to_string(), String::new())
            ]
        );
        let target = args.apply(Action::SetTarget("build".into()));
        assert_eq!(target.revision, args.revision + 1);
        let loaded = target.apply(Action::Load {
            sandbox: Sandbox::new("FROM scratch\n"),
            what: "a share link".into(),
        });
        assert!(target.edited);
        assert!(!loaded.edited);
        assert_eq!(loaded.sandbox.dockerfile, "FROM scratch\n");
        assert_eq!(loaded.editor.source, "FROM scratch\n");
        assert!(loaded.revision > target.revision);
        assert_eq!(
            loaded.notice.map(|n| n.text),
            Some("Loaded a share link.".to_string())
        );
    }
}
