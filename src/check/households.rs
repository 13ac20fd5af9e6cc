//! Households: duplicate ids, households in no commune, and households far
//! from every commune (likely swapped lat/lon or a wrong CRS).

use std::collections::HashMap;

use super::nearest_commune::NearestCommune;
use super::polygons::AreaGeometry;
use super::{locate, Collector, Kind};
use crate::index::AreaIndex;
use crate::input::{Areas, Households, LayerMeta, Strings};
use crate::projection::Projection;

/// Duplicate household ids, each repeat reported; returns the rows of the
/// repeats (every occurrence after the first, in file order), which a run
/// under `--allow-invalid` drops so that each household counts once.
pub fn check_duplicate_ids(c: &mut Collector<'_>, h: &Households, meta: &LayerMeta) -> Vec<usize> {
    report_duplicate_ids(c, h, meta, repeated_ids(&h.ids))
}

/// [`check_duplicate_ids`] with the repeats already found by
/// [`repeated_ids`].
pub fn report_duplicate_ids(
    c: &mut Collector<'_>,
    h: &Households,
    meta: &LayerMeta,
    repeats: Vec<(usize, usize)>,
) -> Vec<usize> {
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

/// (row, row of its first occurrence) of every repeated id, by row: that
/// of a sequential scan with a hash map.
///
/// Ids that increase strictly from row to row (in byte order by length,
/// or in [`natural_cmp`]'s order: files sorted by id, `1, 2, … 10`, `h9,
/// h10`, `8210101-9, 8210101-10, 8210102-1`) are all different: no hash
/// is needed. Otherwise the ids are hashed in parallel and the rows
/// sorted by the hash's high 32 bits (one 64-bit word per row: the bits,
/// then the row); rows sharing those bits are then compared as strings,
/// so a collision of the hash never hides or invents a repeat.
pub fn repeated_ids(ids: &Strings) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let n = ids.len();
    let increasing = |less: fn(&[u8], &[u8]) -> bool| {
        (1..n)
            .into_par_iter()
            .with_min_len(1 << 14)
            .all(|i| less(ids.get(i - 1).as_bytes(), ids.get(i).as_bytes()))
    };
    if increasing(|a, b| (a.len(), a) < (b.len(), b))
        || increasing(|a, b| natural_cmp(a, b).is_lt())
    {
        return Vec::new();
    }
    repeated_by_hash(ids, 32)
}

/// [`repeated_ids`] of ids that do not increase: rows grouped by the
/// first `hash_bits` (1..=32) bits of their id's hash (fewer bits: more
/// rows share them, for tests).
fn repeated_by_hash(ids: &Strings, hash_bits: u32) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    use std::hash::{BuildHasher, Hasher};
    let n = ids.len();
    let state = foldhash::fast::RandomState::default();
    let hash32 = |i: usize| {
        let mut hs = state.build_hasher();
        hs.write(ids.get(i).as_bytes());
        (hs.finish() >> (64 - hash_bits)) << 32
    };
    // One word per row: the high 32 bits of the id's hash, then the row
    // (sorting 8-byte words is about twice as fast as (hash, row) pairs).
    // Rows with the same high bits end up together, in file order.
    let mut keyed: Vec<u64> = if n <= u32::MAX as usize {
        (0..n)
            .into_par_iter()
            .map(|i| hash32(i) | i as u64)
            .collect()
    } else {
        return repeated_by_map(ids);
    };
    keyed.par_sort_unstable();
    // (row, row of its first occurrence) for every repeat.
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    let row = |w: u64| (w & u32::MAX as u64) as usize;
    let mut k = 0;
    while k < keyed.len() {
        let mut e = k + 1;
        while e < keyed.len() && keyed[e] >> 32 == keyed[k] >> 32 {
            e += 1;
        }
        match e - k {
            1 => {}
            // Mostly two different ids sharing 32 bits of hash.
            2 => {
                let (i, j) = (row(keyed[k + 1]), row(keyed[k]));
                if ids.get(i) == ids.get(j) {
                    repeats.push((i, j));
                }
            }
            _ => {
                // Rows with the same hash bits, in file order: by string.
                let mut first: HashMap<&str, usize> = HashMap::new();
                for &w in &keyed[k..e] {
                    let i = row(w);
                    match first.get(ids.get(i)) {
                        Some(&j) => repeats.push((i, j)),
                        None => {
                            first.insert(ids.get(i), i);
                        }
                    }
                }
            }
        }
        k = e;
    }
    repeats.sort_unstable();
    repeats
}

/// [`repeated_ids`] by a sequential scan with a hash map (more than
/// 2³² rows).
fn repeated_by_map(ids: &Strings) -> Vec<(usize, usize)> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for i in 0..ids.len() {
        match first.get(ids.get(i)) {
            Some(&j) => out.push((i, j)),
            None => {
                first.insert(ids.get(i), i);
            }
        }
    }
    out
}

/// A strict total order on ids in which runs of digits compare as
/// numbers (`h9` < `h10`): the ids are cut into maximal runs of ASCII
/// digits and of other bytes, compared run by run (a digit run before any
/// other; digit runs by value, then by their count of leading zeros;
/// others byte by byte; a prefix first). Different ids never compare
/// equal, so ids increasing in it are all different.
pub(crate) fn natural_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let run_end = |s: &[u8], i: usize, digit: bool| {
        i + s[i..]
            .iter()
            .position(|c| c.is_ascii_digit() != digit)
            .unwrap_or(s.len() - i)
    };
    let (mut i, mut j) = (0, 0);
    loop {
        let (x, y) = match (a.get(i), b.get(j)) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => (x.is_ascii_digit(), y.is_ascii_digit()),
        };
        let (ie, je) = (run_end(a, i, x), run_end(b, j, y));
        let order = match (x, y) {
            (true, true) => {
                let (ra, rb) = (&a[i..ie], &b[j..je]);
                let za = ra.iter().take_while(|&&c| c == b'0').count();
                let zb = rb.iter().take_while(|&&c| c == b'0').count();
                let (va, vb) = (&ra[za..], &rb[zb..]);
                va.len().cmp(&vb.len()).then(va.cmp(vb)).then(za.cmp(&zb))
            }
            (false, false) => a[i..ie].cmp(&b[j..je]),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
        };
        if order.is_ne() {
            return order;
        }
        (i, j) = (ie, je);
    }
}

/// The area of each household under the engine's rule (point in polygon
/// in lon/lat, see [`AreaIndex`]; [`crate::index::UNASSIGNED`] for none),
/// so that the checks list exactly the households the run counts as
/// unassigned; `index` is the engine's index of the communes
/// (`AreaIndex::new` on their geometries, in order), which the run reuses.
/// It needs only the communes' polygons: it can run beside
/// [`super::polygons::check_polygons`].
pub fn locate_households(h: &Households, index: &AreaIndex) -> Vec<u32> {
    use rayon::prelude::*;
    (0..h.len())
        .into_par_iter()
        .with_min_len(1 << 12)
        .map(|i| {
            index
                .locate([h.lon[i], h.lat[i]])
                .unwrap_or(crate::index::UNASSIGNED)
        })
        .collect()
}

/// The households that [`locate_households`] put in no commune (`area`):
/// each snapped to the nearest commune within `snap_m` (its `area` set),
/// or reported as outside or far outside, in file order. The nearest
/// commune is that of [`NearestCommune`] (exact distance; the lowest code
/// at equal distances).
#[allow(clippy::too_many_arguments)]
pub fn check_outside(
    c: &mut Collector<'_>,
    h: &Households,
    meta: &LayerMeta,
    areas: &Areas,
    geo: &AreaGeometry,
    proj: &Projection,
    snap_m: f64,
    area: &mut [u32],
) {
    use rayon::prelude::*;
    let outside: Vec<usize> = area
        .par_iter()
        .enumerate()
        .filter(|(_, &a)| a == crate::index::UNASSIGNED)
        .map(|(i, _)| i)
        .collect();
    let far_m = c.params().far_outside_m;
    let [bmin, bmax] = geo.bbox_deg;
    let inside_bbox = |lon: f64, lat: f64| {
        (bmin[0]..=bmax[0]).contains(&lon) && (bmin[1]..=bmax[1]).contains(&lat)
    };
    // The nearest commune of each (in parallel; reported in order below).
    let nearest_of: Vec<(f64, Option<usize>)> = if outside.is_empty() {
        Vec::new()
    } else {
        let index = NearestCommune::new(&geo.projected);
        outside
            .par_iter()
            .map(|&i| index.nearest(proj.forward(h.lon[i], h.lat[i])))
            .collect()
    };
    for (&i, &(best, nearest)) in outside.iter().zip(&nearest_of) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorted, natural-order, shuffled and repeated ids: the same repeats
    /// as a sequential scan.
    #[test]
    fn repeated_ids_equal_a_sequential_scan() {
        let mut lcg = crate::test_rng::Lcg(3u64);
        let mut rnd = move |n: u64| lcg.below(n);
        for case in 0..300 {
            let n = rnd(3000) as usize;
            let style = rnd(6);
            let mut v: Vec<String> = (0..n)
                .map(|i| match style {
                    0 => format!("{}", i + 1),
                    1 => format!("h{i}"),
                    2 => format!("8210{}-{}", 101 + i / 37, i % 37 + 1),
                    3 => format!("{:05}", i),
                    4 => format!("x{}y{}", rnd(20), rnd(20)),
                    _ => format!("{}", rnd(n as u64 + 1)),
                })
                .collect();
            match rnd(4) {
                0 if n > 1 => {
                    let (a, b) = (rnd(n as u64) as usize, rnd(n as u64) as usize);
                    v[a] = v[b].clone();
                }
                1 if n > 1 => {
                    let a = rnd(n as u64) as usize;
                    v.insert(a, v[a].clone()); // a repeat next to itself
                }
                2 => v.reverse(),
                _ => {}
            }
            let mut ids = Strings::default();
            v.iter().for_each(|x| ids.push(x));
            let scan = repeated_by_map(&ids);
            assert_eq!(repeated_ids(&ids), scan, "case {case}");
            // Few hash bits: most rows share them (groups of two and more
            // of different ids).
            for bits in [1, 4, 12] {
                assert_eq!(
                    repeated_by_hash(&ids, bits),
                    scan,
                    "case {case}, {bits} bits"
                );
            }
        }
    }

    /// `natural_cmp` is a strict total order: antisymmetric, transitive,
    /// equal only for equal ids; and it orders numbers by value.
    #[test]
    fn natural_order_is_a_total_order() {
        use std::cmp::Ordering;
        let words = [
            "", "0", "00", "1", "01", "001", "9", "10", "010", "a", "a0", "a00", "a1", "a01", "a9",
            "a10", "b", "ab", "a-1", "a-01", "1a", "01a", "10a", "a1b", "a1b2", "a01b", "é1",
            "é01", "-", "--1", "1-", "0-0",
        ];
        for a in words {
            for b in words {
                let ab = natural_cmp(a.as_bytes(), b.as_bytes());
                assert_eq!(
                    ab,
                    natural_cmp(b.as_bytes(), a.as_bytes()).reverse(),
                    "{a:?} {b:?}"
                );
                assert_eq!(ab == Ordering::Equal, a == b, "{a:?} {b:?}");
                for c in words {
                    let bc = natural_cmp(b.as_bytes(), c.as_bytes());
                    if ab.is_lt() && bc.is_lt() {
                        assert!(
                            natural_cmp(a.as_bytes(), c.as_bytes()).is_lt(),
                            "{a:?} {b:?} {c:?}"
                        );
                    }
                }
            }
        }
        assert!(natural_cmp(b"h9", b"h10").is_lt());
        assert!(natural_cmp(b"8210101-10", b"8210102-1").is_lt());
    }
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
            sources: vec![Source::Feature(1)].into(),
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
        let index = AreaIndex::new(areas.geometries());
        // As the pipeline checks them: located, then those outside.
        let mut area = locate_households(&h, &index);
        check_outside(&mut c, &h, &hmeta, &areas, &g, &proj, 0.0, &mut area);
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
        let mut area = locate_households(&h, &index);
        check_outside(&mut c, &h, &hmeta, &areas, &g, &proj, 200.0, &mut area);
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
