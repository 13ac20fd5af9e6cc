//! Households: duplicate ids, households in no commune, and households far
//! from every commune (likely swapped lat/lon or a wrong CRS).

use std::collections::HashMap;

use geo::{BoundingRect, Distance, Euclidean, Point};

use super::polygons::AreaGeometry;
use super::{locate, Collector, Kind};
use crate::index::AreaIndex;
use crate::input::{Areas, Households, LayerMeta};
use crate::projection::Projection;

/// Duplicate household ids, each repeat reported; returns the rows of the
/// repeats (every occurrence after the first, in file order), which a run
/// under `--allow-invalid` drops so that each household counts once.
///
/// The ids are hashed in parallel and sorted by (hash, row); equal hashes
/// are then compared as strings, so the result (each repeat named with the
/// row of its first occurrence, in file order) is that of a sequential scan
/// with a hash map, at a fraction of the time for millions of rows.
pub fn check_duplicate_ids(c: &mut Collector<'_>, h: &Households, meta: &LayerMeta) -> Vec<usize> {
    use rayon::prelude::*;
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let mut keyed: Vec<(u64, u32)> = (0..h.len())
        .into_par_iter()
        .map(|i| {
            let mut hs = state.build_hasher();
            hs.write(h.ids.get(i).as_bytes());
            (hs.finish(), i as u32)
        })
        .collect();
    keyed.par_sort_unstable();
    // (row, row of its first occurrence) for every repeat.
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < keyed.len() {
        let mut e = k + 1;
        while e < keyed.len() && keyed[e].0 == keyed[k].0 {
            e += 1;
        }
        if e - k > 1 {
            // Rows with the same hash, in file order: group by string.
            let mut first: HashMap<&str, usize> = HashMap::new();
            for &(_, i) in &keyed[k..e] {
                let i = i as usize;
                match first.get(h.ids.get(i)) {
                    Some(&j) => repeats.push((i, j)),
                    None => {
                        first.insert(h.ids.get(i), i);
                    }
                }
            }
        }
        k = e;
    }
    repeats.sort_unstable();
    let rows = repeats.iter().map(|&(i, _)| i).collect();
    for (i, j) in repeats {
        let id = h.ids.get(i);
        c.add(
            Kind::DuplicateId,
            &meta.path,
            format!("{} (id {id})", locate(meta, i)),
            format!(
                "the household id {id:?} occurs more than once (first at {}); only the first \
                 is counted (with --allow-invalid): fix or remove the duplicate",
                locate(meta, j)
            ),
        );
    }
    rows
}

/// Each household against the communes (duplicate ids are
/// [`check_duplicate_ids`], called before). Returns the
/// area of each household under the engine's rule ([`AreaIndex::locate`]
/// in lon/lat; [`crate::index::UNASSIGNED`] for none), which the run
/// reuses instead of locating every household again. A household in no
/// commune but within `snap_m` (> 0) metres of one is given the nearest
/// commune and listed as [`Kind::Snapped`].
#[allow(clippy::too_many_arguments)]
pub fn check_households(
    c: &mut Collector<'_>,
    h: &Households,
    meta: &LayerMeta,
    areas: &Areas,
    index: &AreaIndex,
    geo: &AreaGeometry,
    proj: &Projection,
    snap_m: f64,
) -> Vec<u32> {
    use rayon::prelude::*;
    // Households in no commune, by the engine's rule (point in polygon in
    // lon/lat, `index` is the engine's `AreaIndex` of `areas`), so that
    // this check lists exactly the households the run counts as
    // unassigned.
    let mut area: Vec<u32> = (0..h.len())
        .into_par_iter()
        .with_min_len(1 << 12)
        .map(|i| {
            index
                .locate([h.lon[i], h.lat[i]])
                .unwrap_or(crate::index::UNASSIGNED)
        })
        .collect();
    let outside: Vec<usize> = (0..h.len())
        .filter(|&i| area[i] == crate::index::UNASSIGNED)
        .collect();
    let boxes: Vec<Option<geo::Rect<f64>>> =
        geo.projected.iter().map(|p| p.bounding_rect()).collect();
    let far_m = c.params().far_outside_m;
    let [bmin, bmax] = geo.bbox_deg;
    let inside_bbox = |lon: f64, lat: f64| {
        (bmin[0]..=bmax[0]).contains(&lon) && (bmin[1]..=bmax[1]).contains(&lat)
    };
    // The nearest commune of each household outside them all, in
    // parallel (each on its own: the same result on any thread count);
    // the findings then in file order.
    let nearest_of: Vec<(usize, f64, Option<usize>)> = outside
        .par_iter()
        .map(|&i| {
            let (best, nearest) = nearest_area(proj.forward(h.lon[i], h.lat[i]), &boxes, geo);
            (i, best, nearest)
        })
        .collect();
    for (i, best, nearest) in nearest_of {
        let (lon, lat) = (h.lon[i], h.lat[i]);
        let id = h.ids.get(i);
        let loc = format!("{} (id {id})", locate(meta, i));
        let nearest_id = nearest.map(|k| areas.items[k].id.as_str()).unwrap_or("?");
        if let Some(k) = nearest.filter(|_| snap_m > 0.0 && best <= snap_m) {
            area[i] = k as u32;
            c.add(
                Kind::Snapped,
                &meta.path,
                loc,
                format!(
                    "the household at lon {lon:.6}, lat {lat:.6} is in no commune; snapped to the \
                     nearest, {nearest_id}, {best:.0} m away (snap_outside_m = {snap_m})"
                ),
            );
        } else if best > far_m {
            let hint = if inside_bbox(lat, lon) {
                "lat and lon look swapped: swapping them puts it among the communes".to_string()
            } else {
                format!(
                    "likely swapped lat/lon or a wrong CRS (the layer was read as {})",
                    meta.crs
                )
            };
            c.add(
                Kind::FarOutside,
                &meta.path,
                loc,
                format!(
                    "the household at lon {lon:.6}, lat {lat:.6} is {:.1} km from the nearest \
                     commune ({nearest_id}): {hint}",
                    best / 1000.0
                ),
            );
        } else {
            c.add(
                Kind::OutsideCommunes,
                &meta.path,
                loc,
                format!(
                    "the household at lon {lon:.6}, lat {lat:.6} is in no commune ({best:.0} m from \
                     {nearest_id}); it is counted as unassigned"
                ),
            );
        }
    }
    area
}

/// The distance from `p` (projected) to the nearest area and which one:
/// exact distances on the areas whose boxes could be nearer than the best
/// so far, boxes taken nearest first (ties: the lower index).
fn nearest_area(
    p: [f64; 2],
    boxes: &[Option<geo::Rect<f64>>],
    geo: &AreaGeometry,
) -> (f64, Option<usize>) {
    let pt = Point::new(p[0], p[1]);
    let mut order: Vec<(f64, usize)> = boxes
        .iter()
        .enumerate()
        .filter_map(|(k, b)| b.map(|b| (Euclidean.distance(&pt, &b), k)))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best = f64::INFINITY;
    let mut nearest = None;
    for (box_d, k) in order {
        if box_d >= best {
            break;
        }
        let d = Euclidean.distance(&pt, &geo.projected[k]);
        if d < best {
            best = d;
            nearest = Some(k);
        }
    }
    (best, nearest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::polygons::check_polygons;
    use crate::config::CheckParams;
    use crate::config::ProjectionChoice;
    use crate::input::{Area, CrsSource, Source};
    use geo::{LineString, MultiPolygon, Polygon};

    #[test]
    fn outside_far_and_swapped() {
        let sq = MultiPolygon(vec![Polygon::new(
            LineString::from(vec![
                (105.0, 9.0),
                (105.1, 9.0),
                (105.1, 9.1),
                (105.0, 9.1),
                (105.0, 9.0),
            ]),
            vec![],
        )]);
        // A second commune far away so that a swapped point lands in the box.
        let sq2 = MultiPolygon(vec![Polygon::new(
            LineString::from(vec![
                (9.0, 105.0),
                (9.1, 105.0),
                (9.1, 105.05),
                (9.0, 105.05),
                (9.0, 105.0),
            ]),
            vec![],
        )]);
        let _ = sq2;
        let areas = Areas::new(
            vec![Area {
                id: "A".into(),
                name: "A".into(),
                parent: None,
                geometry: sq,
            }],
            "a.geojson".as_ref(),
        )
        .unwrap();
        let ameta = LayerMeta {
            path: "a.geojson".into(),
            crs: crate::crs::Crs::wgs84(),
            crs_source: CrsSource::Default,
            sources: vec![Source::Feature(1)],
        };
        let mut h = Households::default();
        h.push("in", 105.05, 9.05, true, None);
        h.push("near", 105.101, 9.05, true, None);
        h.push("far", 106.5, 9.05, true, None);
        h.push("in", 105.02, 9.02, true, None);
        let hmeta = LayerMeta {
            path: "h.csv".into(),
            crs: crate::crs::Crs::wgs84(),
            crs_source: CrsSource::Default,
            sources: (2..=5).map(Source::Line).collect(),
        };
        let proj = Projection::choose(&ProjectionChoice::Auto, 105.0, 105.1).unwrap();
        let params = CheckParams::default();
        let mut c = Collector::new(&params);
        let g = check_polygons(&mut c, &areas, &ameta, &proj);
        assert_eq!(check_duplicate_ids(&mut c, &h, &hmeta), vec![3]);
        let index = AreaIndex::new(areas.items.iter().map(|a| &a.geometry));
        check_households(&mut c, &h, &hmeta, &areas, &index, &g, &proj, 0.0);
        let r = c.finish();
        let text: Vec<String> = r.findings.iter().map(|f| f.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:#?}");
        assert!(text[0].starts_with("error: h.csv: line 5 (id in): the household id \"in\" occurs more than once (first at line 2)"), "{text:#?}");
        assert!(
            text[1]
                .starts_with("warning: h.csv: line 3 (id near): the household at lon 105.101000"),
            "{text:#?}"
        );
        assert!(
            text[2].starts_with("error: h.csv: line 4 (id far):")
                && text[2].contains("km from the nearest commune (A)"),
            "{text:#?}"
        );
        // Snapping within 200 m: "near" (about 110 m east) goes to A, "far"
        // (150 km) stays unassigned and far outside.
        let mut c = Collector::new(&params);
        let g = check_polygons(&mut c, &areas, &ameta, &proj);
        check_duplicate_ids(&mut c, &h, &hmeta);
        let area = check_households(&mut c, &h, &hmeta, &areas, &index, &g, &proj, 200.0);
        assert_eq!(area, vec![0, 0, crate::index::UNASSIGNED, 0]);
        let text: Vec<String> = c.finish().findings.iter().map(|f| f.to_string()).collect();
        assert!(
            text[1]
                .starts_with("warning: h.csv: line 3 (id near): the household at lon 105.101000")
                && text[1].contains("snapped to the nearest, A, 110 m away")
                && text[1].ends_with("[snapped]"),
            "{text:#?}"
        );
        assert!(text[2].contains("(id far)"), "{text:#?}");
    }
}
