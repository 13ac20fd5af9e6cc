//! Unit costs of the plans (`[costs]` in the scenario), in US dollars.
//!
//! ```toml
//! [costs]
//! fibre_per_km_usd = 5000.0   # cable laid, per km of route
//! route_factor = 1.3          # route length / straight-line length
//! drop_usd = 650.0            # per household passed by a new extension
//! site_usd = 63500.0          # per new 3-sector site
//! ```
//!
//! Defaults and their sources:
//! - `fibre_per_km_usd` = 5,000: pytal's rural fibre cost, 5 USD/m
//!   (`fiber_rural_m`; urban 25, suburban 15), a backhaul figure that
//!   leaves out trenching in towns.
//! - `route_factor` = 1.3: phusong has no road or canal graph, so extensions
//!   are straight lines, a lower bound of the route. Road distance is
//!   typically 1.2–1.4 times the straight line (circuity factors of road
//!   networks, Ballou, Rahardja & Sakai 2002); in the Mekong delta canals
//!   can make it more. Costs use `straight length × route_factor`.
//! - `drop_usd` = 650: the FTTH Council's incremental cost per subscriber
//!   connected (about 700 USD per home passed, 650 per connection; US
//!   averages), charged for every household a new extension brings within
//!   the drop distance.
//! - `site_usd` = 63,500: the capex items of a 3-sector macro site in
//!   pysim5g: 3 sector antennas (3 × 1,500), 3 RRUs (3 × 4,000), BBU 10,000,
//!   tower 10,000, civil works 5,000, transport 10,000, installation 5,000,
//!   power 5,000, router 2,000 (no site rental, no backhaul).

use serde::{Deserialize, Serialize};

/// Unit costs, USD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Costs {
    /// Fibre cable per km of route, USD.
    pub fibre_per_km_usd: f64,
    /// Route length over straight-line length (≥ 1).
    pub route_factor: f64,
    /// Per household passed by a new fibre extension, USD.
    pub drop_usd: f64,
    /// Per new 3-sector site, USD.
    pub site_usd: f64,
}

impl Default for Costs {
    fn default() -> Self {
        Costs {
            fibre_per_km_usd: 5_000.0,
            route_factor: 1.3,
            drop_usd: 650.0,
            site_usd: 63_500.0,
        }
    }
}

impl Costs {
    /// The cost of a fibre extension of straight-line length `length_m`
    /// passing `households` households.
    ///
    /// ```
    /// use phusong::config::Costs;
    /// let c = Costs::default();
    /// // 2 km straight → 2.6 km of route at 5,000 USD/km, plus 10 drops.
    /// assert_eq!(c.extension_usd(2000.0, 10), 2.6 * 5000.0 + 10.0 * 650.0);
    /// ```
    pub fn extension_usd(&self, length_m: f64, households: u64) -> f64 {
        length_m / 1000.0 * self.route_factor * self.fibre_per_km_usd
            + households as f64 * self.drop_usd
    }

    /// Check the values; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        for (k, v) in [
            ("fibre_per_km_usd", self.fibre_per_km_usd),
            ("drop_usd", self.drop_usd),
            ("site_usd", self.site_usd),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("[costs] {k} must be ≥ 0 (USD), found {v}"));
            }
        }
        if !(self.route_factor.is_finite() && (1.0..=10.0).contains(&self.route_factor)) {
            return Err(format!(
                "[costs] route_factor must be between 1 and 10 (route length / straight line), found {}",
                self.route_factor
            ));
        }
        Ok(())
    }
}
