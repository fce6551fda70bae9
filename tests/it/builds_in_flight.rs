//! Two builds in flight over one catalog, as the page has them (the main
//! build, Compare, the quiz's live questions): each reports the data it
//! lacked, neither takes or drops the other's, and once the data is
//! provided both end on it.

use stagecraft::engine::catalog::data::{DataStore, Lacking};
use stagecraft::engine::catalog::{builtin, Catalog, DataCatalog};
use stagecraft::engine::pause::{finish, Go, Pause};
use stagecraft::engine::{build, build_pausing, Build, BuildContext, BuildOptions};

const MAIN: &str = "FROM node:20-slim\nENV A=1\nWORKDIR /app\n";
const COMPARE: &str = "FROM python:3.12-slim\nENV A=1\n";

/// A catalog over the shipped index whose store holds only what is
/// provided to it: the page's catalog before it has fetched anything.
fn fetching_catalog() -> DataCatalog {
    let index = builtin()
        .data()
        .text("catalog.json", &Lacking::default())
        .expect("the index is embedded")
        .expect("the index reads");
    DataCatalog::from_json(&index, DataStore::fetched_only()).expect("the index parses")
}

fn context() -> BuildContext {
    BuildContext::from_entries(
        Vec::<(String, stagecraft::engine::ContextEntry)>::new(),
        "Dockerfile",
    )
}

/// At its second question (the first FROM resolved, its lacking data
/// noted), runs the other build to its end: the other build starts and
/// ends inside this one.
struct OtherBuildAt<'a> {
    questions: usize,
    catalog: &'a DataCatalog,
    other: Option<Build>,
}

impl Pause for OtherBuildAt<'_> {
    async fn pause(&mut self, _line: usize) -> Go {
        self.questions += 1;
        if self.questions == 2 {
            self.other = Some(build(
                COMPARE,
                &context(),
                &BuildOptions::default(),
                self.catalog,
            ));
        }
        Go::On
    }
}

fn both(catalog: &DataCatalog) -> (Build, Build) {
    let mut pause = OtherBuildAt {
        questions: 0,
        catalog,
        other: None,
    };
    let main = finish(build_pausing(
        MAIN,
        &context(),
        &BuildOptions::default(),
        catalog,
        &mut pause,
    ));
    let other = pause.other.unwrap_or_else(|| {
        panic!(
            "the other build ran: {:?} {} questions",
            main.error, pause.questions
        )
    });
    (main, other)
}

fn size(build: &Build) -> u64 {
    build.image().map(|i| i.size()).unwrap_or_default()
}

#[test]
fn two_builds_in_flight_each_report_their_own_lacking_data_and_end_on_real_data() {
    let catalog = fetching_catalog();
    let (main, compare) = both(&catalog);
    assert!(main.error.is_none(), "{:?}", main.error);
    assert!(compare.error.is_none(), "{:?}", compare.error);
    // Each lacks its own image's layers, and only those.
    assert!(
        main.lacking.iter().any(|p| p.contains("node-20")),
        "{:?}",
        main.lacking
    );
    assert!(
        !main.lacking.iter().any(|p| p.contains("python")),
        "{:?}",
        main.lacking
    );
    assert!(
        compare.lacking.iter().any(|p| p.contains("python")),
        "{:?}",
        compare.lacking
    );
    assert!(
        !compare.lacking.iter().any(|p| p.contains("node")),
        "{:?}",
        compare.lacking
    );
    // Stand-ins meanwhile: far smaller than the real images.
    assert!(size(&main) < 10_000_000, "{}", size(&main));

    // The page fetches what each reported and builds both again, at once,
    // until neither lacks anything (a layer names the package archive its
    // packages come from: a second round).
    let (mut main, mut compare) = (main, compare);
    for _ in 0..4 {
        if main.lacking.is_empty() && compare.lacking.is_empty() {
            break;
        }
        for path in main.lacking.iter().chain(&compare.lacking) {
            let bytes = builtin()
                .data()
                .get(path, &Lacking::default())
                .unwrap_or_else(|| panic!("{path} is shipped"));
            catalog.data().provide(path, bytes.to_vec());
        }
        (main, compare) = both(&catalog);
    }
    let (main_again, compare_again) = (main, compare);
    assert_eq!(main_again.lacking, Vec::<String>::new());
    assert_eq!(compare_again.lacking, Vec::<String>::new());
    // The same images as with every file at hand.
    let whole = |text| {
        size(&build(
            text,
            &context(),
            &BuildOptions::default(),
            builtin(),
        ))
    };
    assert_eq!(size(&main_again), whole(MAIN));
    assert_eq!(size(&compare_again), whole(COMPARE));
    assert!(size(&main_again) > 100_000_000, "{}", size(&main_again));
}

#[test]
fn a_store_of_fetched_files_holds_nothing_until_provided() {
    let store = DataStore::fetched_only();
    let lacking = Lacking::default();
    assert!(store.get("catalog.json", &lacking).is_none());
    assert_eq!(lacking.paths(), vec!["catalog.json".to_string()]);
    store.provide("catalog.json", b"{}".to_vec());
    let later = Lacking::default();
    assert_eq!(
        store.get("catalog.json", &later).as_deref(),
        Some(&b"{}"[..])
    );
    assert!(later.is_empty());
}
