//! Fibre: lines of zero length (every vertex at one point), which reach no
//! one and usually mean a broken export or snapping.

use super::sites::approx_distance_m;
use super::{locate, Collector, Kind};
use crate::input::{Fibre, LayerMeta};

/// Report features whose cable segments add up to zero length.
pub fn check_fibre(c: &mut Collector<'_>, f: &Fibre, meta: &LayerMeta) {
    let n = f.feature_ids.len();
    let mut length_m = vec![0.0_f64; n];
    let mut has_line = vec![false; n];
    for (a, b, idx) in &f.segments {
        let k = *idx as usize;
        if k < n {
            has_line[k] = true;
            length_m[k] += approx_distance_m(*a, *b);
        }
    }
    for k in 0..n {
        if has_line[k] && length_m[k] < 1e-3 {
            c.add(
                Kind::ZeroLengthFibre,
                &meta.path,
                format!("{} (id {})", locate(meta, k), f.feature_ids[k]),
                "the fibre line has zero length (all its vertices are at one point); it serves \
                 as a single point: check the export",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CheckParams;
    use crate::input::{CrsSource, Source};

    #[test]
    fn zero_length_line_is_reported() {
        let f = Fibre {
            feature_ids: vec!["c1".into(), "c2".into()],
            status: vec![Default::default(); 2],
            segments: vec![
                ([105.0, 9.0], [105.01, 9.0], 0),
                ([105.0, 9.0], [105.0, 9.0], 1),
            ],
            points: vec![],
        };
        let meta = LayerMeta {
            path: "f.geojson".into(),
            crs: crate::crs::Crs::wgs84(),
            crs_source: CrsSource::Default,
            sources: vec![Source::Feature(1), Source::Feature(2)].into(),
        };
        let params = CheckParams::default();
        let mut c = Collector::new(&params);
        check_fibre(&mut c, &f, &meta);
        let r = c.finish();
        assert_eq!(r.findings.len(), 1);
        assert!(r.findings[0]
            .to_string()
            .starts_with("warning: f.geojson: feature 2 (id c2): the fibre line has zero length"));
    }
}
