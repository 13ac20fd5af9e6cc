//! The input layers a scenario names, the CRS and column names it gives
//! them, and which area properties hold the codes.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Which feature properties hold the area's id, name and (optional) parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AreaFields {
    /// Property with the unique area code (default `code`).
    pub id_field: String,
    /// Property with the display name (default `name`; the id when absent).
    pub name_field: String,
    /// Property naming the parent area (e.g. `district`); none by default,
    /// since Vietnam's 2025 reform removed the district level.
    pub parent_field: Option<String>,
    /// What people call the parent level, for legends and reports (e.g.
    /// `"tỉnh cũ"`); by default from `parent_field`: `district`/`huyen` →
    /// district (huyện), `old_province`/`province`/`tinh` → old province
    /// (tỉnh cũ), otherwise the field's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_label: Option<String>,
    /// A household in no area but within this distance (metres) of one is
    /// assigned to the nearest area, and listed as `snapped` by the checks
    /// and in the summary. 0 (the default) turns snapping off: such a
    /// household is unassigned. For households placed from low-resolution
    /// boundaries against high-resolution coasts and rivers.
    #[serde(skip_serializing_if = "is_zero")]
    pub snap_outside_m: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl Default for AreaFields {
    fn default() -> Self {
        AreaFields {
            id_field: "code".into(),
            name_field: "name".into(),
            parent_field: None,
            parent_label: None,
            snap_outside_m: 0.0,
        }
    }
}

/// Column (or property) names chosen in the scenario, for files whose
/// headers the aliases do not cover (`[columns.households] lon = "Kinh độ"`).
/// A name given here must exist in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnNames {
    /// Identifier column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Longitude (or easting, in a projected CRS) column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<String>,
    /// Latitude (or northing) column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<String>,
    /// Households: demand (wants fixed broadband) column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand: Option<String>,
    /// Households: persons column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persons: Option<String>,
    /// Sites: technology column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tech: Option<String>,
}

/// The CRS of each layer (see [`crate::crs::Crs::parse`] for the accepted
/// spellings). A layer without one uses the CRS its file declares (GeoJSON
/// `crs` member, Shapefile `.prj`), else WGS 84.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayerCrs {
    /// Areas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub areas: Option<String>,
    /// Households.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub households: Option<String>,
    /// Fibre.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fibre: Option<String>,
    /// Sites.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites: Option<String>,
    /// The road and canal network.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// Column names per point layer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayerColumns {
    /// Households: `id`, `lon`, `lat`, `demand`, `persons`.
    pub households: ColumnNames,
    /// Sites: `id`, `lon`, `lat`, `tech`.
    pub sites: ColumnNames,
}

/// The four input layers, to name one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LayerKind {
    /// Commune boundaries.
    Areas,
    /// Household points.
    Households,
    /// The fibre network.
    Fibre,
    /// Cell sites.
    Sites,
}

impl LayerKind {
    /// All layers, in reading order.
    pub const ALL: [LayerKind; 4] = [
        LayerKind::Areas,
        LayerKind::Households,
        LayerKind::Fibre,
        LayerKind::Sites,
    ];

    /// "areas", "households", "fibre", "sites".
    pub fn name(self) -> &'static str {
        match self {
            LayerKind::Areas => "areas",
            LayerKind::Households => "households",
            LayerKind::Fibre => "fibre",
            LayerKind::Sites => "sites",
        }
    }
}

impl std::fmt::Display for LayerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The input layers. Relative paths are resolved against the scenario
/// file's folder when the scenario is loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layers {
    /// Commune (area) boundaries: GeoJSON Polygon/MultiPolygon.
    pub areas: PathBuf,
    /// Household points: CSV (gzip allowed) or GeoJSON.
    pub households: PathBuf,
    /// Fibre network: GeoJSON lines and points. Optional: without it (and
    /// without `[add] fibre`) the fibre targets are "not evaluated".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fibre: Option<PathBuf>,
    /// Cell sites: CSV or GeoJSON. Optional: without it (and without
    /// `[add] sites`) the 4G/5G targets are "not evaluated".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sites: Option<PathBuf>,
    /// Optional parent-area (district) boundaries, used by maps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents: Option<PathBuf>,
    /// Optional road and canal lines (GeoJSON or Shapefile), the rights of
    /// way fibre follows (`plan fibre`, `[fibre] distance = "network"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<PathBuf>,
}

impl Layers {
    /// The fibre layer's file, or a stand-in naming the missing layer (for
    /// messages).
    pub fn fibre_or_missing(&self) -> &std::path::Path {
        self.fibre
            .as_deref()
            .unwrap_or(std::path::Path::new("(no fibre layer)"))
    }

    /// The sites layer's file, or a stand-in naming the missing layer (for
    /// messages).
    pub fn sites_or_missing(&self) -> &std::path::Path {
        self.sites
            .as_deref()
            .unwrap_or(std::path::Path::new("(no sites layer)"))
    }
}
