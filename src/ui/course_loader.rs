//! The course's files in the page: fetched (`lessons/NAME` beside the
//! app) the first time the learner opens the lesson map, a lesson or the
//! exam practice, and installed for the whole page (and for the guard's
//! worker, which grades lessons too).

use crate::lessons::curriculum;

/// Fetches the lesson files and installs them, unless they are here.
pub async fn load_course<F, Fut>(fetch: &F) -> Result<(), String>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<u8>, String>>,
{
    if curriculum::loaded() {
        return Ok(());
    }
    let mut files = Vec::new();
    for name in curriculum::lesson_names()
        .iter()
        .filter(|n| **n != curriculum::QUIZ_FILE)
    {
        let bytes = fetch(format!("lessons/{name}"))
            .await
            .map_err(|e| format!("lessons/{name}: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| format!("lessons/{name}: {e}"))?;
        files.push((name.to_string(), text));
    }
    curriculum::install(&files);
    Ok(())
}
