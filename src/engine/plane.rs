//! The metric plane of a run.

use crate::config::{ProjectionChoice, Scenario};
use crate::index::Element;
use crate::input::{Areas, Fibre, Households, Inputs};
use crate::projection::Projection;
use crate::Result;

/// The projection of a run: the scenario's choice, centred on the areas
/// and the households when it is `auto` (the same plane for the checks and
/// the engine).
pub fn projection_of(
    choice: &ProjectionChoice,
    areas: &Areas,
    households: Option<&Households>,
) -> Result<Projection> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut add = |x: f64| {
        lo = lo.min(x);
        hi = hi.max(x);
    };
    for a in &areas.items {
        for p in &a.geometry.0 {
            for c in &p.exterior().0 {
                add(c.x);
            }
        }
    }
    for &x in households.map_or(&[][..], |h| &h.lon[..]) {
        add(x);
    }
    Projection::choose(choice, lo, hi)
}

/// [`projection_of`] a run's inputs.
pub fn choose_projection(scenario: &Scenario, inputs: &Inputs) -> Result<Projection> {
    projection_of(
        &scenario.projection,
        &inputs.areas,
        Some(&inputs.households),
    )
}

/// The fibre network on the plane: its cable segments, then its
/// distribution points (as zero-length elements), each with its feature.
pub fn fibre_elements(projection: &Projection, fibre: &Fibre) -> Vec<Element> {
    fibre
        .segments
        .iter()
        .map(|&(a, b, f)| Element {
            a: projection.forward(a[0], a[1]),
            b: projection.forward(b[0], b[1]),
            feature: f,
        })
        .chain(fibre.points.iter().map(|&(p, f)| {
            let q = projection.forward(p[0], p[1]);
            Element {
                a: q,
                b: q,
                feature: f,
            }
        }))
        .collect()
}
