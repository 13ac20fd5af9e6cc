//! The contract of a mobile coverage model.

use crate::config::Technology;

/// The service a household gets from the best site of one technology.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MobileService {
    /// Index of the best-serving site (into the run's site list), if any
    /// site reaches the household.
    pub best_site: Option<u32>,
    /// Received power from the best site in dBm, when the model predicts
    /// one (`NaN` for geometric models such as a fixed radius).
    pub rsrp_dbm: f32,
    /// Distance to the best site, metres (`NaN` when none).
    pub distance_m: f32,
    /// Covered (first tier).
    pub covered: bool,
    /// Good coverage (second tier; equals `covered` for models without one).
    pub good: bool,
}

impl MobileService {
    /// No site reaches the household.
    pub const NONE: MobileService = MobileService {
        best_site: None,
        rsrp_dbm: f32::NAN,
        distance_m: f32::NAN,
        covered: false,
        good: false,
    };
}

/// A mobile coverage model for one technology, evaluated per household
/// location (projected metres). Implementations must be deterministic and
/// thread-safe: the engine calls them from many threads at once.
pub trait MobileModel: Send + Sync {
    /// The technology this model covers.
    fn technology(&self) -> Technology;
    /// The service at `p`.
    fn evaluate(&self, p: [f64; 2]) -> MobileService;
    /// Whether `p` is covered: `evaluate(p).covered`, possibly faster (a
    /// link budget skips finding the best server of an uncovered point).
    fn covered(&self, p: [f64; 2]) -> bool {
        self.evaluate(p).covered
    }
    /// The covered and good flags at `p`: those of `evaluate(p)`, possibly
    /// faster (a fixed radius answers most points from a classified grid).
    fn flags(&self, p: [f64; 2]) -> (bool, bool) {
        let s = self.evaluate(p);
        (s.covered, s.good)
    }
    /// The flags of a point known only to within `eps` metres on each
    /// axis of `p`, when they are the same for every point of that box and
    /// the model can tell cheaply; `None` otherwise (then project the point
    /// exactly and ask [`flags`](Self::flags)).
    fn flags_near(&self, _p: [f64; 2], _eps: f64) -> Option<(bool, bool)> {
        None
    }
    /// Whether [`distance_warnings`](Self::distance_warnings) looks at the
    /// services, so that a run must [`evaluate`](Self::evaluate) every
    /// household even when it writes no per-household results.
    fn warns_on_distances(&self) -> bool {
        false
    }
    /// A description of the model and its parameters for the run report
    /// (stamped into `summary.json`).
    fn describe(&self) -> serde_json::Value;
    /// Warnings about using the model outside its validity.
    fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
    /// Warnings about the distances at which `services` (one per
    /// household, from [`evaluate`](Self::evaluate)) were served: how many
    /// households lie outside the model's published distance range from
    /// their best server, one line per model.
    fn distance_warnings(&self, _services: &[MobileService]) -> Vec<String> {
        Vec::new()
    }
    /// The covered and good RSRP thresholds (dBm) of a model that predicts
    /// RSRP; `None` for geometric models.
    fn thresholds_dbm(&self) -> Option<(f64, f64)> {
        None
    }
}
