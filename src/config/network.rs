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
//! fibre_join_m = 30.0        # [fibre] distance = "network": the fibre joins the network this close
//!
//! [network.cost_factor]      # cost of a metre along the kind / cost of a metre of road
//! road = 1.0
//! canal = 1.4
//! ```
//!
//! An OpenStreetMap `.osm.pbf` network takes the ways with a tag of
//! `osm_tags`, each of the kind `osm_kinds` gives its tag (else the tag's
//! value, when it has a cost factor):
//!
//! ```toml
//! [network]
//! osm_tags = ["highway=*", "waterway=canal", "waterway=river", "waterway=ditch"]
//! [network.osm_kinds]        # "key=value" or "key=*" → kind (defaults below)
//! "highway=*" = "road"
//! "highway=track" = "track"
//! "waterway=drain" = "ditch"
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
    /// Under `[fibre] distance = "network"`: the fibre joins the network at
    /// every node, and at a household's access point, within this distance
    /// of it (metres, through a straight connector that long; default 30 m,
    /// a road's width plus the offset between separately traced layers).
    #[serde(skip_serializing_if = "is_default_fibre_join_m")]
    pub fibre_join_m: f64,
    /// Cost of a metre along each kind relative to a metre of road cable
    /// (`[costs] fibre_per_km_usd`).
    pub cost_factor: BTreeMap<String, f64>,
    /// `.osm.pbf` networks: the ways taken, as `key=value` or `key=*`
    /// filters (default `highway=*`, `waterway=canal|river|ditch`).
    #[serde(skip_serializing_if = "is_default_osm_tags")]
    pub osm_tags: Vec<String>,
    /// `.osm.pbf` networks: the kind of a way by its tag, `"key=value"` or
    /// `"key=*"` → kind; entries given take precedence over the defaults,
    /// which still apply to the tags they do not name.
    #[serde(skip_serializing_if = "is_default_osm_kinds")]
    pub osm_kinds: BTreeMap<String, String>,
}

fn is_default_fibre_join_m(v: &f64) -> bool {
    *v == 30.0
}

fn default_osm_tags() -> Vec<String> {
    [
        "highway=*",
        "waterway=canal",
        "waterway=river",
        "waterway=ditch",
    ]
    .map(String::from)
    .to_vec()
}

/// The default `[network.osm_kinds]`.
pub fn default_osm_kinds() -> BTreeMap<String, String> {
    let mut m: BTreeMap<String, String> = [
        ("highway=*", "road"),
        ("highway=track", "track"),
        ("waterway=canal", "canal"),
        ("waterway=river", "river"),
        ("waterway=ditch", "ditch"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for p in [
        "path",
        "footway",
        "cycleway",
        "bridleway",
        "steps",
        "pedestrian",
    ] {
        m.insert(format!("highway={p}"), "path".into());
    }
    m
}

fn is_default_osm_tags(v: &[String]) -> bool {
    v == default_osm_tags().as_slice()
}

fn is_default_osm_kinds(v: &BTreeMap<String, String>) -> bool {
    *v == default_osm_kinds()
}

impl Default for NetworkParams {
    fn default() -> Self {
        NetworkParams {
            kind_field: "kind".into(),
            snap_m: 2.0,
            node_spacing_m: 50.0,
            attach_m: 150.0,
            fibre_join_m: 30.0,
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
            osm_tags: default_osm_tags(),
            osm_kinds: default_osm_kinds(),
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
            ("fibre_join_m", self.fibre_join_m, 0.0),
        ] {
            if !(v.is_finite() && v >= lo) {
                return Err(format!("[network] {k} must be ≥ {lo} metres, found {v}"));
            }
        }
        for t in &self.osm_tags {
            TagFilter::parse(t)?;
        }
        for (tag, kind) in &self.osm_kinds {
            if !tag.contains('=') {
                return Err(format!(
                    "[network.osm_kinds] {tag:?} is not a tag; write \"key=value\" or \"key=*\""
                ));
            }
            if kind.trim().is_empty() {
                return Err(format!("[network.osm_kinds] {tag:?} has an empty kind"));
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

/// A tag filter of `[network] osm_tags`: `key=value` or `key=*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFilter {
    /// Tag key.
    pub key: String,
    /// Tag value; `None` for any value (`*`).
    pub value: Option<String>,
}

impl TagFilter {
    /// Parse `key=value` / `key=*`; the error says what is expected.
    ///
    /// ```
    /// use phusong::config::network::TagFilter;
    /// assert_eq!(TagFilter::parse("highway=*").unwrap().value, None);
    /// assert!(TagFilter::parse("highway").is_err());
    /// ```
    pub fn parse(s: &str) -> std::result::Result<TagFilter, String> {
        match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => Ok(TagFilter {
                key: k.trim().to_string(),
                value: (v.trim() != "*").then(|| v.trim().to_string()),
            }),
            _ => Err(format!(
                "[network] osm_tags: {s:?} is not a tag filter; write \"key=value\" or \"key=*\" \
                 (e.g. \"highway=*\", \"waterway=canal\")"
            )),
        }
    }

    /// Whether the tag `k=v` passes.
    pub fn matches(&self, k: &str, v: &str) -> bool {
        self.key == k && self.value.as_deref().is_none_or(|x| x == v)
    }
}
