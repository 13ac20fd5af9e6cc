//! Fibre serviceability: a household is served when a fibre element (cable
//! segment or distribution point) lies within the drop distance.
//!
//! The default drop, 150 m, follows the FCC's Broadband Data Collection,
//! where a location is serviceable by wireline if it can be connected within
//! a standard installation (500 ft ≈ 152 m of drop).

use crate::index::SegmentIndex;

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
#[derive(Debug, Clone)]
pub struct FibreModel {
    index: SegmentIndex,
    drop_m: f64,
}

impl FibreModel {
    /// A model over a projected network.
    pub fn new(index: SegmentIndex, drop_m: f64) -> Self {
        FibreModel { index, drop_m }
    }

    /// The drop distance, metres.
    pub fn drop_m(&self) -> f64 {
        self.drop_m
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
