//! The fixed-radius mobile model: a household is covered by a site when it
//! lies within the site's coverage radius.
//!
//! This is the last-resort model that GSMA's Mobile Coverage Maps use when an
//! operator gives only tower points (4 km for 4G, 0.5 km for 5G by default).
//! The best server is the nearest covering site (ties: the lowest site
//! index), so the result does not depend on the order of the index.
//!
//! The sites are bucketed in a uniform grid (see [`crate::index::BucketGrid`]) and
//! searched ring by ring outwards from the household, stopping as soon as
//! no site further out can be nearer than the best covering site found (or
//! than the largest radius): with sites spread like households, a query
//! looks at the few sites of its own and neighbouring cells.
//!
//! Whether a point is covered at all (without its best server) is answered
//! by a second, classified grid ([`DiscCells`]): in a cell that one disc
//! holds whole, or that no disc reaches, without looking at any site; in
//! the few cells on the edge of coverage by a ring search that stops at the
//! first site in reach.

use std::sync::OnceLock;

use super::mobile::{MobileModel, MobileService};
use crate::config::Technology;
use crate::index::{BucketGrid, DiscCells, DiscClass};

/// Fixed-radius coverage for the sites of one technology.
#[derive(Debug, Clone)]
pub struct FixedRadius {
    tech: Technology,
    grid: BucketGrid,
    /// Position, radius and site index of each grid item, in grid cell
    /// order (the sites of a cell are contiguous in memory).
    pts: Vec<([f64; 2], f64, u32)>,
    max_radius_m: f64,
    default_radius_m: f64,
    sites: usize,
    /// Cells held whole by a disc, reached by none, or mixed (`None`
    /// inside without sites), built on the first `covered` query.
    cover: OnceLock<Option<DiscCells>>,
}

impl FixedRadius {
    /// Build from `(site index, projected position, radius_m)` triples.
    pub fn new(
        tech: Technology,
        sites: impl IntoIterator<Item = (u32, [f64; 2], f64)>,
        default_radius_m: f64,
    ) -> Self {
        let mut pts = Vec::new();
        let mut max_radius_m: f64 = 0.0;
        for (i, p, r) in sites {
            max_radius_m = max_radius_m.max(r);
            pts.push((p, r, i));
        }
        let sites = pts.len();
        let boxes: Vec<[[f64; 2]; 2]> = pts.iter().map(|&(p, _, _)| [p, p]).collect();
        // About one site per sixteen cells (sites cluster in towns), but cells
        // not so small that a search out to the largest radius visits more
        // than ~64 rings.
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        for &(p, _, _) in &pts {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        let area = ((max[0] - min[0]) * (max[1] - min[1])).max(0.0);
        let cell = (0.25 * (area / sites.max(1) as f64).sqrt())
            .max(max_radius_m / 64.0)
            .max(1e-3);
        let grid = BucketGrid::new(&boxes, cell, 16 * sites + 16);
        // Each site is in one cell: store them in cell order and index that.
        let pts: Vec<([f64; 2], f64, u32)> =
            grid.all_items().iter().map(|&j| pts[j as usize]).collect();
        let boxes: Vec<[[f64; 2]; 2]> = pts.iter().map(|&(p, _, _)| [p, p]).collect();
        let grid = BucketGrid::new(&boxes, cell, 16 * sites + 16);
        FixedRadius {
            tech,
            grid,
            pts,
            max_radius_m,
            default_radius_m,
            sites,
            cover: OnceLock::new(),
        }
    }

    /// The classified grid: cells of an eighth of the mean radius, so that
    /// a cell lies whole in the disc of a site that covers its centre
    /// unless it is in the outer eighth or so of the disc.
    fn build_cover(&self) -> Option<DiscCells> {
        let discs: Vec<([f64; 2], f64)> = self.pts.iter().map(|&(p, r, _)| (p, r)).collect();
        let mean_r = discs.iter().map(|d| d.1).sum::<f64>() / self.sites.max(1) as f64;
        DiscCells::new(&discs, mean_r / 8.0, 1 << 22)
    }

    /// Whether some site's disc holds `p`, by a ring search that stops at
    /// the first one (the reference of the classified grid's mixed cells).
    pub fn any_covering(&self, p: [f64; 2]) -> bool {
        // With no margin the search always decides.
        self.any_covering_near(p, 0.0) == Some(true)
    }

    /// [`any_covering`](Self::any_covering) of a point known only to lie
    /// within `e_m` metres of `p`: `Some(true)` when some disc holds every
    /// such point, `Some(false)` when no disc reaches any of them, `None`
    /// when it depends on where exactly the point is. One ring search,
    /// so that most points near a disc's edge need no exact projection.
    pub fn any_covering_near(&self, p: [f64; 2], e_m: f64) -> Option<bool> {
        let (cx, cy) = self.grid.cell_of(p);
        let last = self.grid.max_ring(cx, cy);
        let cell = self.grid.cell();
        let mut maybe = false;
        for k in 0..=last {
            let mut sure = false;
            self.grid.for_ring(cx, cy, k, |items| {
                for &j in items {
                    if sure {
                        return;
                    }
                    let (q, r, _) = self.pts[j as usize];
                    let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
                    sure = d + e_m <= r;
                    maybe = maybe || d - e_m <= r;
                }
            });
            if sure {
                return Some(true);
            }
            // Every site beyond ring k is at least k cells away.
            if k as f64 * cell > self.max_radius_m + e_m {
                break;
            }
        }
        (!maybe).then_some(false)
    }
}

impl MobileModel for FixedRadius {
    fn technology(&self) -> Technology {
        self.tech
    }

    /// ```
    /// use phusong::coverage::{FixedRadius, MobileModel};
    /// use phusong::config::Technology;
    /// let m = FixedRadius::new(Technology::G4, [(0, [0.0, 0.0], 4000.0), (1, [5000.0, 0.0], 500.0)], 4000.0);
    /// let s = m.evaluate([4000.0, 0.0]);
    /// assert!(s.covered && s.best_site == Some(0)); // exactly on the radius: covered
    /// assert!(!m.evaluate([4600.0, 3000.0]).covered);
    /// ```
    fn evaluate(&self, p: [f64; 2]) -> MobileService {
        let mut best: Option<(f64, u32)> = None;
        let (cx, cy) = self.grid.cell_of(p);
        let last = self.grid.max_ring(cx, cy);
        let cell = self.grid.cell();
        let mut k = 0;
        while k <= last {
            self.grid.for_ring(cx, cy, k, |items| {
                for &j in items {
                    let (q, r, i) = self.pts[j as usize];
                    let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
                    if d <= r {
                        let better = match best {
                            None => true,
                            Some((bd, bi)) => d < bd || (d == bd && i < bi),
                        };
                        if better {
                            best = Some((d, i));
                        }
                    }
                }
            });
            // Every site beyond ring k is at least k cells away.
            let beyond = k as f64 * cell;
            if best.is_some_and(|(bd, _)| bd < beyond) || beyond > self.max_radius_m {
                break;
            }
            k += 1;
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

    /// `evaluate(p).covered`, mostly from the classified grid.
    #[inline]
    fn covered(&self, p: [f64; 2]) -> bool {
        let cover = self.cover.get_or_init(|| self.build_cover());
        match cover.as_ref().map(|c| c.class_of(p)) {
            Some(DiscClass::All) => true,
            Some(DiscClass::None) => false,
            _ => self.any_covering(p),
        }
    }

    fn flags(&self, p: [f64; 2]) -> (bool, bool) {
        let c = self.covered(p);
        (c, c)
    }

    /// The classified grid, else a search with the position's margin
    /// ([`FixedRadius::any_covering_near`]).
    #[inline]
    fn flags_near(&self, p: [f64; 2], eps: f64) -> Option<(bool, bool)> {
        let cover = self.cover.get_or_init(|| self.build_cover()).as_ref();
        match cover.and_then(|c| c.class_near(p, eps)) {
            Some(DiscClass::All) => Some((true, true)),
            Some(DiscClass::None) => Some((false, false)),
            _ => self
                .any_covering_near(p, crate::index::near_margin_m(eps))
                .map(|c| (c, c)),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The nearest covering site (ties: lowest index), by brute force.
    fn brute(sites: &[(u32, [f64; 2], f64)], p: [f64; 2]) -> Option<(u32, f32)> {
        let mut best: Option<(f64, u32)> = None;
        for &(i, q, r) in sites {
            let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
            if d <= r && best.is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi)) {
                best = Some((d, i));
            }
        }
        best.map(|(d, i)| (i, d as f32))
    }

    #[test]
    fn grid_search_equals_brute_force() {
        let mut lcg = crate::test_rng::Lcg(99u64);
        let mut rnd = move |n: f64| lcg.unit() * n;
        for round in 0..6 {
            // Integer positions and radii in some rounds, so that distances
            // tie and points lie exactly on a radius.
            let int = round % 2 == 0;
            let mut sites: Vec<(u32, [f64; 2], f64)> = Vec::new();
            for i in 0..(50 + 150 * round) {
                let (mut x, mut y) = (rnd(20_000.0), rnd(12_000.0));
                if i % 3 == 0 {
                    // A town: many sites close together.
                    x = 5_000.0 + rnd(800.0);
                    y = 5_000.0 + rnd(800.0);
                }
                let mut r = 300.0 + rnd(5_000.0);
                if int {
                    (x, y, r) = (x.round(), y.round(), r.round());
                }
                // Site indices need not be dense nor ordered.
                sites.push((3 * i as u32 + 7, [x, y], r));
            }
            sites.reverse();
            let m = FixedRadius::new(Technology::G4, sites.clone(), 4000.0);
            for _ in 0..3000 {
                let mut p = [rnd(30_000.0) - 5_000.0, rnd(20_000.0) - 4_000.0];
                if int {
                    p = [p[0].round(), p[1].round()];
                }
                let got = m.evaluate(p);
                let want = brute(&sites, p);
                assert_eq!(m.covered(p), want.is_some(), "{p:?}");
                if let Some((c, _)) = m.flags_near([p[0] + 0.4, p[1] - 0.4], 0.5) {
                    assert_eq!(c, want.is_some(), "near {p:?}");
                }
                assert_eq!(m.any_covering(p), want.is_some(), "{p:?}");
                assert_eq!(
                    got.best_site.zip(got.covered.then_some(got.distance_m)),
                    want
                );
                assert_eq!(got.covered, want.is_some());
            }
        }
    }
}
