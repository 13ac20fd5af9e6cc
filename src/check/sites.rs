//! Sites: rows of one site id at different positions. (Impossible heights,
//! powers, azimuths and radii are found by the sites reader, which checks
//! each value against a plausible range.)

use std::collections::HashMap;

use super::{locate, Collector, Kind};
use crate::input::{LayerMeta, Sites};

/// Metres between two lon/lat points (equirectangular: exact enough below
/// a few kilometres, which is all this check needs).
pub fn approx_distance_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let r = 6_371_008.8;
    let mid_lat = ((a[1] + b[1]) / 2.0).to_radians();
    let dx = (a[0] - b[0]).to_radians() * r * mid_lat.cos();
    let dy = (a[1] - b[1]).to_radians() * r;
    dx.hypot(dy)
}

/// Rows that share an id (the sectors of one site) must share a position.
pub fn check_sites(c: &mut Collector<'_>, s: &Sites, meta: &LayerMeta) {
    let tol = c.params().site_position_tolerance_m;
    let mut first: HashMap<&str, usize> = HashMap::new();
    for i in 0..s.len() {
        let id = s.ids[i].as_str();
        match first.get(id) {
            None => {
                first.insert(id, i);
            }
            Some(&j) => {
                let d = approx_distance_m([s.lon[i], s.lat[i]], [s.lon[j], s.lat[j]]);
                if d > tol {
                    c.add(
                        Kind::SitePositionConflict,
                        &meta.path,
                        format!("{} (id {id})", locate(meta, i)),
                        format!(
                            "the site {id:?} is {d:.0} m from its row at {}; rows with one id are \
                             the sectors of one site and must share a position: give the other \
                             site its own id",
                            locate(meta, j)
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CheckParams;
    use crate::config::Technology;
    use crate::input::{CrsSource, SiteRow, Source};

    #[test]
    fn sectors_share_a_position_but_a_duplicate_id_does_not() {
        let mut s = Sites::default();
        for (id, lon) in [("A", 105.0), ("A", 105.0), ("A", 105.01)] {
            s.push(SiteRow {
                id: id.into(),
                lon,
                lat: 9.0,
                tech: Technology::G4,
                radius_m: None,
                sector: Default::default(),
                operator: None,
                status: Default::default(),
            });
        }
        let meta = LayerMeta {
            path: "s.csv".into(),
            crs: crate::crs::Crs::wgs84(),
            crs_source: CrsSource::Default,
            sources: (2..=4).map(Source::Line).collect(),
        };
        let params = CheckParams::default();
        let mut c = Collector::new(&params);
        check_sites(&mut c, &s, &meta);
        let r = c.finish();
        assert_eq!(r.findings.len(), 1);
        assert!(r.findings[0].to_string().starts_with(
            "error: s.csv: line 4 (id A): the site \"A\" is 1098 m from its row at line 2"
        ));
    }
}
