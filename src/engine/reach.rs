//! Which communes the fibre network reaches: a fibre element lies in or
//! crosses the commune.

use geo::{Intersects, Line, MultiPolygon};
use rayon::prelude::*;

use crate::index::{AreaIndex, Containment, Element};
use crate::input::{Areas, Fibre};

/// Whether any fibre element lies in or crosses each area (lon/lat).
pub(crate) fn fibre_reach(areas: &Areas, index: &AreaIndex, fibre: &Fibre) -> Vec<bool> {
    let elements: Vec<Element> = fibre
        .segments
        .iter()
        .map(|&(a, b, f)| Element { a, b, feature: f })
        .chain(fibre.points.iter().map(|&(p, f)| Element {
            a: p,
            b: p,
            feature: f,
        }))
        .collect();
    let tree = rstar::RTree::bulk_load(elements);
    areas
        .items
        .par_iter()
        .enumerate()
        .map(|(i, area)| {
            let Some(rect) = geo::BoundingRect::bounding_rect(&area.geometry) else {
                return false;
            };
            let env = rstar::AABB::from_corners(
                [rect.min().x, rect.min().y],
                [rect.max().x, rect.max().y],
            );
            tree.locate_in_envelope_intersecting(env)
                .any(|e: &Element| {
                    index.containment(i, e.a) != Containment::Outside
                        || index.containment(i, e.b) != Containment::Outside
                        || (e.a != e.b && crosses(&area.geometry, e))
                })
        })
        .collect()
}

fn crosses(mp: &MultiPolygon<f64>, e: &Element) -> bool {
    let line = Line::new(
        geo::coord! { x: e.a[0], y: e.a[1] },
        geo::coord! { x: e.b[0], y: e.b[1] },
    );
    line.intersects(mp)
}
