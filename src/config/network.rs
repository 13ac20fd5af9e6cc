//! The road and canal network (`[layers] network` and `[network]`): how its
//! lines become a graph and what a metre of fibre along each kind costs.
//!
//! ```toml
//! [layers]
//! network = "roads.geojson"
//!
//! [network]
//! kind_field = "kind"        # property naming each line's kind
//! snap_m = 2.0               # vertices closer than this are one node
//! node_spacing_m = 50.0      # long edges are split so access points are close
//! attach_m = 150.0           # network nodes this close to the fibre attach to it
//!
//! [network.cost_factor]      # cost of a metre along the kind / cost of a metre of road
//! road = 1.0
//! canal = 1.4
//! ```
//!
//! Defaults of `cost_factor`: `road` 1.0 (aerial on poles along roads),
//! `track` 1.0, `path` 1.0, `canal` 1.4, `ditch` 1.4 and `river` 1.8 (cable
//! buried or on poles along the bank, crossings; planners' rule of thumb,
//! set your own). A line whose kind has no factor is an error naming it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `[network]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkParams {
    /// Property (or Shapefile column) naming each line's kind (default
    /// `kind`); a line without it is of kind `road`.
    pub kind_field: String,
    /// Vertices closer than this (metres) become one node (default 2 m).
    pub snap_m: f64,
    /// Edges longer than this (metres) are split into equal pieces, so a
    /// household's access point is never far along the line (default 50 m).
    pub node_spacing_m: f64,
    /// Network nodes within this distance of the fibre (metres) attach to
    /// it through a straight connector (default 150 m).
    pub attach_m: f64,
    /// Cost of a metre along each kind relative to a metre of road cable
    /// (`[costs] fibre_per_km_usd`).
    pub cost_factor: BTreeMap<String, f64>,
}

impl Default for NetworkParams {
    fn default() -> Self {
        NetworkParams {
            kind_field: "kind".into(),
            snap_m: 2.0,
            node_spacing_m: 50.0,
            attach_m: 150.0,
            cost_factor: [
                ("road", 1.0),
                ("track", 1.0),
                ("path", 1.0),
                ("canal", 1.4),
                ("ditch", 1.4),
                ("river", 1.8),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        }
    }
}

impl NetworkParams {
    /// Check the values; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        for (k, v, lo) in [
            ("snap_m", self.snap_m, 0.0),
            ("node_spacing_m", self.node_spacing_m, 1.0),
            ("attach_m", self.attach_m, 0.0),
        ] {
            if !(v.is_finite() && v >= lo) {
                return Err(format!("[network] {k} must be ≥ {lo} metres, found {v}"));
            }
        }
        for (k, &v) in &self.cost_factor {
            if !(v.is_finite() && v > 0.0) {
                return Err(format!(
                    "[network.cost_factor] {k} must be > 0 (cost relative to road), found {v}"
                ));
            }
        }
        Ok(())
    }
}
