//! Fibre serviceability: a household is served when a fibre element (cable
//! segment or distribution point) lies within the drop distance.
//!
//! The default drop, 150 m, follows the FCC's Broadband Data Collection,
//! where a location is serviceable by wireline if it can be connected within
//! a standard installation (500 ft ≈ 152 m of drop).

use std::sync::OnceLock;

use crate::index::{DiscCells, DiscClass, Element, SegmentIndex};

/// Distance to the network and the served flag for one household.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FibreService {
    /// Distance to the nearest fibre element, metres (infinite without any
    /// fibre).
    pub distance_m: f64,
    /// Within the drop distance (inclusive).
    pub served: bool,
}

/// The fibre model: a network index and a drop distance.
///
/// Whether a point is served (without its distance) is mostly answered by
/// a classified grid ([`DiscCells::with_two_radii`]) of discs centred on
/// points sampled along every element at most `s` apart: discs of the drop
/// radius lie inside the served region (a cell one of them holds is
/// served), discs of the drop radius plus `s/2` cover it (a point within
/// the drop of an element is within that of the sample nearest its closest
/// point, so a cell none of them reaches is not served). The cells
/// between, near the edge of the served region, take the bounded search.
#[derive(Debug, Clone)]
pub struct FibreModel {
    index: SegmentIndex,
    drop_m: f64,
    /// The classified grid, built on the first [`served`](Self::served)
    /// query (`None` inside when it cannot be built).
    cells: OnceLock<Option<DiscCells>>,
}

/// At most this many sample points along the network (memory bound).
const MAX_SAMPLES: f64 = 4e6;

impl FibreModel {
    /// A model over a projected network.
    pub fn new(index: SegmentIndex, drop_m: f64) -> Self {
        FibreModel {
            index,
            drop_m,
            cells: OnceLock::new(),
        }
    }

    /// The classified grid (see the type's docs).
    fn build_cells(&self) -> Option<DiscCells> {
        let r = self.drop_m;
        if !(r.is_finite() && r > 0.0) {
            return None;
        }
        let elements = self.index.elements();
        let length = |e: &Element| ((e.b[0] - e.a[0]).powi(2) + (e.b[1] - e.a[1]).powi(2)).sqrt();
        let total_m: f64 = elements.iter().map(length).sum();
        let step_m = (r / 8.0).max(total_m / MAX_SAMPLES);
        if !step_m.is_finite() {
            return None;
        }
        let mut centres = Vec::new();
        for e in elements {
            let k = (length(e) / step_m).ceil().max(1.0) as usize;
            for j in 0..=k {
                let t = j as f64 / k as f64;
                centres.push([
                    e.a[0] + t * (e.b[0] - e.a[0]),
                    e.a[1] + t * (e.b[1] - e.a[1]),
                ]);
            }
        }
        // The sampled points of an element are at most `step_m` apart
        // (k pieces of length ≤ step_m), so half of it reaches the nearest.
        let discs: Vec<([f64; 2], f64, f64)> =
            centres.iter().map(|&c| (c, r, r + step_m / 2.0)).collect();
        DiscCells::with_two_radii(&discs, r / 6.0, 1 << 22)
    }

    /// The drop distance, metres.
    pub fn drop_m(&self) -> f64 {
        self.drop_m
    }

    /// Whether `p` is served: `evaluate(p).served`, found by a search
    /// bounded by the drop distance that stops at the first element in
    /// reach ([`SegmentIndex::any_within`]), for runs that need no
    /// distances.
    ///
    /// ```
    /// use phusong::coverage::FibreModel;
    /// use phusong::index::{Element, SegmentIndex};
    /// let cable = Element { a: [0.0, 0.0], b: [1000.0, 0.0], feature: 0 };
    /// let m = FibreModel::new(SegmentIndex::new(vec![cable]), 150.0);
    /// assert!(m.served([1100.0, 0.0]) && !m.served([1200.0, 0.0]));
    /// ```
    #[inline]
    pub fn served(&self, p: [f64; 2]) -> bool {
        if let Some(cells) = self.cells.get_or_init(|| self.build_cells()) {
            match cells.class_of(p) {
                DiscClass::All => return true,
                DiscClass::None => return false,
                DiscClass::Mixed => {}
            }
        }
        self.index.any_within(p, self.drop_m)
    }

    /// Whether a point known only to within `eps` metres on each axis of
    /// `p` is served, when the classified grids or a search with that
    /// margin ([`SegmentIndex::within_near`]) decide it for every point of
    /// that box; `None` otherwise (then project it exactly and ask
    /// [`served`](Self::served)).
    #[inline]
    pub fn served_near(&self, p: [f64; 2], eps: f64) -> Option<bool> {
        let cells = self.cells.get_or_init(|| self.build_cells()).as_ref();
        match cells.and_then(|c| c.class_near(p, eps)) {
            Some(DiscClass::All) => Some(true),
            Some(DiscClass::None) => Some(false),
            // The search, with the position's margin.
            _ => self
                .index
                .within_near(p, self.drop_m, crate::index::near_margin_m(eps)),
        }
    }

    /// Evaluate at `p` (projected metres).
    ///
    /// ```
    /// use phusong::coverage::FibreModel;
    /// use phusong::index::{Element, SegmentIndex};
    /// let cable = Element { a: [0.0, 0.0], b: [1000.0, 0.0], feature: 0 };
    /// let m = FibreModel::new(SegmentIndex::new(vec![cable]), 150.0);
    /// assert!(m.evaluate([500.0, 150.0]).served);   // exactly the drop: served
    /// assert!(!m.evaluate([500.0, 150.001]).served);
    /// ```
    pub fn evaluate(&self, p: [f64; 2]) -> FibreService {
        match self.index.nearest(p) {
            Some((d, _)) => FibreService {
                distance_m: d,
                served: d <= self.drop_m,
            },
            None => FibreService {
                distance_m: f64::INFINITY,
                served: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
        /// `served` (classified grids, then the bounded search) equals the
        /// nearest distance's verdict, also for points at exactly the drop.
        #[test]
        fn served_equals_nearest_distance(
            lines in proptest::collection::vec(
                ((0.0f64..8000.0, 0.0f64..8000.0), (-600.0f64..600.0, -600.0f64..600.0)), 1..30),
            drop_m in prop_oneof![Just(150.0), Just(300.0), 1.0f64..1000.0],
            pts in proptest::collection::vec((-1500.0f64..9500.0, -1500.0f64..9500.0), 300..800),
            offset in prop_oneof![Just(0.0), Just(500_000.0)],
        ) {
            let elements: Vec<Element> = lines
                .iter()
                .enumerate()
                .map(|(k, &((x, y), (dx, dy)))| {
                    let a = [x + offset, y + offset];
                    // Some distribution points (zero-length elements).
                    let b = if k % 5 == 0 { a } else { [a[0] + dx, a[1] + dy] };
                    Element { a, b, feature: k as u32 }
                })
                .collect();
            let m = FibreModel::new(SegmentIndex::new(elements.clone()), drop_m);
            let mut probe: Vec<[f64; 2]> =
                pts.iter().map(|&(x, y)| [x + offset, y + offset]).collect();
            // Points at the drop distance from an end of each element.
            for e in &elements {
                probe.push([e.a[0] + drop_m, e.a[1]]);
                probe.push([e.b[0], e.b[1] - drop_m]);
            }
            for p in probe {
                let want = m.evaluate(p).served;
                prop_assert_eq!(m.served(p), want, "at {:?}", p);
                if let Some(v) = m.served_near([p[0] + 0.5, p[1] - 0.3], 0.6) {
                    prop_assert_eq!(v, want, "near {:?}", p);
                }
            }
        }
    }
}
