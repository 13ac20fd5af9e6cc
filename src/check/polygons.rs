//! Commune polygons: validity (self-intersections, rings that are too
//! short, holes outside their shell: OGC Simple Features rules as checked
//! by `geo`'s `Validation`), overlaps between communes and gaps between
//! them, with their areas in m² / ha computed on a metric plane.

use geo::{Area, BooleanOps, BoundingRect, MultiPolygon, Polygon};
use rayon::prelude::*;

use super::rect_clip::clip_multipolygon;
use super::{locate, Collector, Kind};
use crate::input::{Areas, LayerMeta};
use crate::projection::Projection;

/// What the polygon check learnt, for the later checks.
pub struct AreaGeometry {
    /// Each area projected to metres (same order as `Areas::items`).
    pub projected: Vec<MultiPolygon<f64>>,
    /// Whether each area is a valid polygon (invalid ones are left out of
    /// the overlap and gap checks).
    pub valid: Vec<bool>,
    /// Bounding box of all areas, lon/lat degrees: `[min, max]`.
    pub bbox_deg: [[f64; 2]; 2],
}

/// "1,234 m²" below a hectare, else "12.3 ha".
pub fn format_area(m2: f64) -> String {
    if m2 < 10_000.0 {
        format!("{m2:.0} m²")
    } else {
        format!("{:.2} ha", m2 / 10_000.0)
    }
}

/// Run a geometry operation that may panic on degenerate input (i_overlay,
/// see apache/sedona-db#1178) without taking the check down.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// The union of many multipolygons, in one sweep of i_overlay over every
/// ring (`geo::unary_union`), after orienting each polygon the OGC way
/// (exterior counter-clockwise, holes clockwise): `unary_union` fills by
/// the sign of the winding count it takes from the first ring, so with
/// that orientation a hole counts −1 against its shell's +1 and stays a
/// hole unless another area covers it, and overlapping members stay
/// filled. (Unoriented input is why geo 0.33.1's `unary_union` can drop
/// holes; pairwise `BooleanOps::union`, the previous way, gives the same
/// union at several times the cost.)
fn union_all(items: &[MultiPolygon<f64>]) -> MultiPolygon<f64> {
    use geo::orient::{Direction, Orient};
    let oriented: Vec<MultiPolygon<f64>> =
        items.iter().map(|m| m.orient(Direction::Default)).collect();
    geo::unary_union(&oriented)
}

/// Check validity, overlaps and gaps.
pub fn check_polygons(
    c: &mut Collector<'_>,
    areas: &Areas,
    meta: &LayerMeta,
    proj: &Projection,
) -> AreaGeometry {
    let projected: Vec<MultiPolygon<f64>> = areas
        .items
        .iter()
        .map(|a| proj.forward_multipolygon(&a.geometry))
        .collect();
    let mut bbox_deg = [[f64::INFINITY; 2], [f64::NEG_INFINITY; 2]];
    for a in &areas.items {
        if let Some(r) = a.geometry.bounding_rect() {
            bbox_deg[0][0] = bbox_deg[0][0].min(r.min().x);
            bbox_deg[0][1] = bbox_deg[0][1].min(r.min().y);
            bbox_deg[1][0] = bbox_deg[1][0].max(r.max().x);
            bbox_deg[1][1] = bbox_deg[1][1].max(r.max().y);
        }
    }
    let mut valid = check_validity(c, areas, meta);
    check_zero_area(c, areas, meta, &projected, &mut valid);
    let boxes: Vec<Option<geo::Rect<f64>>> = projected.iter().map(|p| p.bounding_rect()).collect();
    check_overlaps(c, areas, meta, &projected, &boxes, &valid);
    check_gaps(c, areas, meta, proj, &projected, &boxes, &valid);
    AreaGeometry {
        projected,
        valid,
        bbox_deg,
    }
}

/// Where area `i` is, for a finding: its feature or row and its id.
fn loc(meta: &LayerMeta, areas: &Areas, i: usize) -> String {
    format!("{} (id {})", locate(meta, i), areas.items[i].id)
}

/// Whether each area is a valid polygon (OGC rules), reporting each
/// invalid one. When invalid polygons are not checked (severity off),
/// every area counts as valid.
fn check_validity(c: &mut Collector<'_>, areas: &Areas, meta: &LayerMeta) -> Vec<bool> {
    let mut valid = vec![true; areas.items.len()];
    let validity_on = c.params().severity_of(Kind::InvalidPolygon) != super::Severity::Off;
    let all_errors: Vec<Vec<String>> = if validity_on {
        areas
            .items
            .par_iter()
            .map(|a| super::validity::polygon_problems(&a.geometry))
            .collect()
    } else {
        vec![Vec::new(); areas.items.len()]
    };
    for (i, errors) in all_errors.into_iter().enumerate() {
        if !errors.is_empty() {
            valid[i] = false;
            let what = errors;
            c.add(
                Kind::InvalidPolygon,
                &meta.path,
                loc(meta, areas, i),
                format!(
                    "invalid polygon: {}; repair it (QGIS: Vector > Geometry Tools > Fix Geometries)",
                    what.join("; ")
                ),
            );
        }
    }
    valid
}

/// A valid area enclosing (almost) nothing — under 1 m², e.g. all its
/// points on one line — holds no household: an error, and the area no
/// longer counts as valid.
fn check_zero_area(
    c: &mut Collector<'_>,
    areas: &Areas,
    meta: &LayerMeta,
    projected: &[MultiPolygon<f64>],
    valid: &mut [bool],
) {
    for (i, p) in projected.iter().enumerate() {
        let area_m2 = p.unsigned_area();
        // Also in degrees: points on one parallel enclose nothing, but the
        // parallel curves in the projection (a 2 km "commune" gets ~20 m²).
        let deg = &areas.items[i].geometry;
        let flat = deg.bounding_rect().is_some_and(|r| {
            let diag2 = r.width().powi(2) + r.height().powi(2);
            deg.unsigned_area() <= 1e-9 * diag2
        });
        if valid[i] && (area_m2.is_nan() || area_m2 < 1.0 || flat) {
            valid[i] = false;
            c.add(
                Kind::InvalidPolygon,
                &meta.path,
                loc(meta, areas, i),
                "the commune has zero area: its rings enclose nothing (under 1 m², e.g. \
                 all its points on one line); give its real boundary",
            );
        }
    }
}

/// Overlaps: every pair of valid areas whose boxes (`boxes`, projected)
/// meet, reported (on the first of the pair) when they share more than
/// `min_overlap_m2`. Pairs whose intersection fails are skipped.
fn check_overlaps(
    c: &mut Collector<'_>,
    areas: &Areas,
    meta: &LayerMeta,
    projected: &[MultiPolygon<f64>],
    boxes: &[Option<geo::Rect<f64>>],
    valid: &[bool],
) {
    let min_overlap = c.params().min_overlap_m2;
    let overlaps_on = c.params().severity_of(Kind::Overlap) != super::Severity::Off;
    let mut pairs = Vec::new();
    for i in (0..projected.len()).filter(|_| overlaps_on) {
        for j in i + 1..projected.len() {
            let (Some(a), Some(b)) = (boxes[i], boxes[j]) else {
                continue;
            };
            if valid[i]
                && valid[j]
                && a.max().x >= b.min().x
                && b.max().x >= a.min().x
                && a.max().y >= b.min().y
                && b.max().y >= a.min().y
            {
                pairs.push((i, j));
            }
        }
    }
    // Each pair clipped to its boxes' intersection first, where all of
    // their overlap lies (src/check/rect_clip.rs).
    let overlap_m2: Vec<Option<f64>> = pairs
        .par_iter()
        .map(|&(i, j)| {
            let (Some(a), Some(b)) = (boxes[i], boxes[j]) else {
                return Some(0.0);
            };
            let r = geo::Rect::new(
                (a.min().x.max(b.min().x), a.min().y.max(b.min().y)),
                (a.max().x.min(b.max().x), a.max().y.min(b.max().y)),
            );
            let (pi, pj) = (
                clip_multipolygon(&projected[i], &r),
                clip_multipolygon(&projected[j], &r),
            );
            guarded(|| pi.intersection(&pj).unsigned_area())
        })
        .collect();
    for (&(i, j), area) in pairs.iter().zip(overlap_m2) {
        let Some(area) = area else {
            continue;
        };
        if area > min_overlap {
            c.add(
                Kind::Overlap,
                &meta.path,
                loc(meta, areas, i),
                format!(
                    "overlaps {} (id {}) by {}; households there are counted once, in the \
                     commune with the lowest code; fix the boundaries",
                    locate(meta, j),
                    areas.items[j].id,
                    format_area(area)
                ),
            );
        }
    }
}

/// Gaps: the holes of more than `min_gap_m2` in the union of all valid
/// areas, each reported with its area, up to six valid areas whose boxes
/// (1 m of slack) meet it, and its centre in lon/lat. Nothing when the
/// union fails.
fn check_gaps(
    c: &mut Collector<'_>,
    areas: &Areas,
    meta: &LayerMeta,
    proj: &Projection,
    projected: &[MultiPolygon<f64>],
    boxes: &[Option<geo::Rect<f64>>],
    valid: &[bool],
) {
    let valid_areas: Vec<MultiPolygon<f64>> = projected
        .iter()
        .zip(valid)
        .filter(|(_, v)| **v)
        .map(|(p, _)| p.clone())
        .collect();
    let gaps_on = c.params().severity_of(Kind::Gap) != super::Severity::Off;
    let union = if gaps_on {
        guarded(|| union_all(&valid_areas))
    } else {
        None
    };
    let Some(union) = union else {
        return;
    };
    let min_gap = c.params().min_gap_m2;
    for poly in &union.0 {
        for hole in poly.interiors() {
            let hole_poly = Polygon::new(hole.clone(), vec![]);
            let area = hole_poly.unsigned_area();
            if area <= min_gap {
                continue;
            }
            let Some(r) = hole_poly.bounding_rect() else {
                continue;
            };
            let centre = proj.inverse((r.min().x + r.max().x) / 2.0, (r.min().y + r.max().y) / 2.0);
            let around: Vec<&str> = boxes
                .iter()
                .enumerate()
                .filter(|(k, b)| {
                    valid[*k]
                        && b.is_some_and(|b| {
                            // 1 m of slack: neighbours share the gap's edges.
                            b.min().x <= r.max().x + 1.0
                                && r.min().x <= b.max().x + 1.0
                                && b.min().y <= r.max().y + 1.0
                                && r.min().y <= b.max().y + 1.0
                        })
                })
                .map(|(k, _)| areas.items[k].id.as_str())
                .take(6)
                .collect();
            c.add(
                Kind::Gap,
                &meta.path,
                "",
                format!(
                    "a gap of {} between communes {} near lon {:.5}, lat {:.5} belongs to no \
                     commune; households there are unassigned",
                    format_area(area),
                    around.join(", "),
                    centre[0],
                    centre[1]
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CheckParams;
    use crate::config::ProjectionChoice;
    use crate::input::{Area, LayerMeta, Source};
    use geo::Area as _;
    use geo::LineString;

    fn square(id: &str, x0: f64, y0: f64, d: f64) -> Area {
        Area {
            id: id.into(),
            name: id.into(),
            parent: None,
            geometry: MultiPolygon(vec![Polygon::new(sq(x0, y0, d), vec![])]),
        }
    }

    /// The closed ring of the square with corner (x0, y0) and side d.
    fn sq(x0: f64, y0: f64, d: f64) -> LineString<f64> {
        LineString::from(vec![
            (x0, y0),
            (x0 + d, y0),
            (x0 + d, y0 + d),
            (x0, y0 + d),
            (x0, y0),
        ])
    }

    fn meta(n: usize) -> LayerMeta {
        LayerMeta {
            path: "a.geojson".into(),
            crs: crate::crs::Crs::wgs84(),
            crs_source: crate::input::CrsSource::Default,
            sources: (1..=n).map(Source::Feature).collect(),
        }
    }

    #[test]
    fn union_keeps_holes_and_overlaps() {
        // A 10 × 10 square with a 2 × 2 hole, its rings both clockwise as
        // some files have them, and a disjoint square: the hole stays.
        let mut shell = sq(0.0, 0.0, 10.0);
        shell.0.reverse();
        let mut hole = sq(4.0, 4.0, 2.0);
        hole.0.reverse();
        let holed = MultiPolygon(vec![Polygon::new(shell, vec![hole])]);
        let other = MultiPolygon(vec![Polygon::new(sq(20.0, 0.0, 5.0), vec![])]);
        let u = union_all(&[holed.clone(), other.clone()]);
        assert!((u.unsigned_area() - (96.0 + 25.0)).abs() < 1e-9, "{u:?}");
        assert_eq!(u.0.iter().map(|p| p.interiors().len()).sum::<usize>(), 1);
        // An area filling the hole closes it; overlapping areas are one.
        let plug = MultiPolygon(vec![Polygon::new(sq(3.0, 3.0, 4.0), vec![])]);
        let u = union_all(&[holed.clone(), plug]);
        assert!((u.unsigned_area() - 100.0).abs() < 1e-9, "{u:?}");
        assert!(u.0.iter().all(|p| p.interiors().is_empty()));
        let shifted = MultiPolygon(vec![Polygon::new(sq(5.0, 0.0, 10.0), vec![])]);
        let u = union_all(&[holed, shifted]);
        assert!((u.unsigned_area() - (150.0 - 2.0)).abs() < 1e-9, "{u:?}");
    }

    #[test]
    fn overlap_gap_and_bowtie() {
        // A and B overlap by 0.001° × 0.01°; C leaves a gap between B and D.
        let mut items = vec![
            square("A", 105.0, 9.0, 0.01),
            square("B", 105.009, 9.0, 0.01),
        ];
        // A ring around a hole: four strips framing a 0.002° square gap.
        items.push(Area {
            id: "F".into(),
            name: "F".into(),
            parent: None,
            geometry: MultiPolygon(vec![Polygon::new(
                LineString::from(vec![
                    (105.1, 9.1),
                    (105.11, 9.1),
                    (105.11, 9.11),
                    (105.1, 9.11),
                    (105.1, 9.1),
                ]),
                vec![LineString::from(vec![
                    (105.104, 9.104),
                    (105.106, 9.104),
                    (105.106, 9.106),
                    (105.104, 9.106),
                    (105.104, 9.104),
                ])],
            )]),
        });
        items.push(Area {
            id: "Z".into(),
            name: "Z".into(),
            parent: None,
            geometry: MultiPolygon(vec![Polygon::new(
                LineString::from(vec![
                    (105.2, 9.2),
                    (105.21, 9.21),
                    (105.21, 9.2),
                    (105.2, 9.21),
                    (105.2, 9.2),
                ]),
                vec![],
            )]),
        });
        let areas = Areas::new(items, "a.geojson".as_ref()).unwrap();
        let proj = Projection::choose(&ProjectionChoice::Auto, 105.0, 105.21).unwrap();
        let params = CheckParams::default();
        let mut c = Collector::new(&params);
        let g = check_polygons(&mut c, &areas, &meta(4), &proj);
        let r = c.finish();
        let text: Vec<String> = r.findings.iter().map(|f| f.to_string()).collect();
        assert!(!g.valid[3], "{text:?}");
        assert!(
            text.iter().any(|t| t
                .starts_with("error: a.geojson: feature 1 (id A): overlaps feature 2 (id B) by")
                && t.contains(" ha")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("feature 4 (id Z): invalid polygon")
                    && t.contains("self-intersection")),
            "{text:?}"
        );
        // The hole of F is a gap (about 220 m × 220 m ≈ 4.9 ha).
        assert!(
            text.iter()
                .any(|t| t.starts_with("warning: a.geojson: a gap of 4.") && t.contains("F")),
            "{text:?}"
        );
    }
}
