//! Analysis: what a build means. One serializable `Report` that the web
//! app, the lessons and the command line all show: sizes, efficiency and
//! waste as dive computes them, and whether the image runs.

pub mod cache;
pub mod diff;
pub mod efficiency;
pub mod lineage;
pub mod lint;
pub mod run_check;
pub mod sizes;
pub mod timing;

use serde::Serialize;

use crate::engine::build::Build;
use crate::engine::context::BuildContext;
use crate::engine::image::Image;
use crate::engine::layer::Change;

pub use efficiency::{Efficiency, WastefulPath};
pub use lint::{Finding, Rule};
pub use run_check::{RunCheck, Verdict};
pub use sizes::Sizes;

/// A wasteful path, with the instructions responsible.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Waste {
    #[serde(flatten)]
    pub path: WastefulPath,
    /// `line 4: RUN ...` or `golang:1.22: ...`, one per layer.
    pub instructions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub sizes: Sizes,
    /// dive's figures over every layer.
    pub efficiency: Efficiency,
    /// The same with the base image squashed into one first layer: only
    /// the waste this Dockerfile made.
    pub efficiency_over_base: Efficiency,
    /// The largest wasteful paths, with what made them.
    pub waste: Vec<Waste>,
    pub run: RunCheck,
    /// Lint findings, by line.
    pub lint: Vec<Finding>,
    /// How much of the final image each instruction put there.
    pub contributions: Vec<lineage::Contribution>,
    /// Every COPY --from and what it carried.
    pub copies: Vec<lineage::CopyFrom>,
    /// Simulated durations: BuildKit's critical path and the legacy
    /// builder's sequence.
    pub timing: timing::Timing,
}

/// How many wasteful paths a report lists.
const WASTE_LISTED: usize = 20;

fn describe(image: &Image, index: usize) -> String {
    match image.layers.get(index) {
        Some(layer) => match &layer.origin {
            crate::engine::image::LayerOrigin::Step { line, .. } => {
                format!("line {line}: {}", layer.created_by)
            }
            crate::engine::image::LayerOrigin::Base { image } => {
                format!("{image}: {}", layer.created_by)
            }
        },
        None => format!("layer {index}"),
    }
}

/// What the analysis works out once of a catalog image's layers, kept
/// with the image for every build on it.
struct BaseAnalysis {
    efficiency: efficiency::BaseFigures,
    lineage: lineage::BaseLineage,
}

/// The image's base analysis, when its first `base_count` layers are
/// those of the catalog image it was built on (the very same changes).
fn base_analysis(
    image: &Image,
    base_count: usize,
    layers: &[Vec<&Change>],
) -> Option<std::sync::Arc<BaseAnalysis>> {
    let base = image.base.as_ref()?;
    let same = base_count > 0
        && base.layers.len() == base_count
        && base
            .layers
            .iter()
            .zip(&image.layers)
            .all(|(b, l)| std::sync::Arc::ptr_eq(&b.changes, &l.changes));
    if !same {
        return None;
    }
    let memo = base.analysis.get_or_init(|| {
        std::sync::Arc::new(BaseAnalysis {
            efficiency: efficiency::BaseFigures::of(&layers[..base_count]),
            lineage: lineage::BaseLineage::of(&image.layers[..base_count]),
        })
    });
    memo.clone().downcast::<BaseAnalysis>().ok()
}

/// Analyzes a build over `context`: its final image, and the
/// Dockerfile's lint; None when the build made no image.
pub fn analyze(context: &BuildContext, build: &Build) -> Option<Report> {
    let image = build.image()?;
    let layers: Vec<Vec<&Change>> = image
        .layers
        .iter()
        .map(|l| l.changes.iter().collect())
        .collect();
    let sizes_of: Vec<u64> = image.layers.iter().map(|l| l.size).collect();
    let base_count = image.base_layer_count();
    let base = base_analysis(image, base_count, &layers);
    let (efficiency, efficiency_over_base) = match &base {
        Some(base) => {
            efficiency::efficiencies_over(&base.efficiency, &layers, &sizes_of, base_count)
        }
        None => efficiency::efficiencies(&layers, &sizes_of, base_count),
    };
    let waste = efficiency
        .wasteful
        .iter()
        .take(WASTE_LISTED)
        .map(|path| Waste {
            path: path.clone(),
            instructions: path.layers.iter().map(|&i| describe(image, i)).collect(),
        })
        .collect();
    Some(Report {
        sizes: sizes::sizes(build, image),
        efficiency,
        efficiency_over_base,
        waste,
        run: run_check::run_check(image),
        lint: lint::lint(context, build),
        contributions: lineage::contributions_over(
            build,
            base.as_ref().map(|b| (&b.lineage, base_count)),
        ),
        copies: lineage::copies(build),
        timing: timing::timing(build),
    })
}
