//! Optional outputs (`[outputs]`) and the fibre drop (`[fibre]`).

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Optional outputs (`[outputs]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputParams {
    /// Write the best-server RSRP raster (GeoTIFF) and coverage polygons
    /// (GeoJSON) for technologies with a link-budget model.
    pub coverage_layers: bool,
    /// Raster cell size, metres (default 100 m, the FCC's maximum model
    /// resolution for mobile coverage maps).
    pub raster_cell_m: f64,
    /// Write the maps and charts (PNG and SVG) into `maps/` and the QGIS
    /// style and project (default true).
    pub maps: bool,
    /// Write `households.csv`, one row per household (default true). At
    /// national scale it is by far the largest output (≈ 1.9 GB for 30
    /// million households) and most of the writing time and memory; the
    /// per-commune tables do not need it.
    pub households: bool,
    /// Language of the text for people: maps, reports, console (`"en"`,
    /// the default, or `"vi"`). Machine-readable keys stay English.
    pub language: Lang,
    /// Draw every antenna sector as a wedge on the 4G/5G maps (default
    /// false: the maps show one point per site).
    pub map_sectors: bool,
    /// Also write `communes.parquet` and (with `households`)
    /// `households.parquet` as GeoParquet 1.1, for DuckDB, GeoPandas and
    /// Sedona at national scale (default false).
    pub geoparquet: bool,
    /// Also draw the 4G/5G maps of each operator of the sites layer on its
    /// own coverage (`maps/4g_<operator>.png`, …; default false; with
    /// `maps`). See [`crate::output::operator_maps`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub operator_maps: bool,
}

impl Default for OutputParams {
    fn default() -> Self {
        OutputParams {
            coverage_layers: true,
            raster_cell_m: 100.0,
            maps: true,
            households: true,
            language: Lang::En,
            map_sectors: false,
            geoparquet: false,
            operator_maps: false,
        }
    }
}

/// Fibre serviceability.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FibreParams {
    /// A household is served when a fibre element is within this distance
    /// (metres, inclusive). Default 150 m: the FCC's 500 ft maximum drop
    /// for "broadband serviceable locations".
    pub drop_m: f64,
    /// How the drop is measured: `"straight"` (the default, the peers'
    /// definition) or `"network"` (straight to the nearest road or canal,
    /// then along the network to the fibre; needs `[layers] network`; see
    /// [`crate::coverage::fibre_network`]).
    #[serde(skip_serializing_if = "FibreDistance::is_straight")]
    pub distance: FibreDistance,
}

impl Default for FibreParams {
    fn default() -> Self {
        FibreParams {
            drop_m: 150.0,
            distance: FibreDistance::Straight,
        }
    }
}

/// `[fibre] distance`: how the distance from a household to the fibre is
/// measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FibreDistance {
    /// The straight distance to the nearest fibre element.
    #[default]
    Straight,
    /// Straight to the nearest network edge, then along the network.
    Network,
}

impl FibreDistance {
    /// Whether this is the default, [`FibreDistance::Straight`].
    pub fn is_straight(&self) -> bool {
        *self == FibreDistance::Straight
    }
}
