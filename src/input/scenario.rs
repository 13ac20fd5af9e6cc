//! The scenario file (TOML): which layers to read, the parameters of the
//! coverage models, and the targets to check. Paths are relative to the
//! scenario file. Unknown keys are errors, so a typo never silently falls
//! back to a default.
//!
//! ```toml
//! name = "baseline"
//! province = "Cà Mau"
//!
//! [layers]
//! areas = "communes.geojson"
//! households = "households.csv.gz"
//! fibre = "fibre.geojson"
//! sites = "sites.csv"
//!
//! [areas]
//! id_field = "code"
//! name_field = "name"
//! parent_field = "district"
//!
//! [fibre]
//! drop_m = 150.0
//!
//! [mobile.4G]
//! model = "fixed-radius"
//! radius_m = 4000.0
//!
//! [targets]
//! fibre_households = 0.80
//! fibre_communes = 1.0
//! mobile_4g_households = 1.0
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::crs::Crs;
use crate::input::areas::AreaFields;
use crate::input::inheritance;
use crate::input::layer::{ColumnNames, ReadOptions};
use crate::input::sites::Technology;
use crate::projection::ProjectionChoice;
use crate::{Error, Result};

/// A parsed scenario, with its layer paths resolved.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name of the scenario; results go to `outputs/<name>/`. Defaults to
    /// the file name without extension.
    #[serde(default)]
    pub name: String,
    /// Province (or study area) name, for titles and reports.
    #[serde(default = "default_province")]
    pub province: String,
    /// Free text describing the scenario.
    #[serde(default)]
    pub description: String,
    /// Input files.
    pub layers: Layers,
    /// Which area properties hold id, name and parent.
    #[serde(default)]
    pub areas: AreaFields,
    /// Fibre serviceability parameters.
    #[serde(default)]
    pub fibre: FibreParams,
    /// Mobile coverage model per technology.
    #[serde(default)]
    pub mobile: MobileParams,
    /// Targets to check.
    #[serde(default)]
    pub targets: Targets,
    /// Which metric plane to compute distances in.
    #[serde(default)]
    pub projection: ProjectionChoice,
    /// The CRS of each layer, when it is not WGS 84 and the file does not
    /// say (`[crs] households = "EPSG:32648"`).
    #[serde(default)]
    pub crs: LayerCrs,
    /// Column names per layer, for headers the aliases do not cover
    /// (`[columns.households] lon = "Kinh độ"`).
    #[serde(default)]
    pub columns: LayerColumns,
    /// Data checks (`phusong check`, and `phusong run` before computing):
    /// thresholds and the severity of each kind of problem.
    #[serde(default)]
    pub check: crate::check::CheckParams,
    /// Optional outputs.
    #[serde(default)]
    pub outputs: OutputParams,
    /// Unit costs for `phusong plan` (USD; see [`crate::plan::Costs`]).
    #[serde(default)]
    pub costs: crate::plan::Costs,
    /// The scenario this one inherits from (resolved path), when it names
    /// one (`base = "demo.toml"`; see [`crate::input::inheritance`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<PathBuf>,
    /// Layers appended to the base's (`[add]`), accumulated along the chain.
    #[serde(default, skip_serializing_if = "AddLayers::is_empty")]
    pub add: AddLayers,
    /// Element ids removed (`[remove]`), accumulated along the chain.
    #[serde(default, skip_serializing_if = "RemoveIds::is_empty")]
    pub remove: RemoveIds,
    /// Whether planned sites and fibre are included (`[planned]`).
    #[serde(default, skip_serializing_if = "PlannedParams::is_default")]
    pub planned: PlannedParams,
    /// A per-commune indicator table with targets (`[indicators]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicators: Option<crate::input::indicators::IndicatorParams>,
}

/// Layers added to the base scenario's (`[add]`): each file is read like
/// the layer of the same name and appended to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddLayers {
    /// Sites files (same formats and columns as `layers.sites`).
    pub sites: Vec<PathBuf>,
    /// Fibre files (same formats as `layers.fibre`).
    pub fibre: Vec<PathBuf>,
}

impl AddLayers {
    /// True when nothing is added.
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.fibre.is_empty()
    }
}

/// Elements removed by id (`[remove]`): every sector row of a site id, every
/// fibre feature with that id. An id that no layer holds is an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemoveIds {
    /// Site ids.
    pub sites: Vec<String>,
    /// Fibre feature ids.
    pub fibre: Vec<String>,
}

impl RemoveIds {
    /// True when nothing is removed.
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.fibre.is_empty()
    }
}

/// Planned elements (`[planned]`): sites and fibre features whose `status`
/// is `planned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlannedParams {
    /// Include them (default true); false drops them, as if their rows
    /// were not in the files (`phusong run --planned exclude`).
    pub include: bool,
}

impl Default for PlannedParams {
    fn default() -> Self {
        PlannedParams { include: true }
    }
}

impl PlannedParams {
    fn is_default(&self) -> bool {
        *self == PlannedParams::default()
    }
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
}

impl Default for OutputParams {
    fn default() -> Self {
        OutputParams {
            coverage_layers: true,
            raster_cell_m: 100.0,
            maps: true,
            households: true,
        }
    }
}

fn default_province() -> String {
    "Province".into()
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
    /// Fibre network: GeoJSON lines and points.
    pub fibre: PathBuf,
    /// Cell sites: CSV or GeoJSON.
    pub sites: PathBuf,
    /// Optional parent-area (district) boundaries, used by maps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents: Option<PathBuf>,
}

/// Fibre serviceability.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FibreParams {
    /// A household is served when a fibre element is within this distance
    /// (metres, inclusive). Default 150 m: the FCC's 500 ft maximum drop
    /// for "broadband serviceable locations".
    pub drop_m: f64,
}

impl Default for FibreParams {
    fn default() -> Self {
        FibreParams { drop_m: 150.0 }
    }
}

/// Mobile coverage models, one per technology (`[mobile.4G]`, `[mobile.5G]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MobileParams {
    /// 4G (LTE) model.
    #[serde(rename = "4G", skip_serializing_if = "Option::is_none")]
    pub g4: Option<MobileModelSpec>,
    /// 5G (NR) model.
    #[serde(rename = "5G", skip_serializing_if = "Option::is_none")]
    pub g5: Option<MobileModelSpec>,
}

impl MobileParams {
    /// The model for `tech`, with the default when the scenario is silent.
    pub fn spec(&self, tech: Technology) -> MobileModelSpec {
        let given = match tech {
            Technology::G4 => &self.g4,
            Technology::G5 => &self.g5,
        };
        given
            .clone()
            .unwrap_or(MobileModelSpec::FixedRadius { radius_m: None })
    }
}

/// A mobile coverage model as written in the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "kebab-case", deny_unknown_fields)]
pub enum MobileModelSpec {
    /// Covered within a radius of a site: the site's `radius_m` column, else
    /// `radius_m` here, else the technology default (4 km for 4G, 0.5 km for
    /// 5G: the fallback radii GSMA's coverage maps use for tower points).
    FixedRadius {
        /// Radius for sites without their own, metres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        radius_m: Option<f64>,
    },
    /// Covered when the best server's RSRP (SS-RSRP for 5G) reaches the
    /// threshold: a link budget with a path-loss model, the sector antenna
    /// pattern and a shadowing margin (see [`crate::coverage::radio`]).
    LinkBudget {
        /// Whether households are judged by the outdoor or the indoor
        /// (building entry loss) budget.
        #[serde(default)]
        receiver: Receiver,
        /// Radio parameters: `model`, `site`, `thresholds`, `reliability`,
        /// `indoor_loss`, `shadowing_sigma_db`; absent keys take the
        /// technology defaults (see [`crate::coverage::radio::TechnologyConfig`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        radio: Option<toml::Table>,
    },
}

/// Where the receiver is, for the link budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Receiver {
    /// Outdoors at 1.5 m (the FCC and 3GPP convention).
    #[default]
    Outdoor,
    /// Indoors, after the building entry loss.
    Indoor,
}

impl MobileModelSpec {
    /// The radio configuration of a link-budget spec for `tech`: the
    /// scenario's overrides on the technology defaults.
    pub fn radio_config(
        &self,
        tech: Technology,
    ) -> std::result::Result<Option<crate::coverage::radio::TechnologyConfig>, String> {
        use crate::coverage::radio::{Rat, TechnologyConfig};
        let MobileModelSpec::LinkBudget { radio, .. } = self else {
            return Ok(None);
        };
        let rat = match tech {
            Technology::G4 => Rat::Lte,
            Technology::G5 => Rat::Nr,
        };
        let table = radio.clone().unwrap_or_default();
        let cfg = TechnologyConfig::deserialize_for(rat, toml::Value::Table(table))
            .map_err(|e| format!("[mobile.{tech}.radio]: {e}"))?;
        cfg.validate()
            .map_err(|e| format!("[mobile.{tech}.radio]: {e}"))?;
        Ok(Some(cfg))
    }
}

/// The default fixed radius of a technology, in metres (GSMA's fallback
/// radii for tower points: 4 km for 4G, 0.5 km for 5G).
pub fn default_radius_m(tech: Technology) -> f64 {
    match tech {
        Technology::G4 => 4_000.0,
        Technology::G5 => 500.0,
    }
}

/// Targets of the provincial plan, as shares in [0, 1].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// Share of demand households served by fibre (default 0.80).
    pub fibre_households: f64,
    /// Share of communes reached by fibre (default 1.00).
    pub fibre_communes: f64,
    /// Share of households covered by 4G (default 1.00).
    pub mobile_4g_households: f64,
    /// Share of households covered by 5G (none by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_5g_households: Option<f64>,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            fibre_households: 0.80,
            fibre_communes: 1.0,
            mobile_4g_households: 1.0,
            mobile_5g_households: None,
        }
    }
}

impl Scenario {
    /// Parse a scenario from TOML text; `path` is the file it came from
    /// (used for the default name, to resolve relative paths, to find its
    /// `base`, and in error messages). A `base` is read from disk and merged
    /// under this text (see [`crate::input::inheritance`]).
    pub fn from_toml(text: &str, path: &Path) -> Result<Self> {
        let table = inheritance::parse_table(text, path)?;
        let resolved = inheritance::resolve(table, path)?;
        let mut s: Scenario = match toml::Value::Table(resolved.table).try_into() {
            Ok(s) => s,
            Err(e) if resolved.chain.len() <= 1 => {
                // One file: parse the text again for an error with its line.
                return Err(match toml::from_str::<Scenario>(text) {
                    Err(e) => inheritance::toml_error(text, path, &e),
                    Ok(_) => Error::input(path, "", e.message().to_string()),
                });
            }
            Err(e) => {
                return Err(Error::input(
                    path,
                    "",
                    format!(
                        "{} (in this scenario or the scenarios it inherits from: {})",
                        e.message(),
                        inheritance::chain_text(&resolved.chain)
                    ),
                ))
            }
        };
        if s.name.trim().is_empty() {
            s.name = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".into());
        }
        s.validate(path)?;
        Ok(s)
    }

    /// Read and parse a scenario file, with the scenarios it inherits from.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_toml(&text, path)
    }

    /// The path of a layer.
    pub fn layer_path(&self, layer: LayerKind) -> &Path {
        match layer {
            LayerKind::Areas => &self.layers.areas,
            LayerKind::Households => &self.layers.households,
            LayerKind::Fibre => &self.layers.fibre,
            LayerKind::Sites => &self.layers.sites,
        }
    }

    /// The CRS the scenario gives a layer, if any (already validated when
    /// the scenario was loaded).
    pub fn layer_crs(&self, layer: LayerKind) -> Result<Option<Crs>> {
        let text = match layer {
            LayerKind::Areas => &self.crs.areas,
            LayerKind::Households => &self.crs.households,
            LayerKind::Fibre => &self.crs.fibre,
            LayerKind::Sites => &self.crs.sites,
        };
        match text {
            Some(t) => Crs::parse(t)
                .map(Some)
                .map_err(|e| Error::Invalid(format!("[crs] {layer}: {e}"))),
            None => Ok(None),
        }
    }

    /// How to read a layer: its CRS and column names; `lenient` collects
    /// bad rows instead of failing on the first (for `phusong check`).
    pub fn read_options(&self, layer: LayerKind, lenient: bool) -> Result<ReadOptions> {
        let columns = match layer {
            LayerKind::Households => self.columns.households.clone(),
            LayerKind::Sites => self.columns.sites.clone(),
            _ => ColumnNames::default(),
        };
        Ok(ReadOptions {
            crs: self.layer_crs(layer)?,
            columns,
            lenient,
        })
    }

    fn validate(&self, path: &Path) -> Result<()> {
        let bad = |msg: String| Err(Error::input(path, "", msg));
        for layer in LayerKind::ALL {
            if let Err(e) = self.layer_crs(layer) {
                return bad(e.to_string());
            }
        }
        if let Err(e) = self.check.validate() {
            return bad(e);
        }
        if let Err(e) = self.costs.validate() {
            return bad(e);
        }
        if let Some(Err(e)) = self.indicators.as_ref().map(|i| i.validate()) {
            return bad(e);
        }
        if !(self.fibre.drop_m.is_finite() && self.fibre.drop_m >= 0.0) {
            return bad(format!(
                "[fibre] drop_m must be ≥ 0 metres, found {}",
                self.fibre.drop_m
            ));
        }
        let t = &self.targets;
        for (name, v) in [
            ("fibre_households", Some(t.fibre_households)),
            ("fibre_communes", Some(t.fibre_communes)),
            ("mobile_4g_households", Some(t.mobile_4g_households)),
            ("mobile_5g_households", t.mobile_5g_households),
        ] {
            if let Some(v) = v {
                if !(0.0..=1.0).contains(&v) {
                    return bad(format!(
                        "[targets] {name} must be a share between 0 and 1 (e.g. 0.8 for 80%), found {v}"
                    ));
                }
            }
        }
        for tech in Technology::ALL {
            let spec = self.mobile.spec(tech);
            if let MobileModelSpec::FixedRadius { radius_m: Some(r) } = spec {
                if !(r > 0.0 && r <= 100_000.0) {
                    return bad(format!(
                        "[mobile.{tech}] radius_m must be in (0, 100000] metres, found {r}"
                    ));
                }
            }
            if let Err(e) = spec.radio_config(tech) {
                return bad(e);
            }
        }
        if !(self.outputs.raster_cell_m >= 5.0 && self.outputs.raster_cell_m <= 10_000.0) {
            return bad(format!(
                "[outputs] raster_cell_m must be between 5 and 10000 metres, found {}",
                self.outputs.raster_cell_m
            ));
        }
        if self.name.contains(['/', '\\']) || self.name == ".." || self.name == "." {
            return bad(format!(
                "the scenario name {:?} must not contain path separators",
                self.name
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[layers]
areas = "a.geojson"
households = "h.csv"
fibre = "f.geojson"
sites = "s.csv"
"#;

    #[test]
    fn defaults_and_relative_paths() {
        let s = Scenario::from_toml(MINIMAL, Path::new("/x/y/base.toml")).unwrap();
        assert_eq!(s.name, "base");
        assert_eq!(s.layers.households, PathBuf::from("/x/y/h.csv"));
        assert_eq!(s.fibre.drop_m, 150.0);
        assert_eq!(s.targets.fibre_households, 0.8);
        assert_eq!(
            s.mobile.spec(Technology::G5),
            MobileModelSpec::FixedRadius { radius_m: None }
        );
    }

    #[test]
    fn typos_are_errors_with_a_line() {
        let text = format!("{MINIMAL}\n[fibre]\ndrop = 300\n");
        let e = Scenario::from_toml(&text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        // toml points at the [fibre] table (line 8) that holds the typo.
        assert!(
            e.starts_with("s.toml: line 8: unknown field `drop`, expected `drop_m`"),
            "{e}"
        );
    }

    #[test]
    fn crs_columns_and_check_tables() {
        let text = format!(
            "{MINIMAL}\n[crs]\nareas = \"VN2000:TM3:104-30\"\nhouseholds = \"EPSG:32648\"\n\
             [columns.households]\nlon = \"Kinh độ\"\n[check]\nfar_outside_m = 2000\n\
             [check.severity]\noverlap = \"warning\"\n"
        );
        let s = Scenario::from_toml(&text, Path::new("s.toml")).unwrap();
        assert_eq!(
            s.layer_crs(LayerKind::Areas).unwrap().unwrap().label(),
            "EPSG:9207"
        );
        assert_eq!(s.columns.households.lon.as_deref(), Some("Kinh độ"));
        let bad = format!("{MINIMAL}\n[crs]\nsites = \"UTM48\"\n");
        let e = Scenario::from_toml(&bad, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("[crs] sites: unknown CRS \"UTM48\""), "{e}");
        let typo = format!("{MINIMAL}\n[crs]\nsite = \"EPSG:4326\"\n");
        assert!(Scenario::from_toml(&typo, Path::new("s.toml")).is_err());
        let typo = format!("{MINIMAL}\n[check.severity]\noverlaps = \"off\"\n");
        assert!(Scenario::from_toml(&typo, Path::new("s.toml")).is_err());
    }

    #[test]
    fn mobile_model_and_targets_parse() {
        let text = format!(
            "{MINIMAL}\n[mobile.4G]\nmodel = \"fixed-radius\"\nradius_m = 3000\n[targets]\nfibre_households = 1.5\n"
        );
        let e = Scenario::from_toml(&text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("fibre_households must be a share"), "{e}");
    }
}
