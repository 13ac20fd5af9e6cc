//! The fixed-radius mobile model: a household is covered by a site when it
//! lies within the site's coverage radius.
//!
//! This is the last-resort model that GSMA's Mobile Coverage Maps use when an
//! operator gives only tower points (4 km for 4G, 0.5 km for 5G by default).
//! The best server is the nearest covering site (ties: the lowest site
//! index), so the result does not depend on the order of the R-tree.

use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::coverage::{MobileModel, MobileService};
use crate::input::Technology;

/// Fixed-radius coverage for the sites of one technology.
#[derive(Debug, Clone)]
pub struct FixedRadius {
    tech: Technology,
    tree: RTree<GeomWithData<[f64; 2], u32>>,
    /// Radius per site index (only sites of this technology are set).
    radius_m: Vec<f64>,
    max_radius_m: f64,
    default_radius_m: f64,
    sites: usize,
}

impl FixedRadius {
    /// Build from `(site index, projected position, radius_m)` triples.
    pub fn new(
        tech: Technology,
        sites: impl IntoIterator<Item = (u32, [f64; 2], f64)>,
        default_radius_m: f64,
    ) -> Self {
        let mut pts = Vec::new();
        let mut radius_m = Vec::new();
        let mut max_radius_m: f64 = 0.0;
        for (i, p, r) in sites {
            if radius_m.len() <= i as usize {
                radius_m.resize(i as usize + 1, 0.0);
            }
            radius_m[i as usize] = r;
            max_radius_m = max_radius_m.max(r);
            pts.push(GeomWithData::new(p, i));
        }
        let sites = pts.len();
        FixedRadius {
            tech,
            tree: RTree::bulk_load(pts),
            radius_m,
            max_radius_m,
            default_radius_m,
            sites,
        }
    }
}

impl MobileModel for FixedRadius {
    fn technology(&self) -> Technology {
        self.tech
    }

    /// ```
    /// use phusong::coverage::{FixedRadius, MobileModel};
    /// use phusong::input::Technology;
    /// let m = FixedRadius::new(Technology::G4, [(0, [0.0, 0.0], 4000.0), (1, [5000.0, 0.0], 500.0)], 4000.0);
    /// let s = m.evaluate([4000.0, 0.0]);
    /// assert!(s.covered && s.best_site == Some(0)); // exactly on the radius: covered
    /// assert!(!m.evaluate([4600.0, 3000.0]).covered);
    /// ```
    fn evaluate(&self, p: [f64; 2]) -> MobileService {
        let mut best: Option<(f64, u32)> = None;
        let r2max = self.max_radius_m * self.max_radius_m;
        for s in self.tree.locate_within_distance(p, r2max) {
            let i = s.data;
            let q = s.geom();
            let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
            if d <= self.radius_m[i as usize] {
                let better = match best {
                    None => true,
                    Some((bd, bi)) => d < bd || (d == bd && i < bi),
                };
                if better {
                    best = Some((d, i));
                }
            }
        }
        match best {
            Some((d, i)) => MobileService {
                best_site: Some(i),
                rsrp_dbm: f32::NAN,
                distance_m: d as f32,
                covered: true,
                good: true,
            },
            None => MobileService::NONE,
        }
    }

    fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "model": "fixed-radius",
            "technology": self.tech.label(),
            "sites": self.sites,
            "default_radius_m": self.default_radius_m,
            "max_radius_m": self.max_radius_m,
            "source": "GSMA Mobile Coverage Maps fallback radii for tower points (4G 4 km, 5G 0.5 km)",
        })
    }
}
