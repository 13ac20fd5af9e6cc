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

use super::check::CheckParams;
use super::costs::Costs;
use super::edits::{AddLayers, PlannedParams, RemoveIds};
use super::indicators::IndicatorParams;
use super::inheritance;
use super::layers::{AreaFields, LayerColumns, LayerCrs, LayerKind, Layers};
use super::mobile::{MobileModelSpec, MobileParams};
use super::network::NetworkParams;
use super::outputs::{FibreParams, OutputParams};
use super::projection::ProjectionChoice;
use super::targets::Targets;
use super::technology::Technology;
use crate::crs::Crs;
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
    /// Where the data come from and what is synthetic (credits, licences):
    /// shown in every map's footnote.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub credits: String,
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
    pub check: CheckParams,
    /// Optional outputs.
    #[serde(default)]
    pub outputs: OutputParams,
    /// Unit costs for `phusong plan` (USD; see [`Costs`]).
    #[serde(default)]
    pub costs: Costs,
    /// How the road and canal network becomes a graph (`[network]`).
    #[serde(default)]
    pub network: NetworkParams,
    /// The scenario this one inherits from (resolved path), when it names
    /// one (`base = "demo.toml"`; see [`crate::config::inheritance`]).
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
    pub indicators: Option<IndicatorParams>,
    /// The file the scenario was loaded from (not a TOML key).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

fn default_province() -> String {
    "Province".into()
}

impl Scenario {
    /// Parse a scenario from TOML text; `path` is the file it came from
    /// (used for the default name, to resolve relative paths, to find its
    /// `base`, and in error messages). A `base` is read from disk and merged
    /// under this text (see [`crate::config::inheritance`]).
    pub fn from_toml(text: &str, path: &Path) -> Result<Self> {
        let table = inheritance::parse_table(text, path)?;
        let resolved = inheritance::resolve(table, path)?;
        if let Some(message) = super::required::missing_key(&resolved.table) {
            let message = if resolved.chain.len() <= 1 {
                message
            } else {
                format!(
                    "{message} (in this scenario or the scenarios it inherits from: {})",
                    inheritance::chain_text(&resolved.chain)
                )
            };
            return Err(Error::input(path, "", message));
        }
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
        s.targets.no_fibre_layer = !s.has_fibre();
        s.targets.no_sites_layer = !s.has_sites();
        s.source = Some(path.to_path_buf());
        Ok(s)
    }

    /// Read and parse a scenario file, with the scenarios it inherits from.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_toml(&text, path)
    }

    /// The path of a layer (`None`: the scenario has no such layer).
    pub fn layer_path(&self, layer: LayerKind) -> Option<&Path> {
        match layer {
            LayerKind::Areas => Some(&self.layers.areas),
            LayerKind::Households => Some(&self.layers.households),
            LayerKind::Fibre => self.layers.fibre.as_deref(),
            LayerKind::Sites => self.layers.sites.as_deref(),
        }
    }

    /// Whether the scenario has fibre to evaluate (`[layers] fibre` or
    /// `[add] fibre`).
    pub fn has_fibre(&self) -> bool {
        self.layers.fibre.is_some() || !self.add.fibre.is_empty()
    }

    /// Whether the scenario has cell sites to evaluate (`[layers] sites` or
    /// `[add] sites`).
    pub fn has_sites(&self) -> bool {
        self.layers.sites.is_some() || !self.add.sites.is_empty()
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
                .map_err(|e| Error::config(format!("crs.{layer}"), format!("[crs] {layer}: {e}"))),
            None => Ok(None),
        }
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
        if let Err(e) = self.network.validate() {
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
        if self.fibre.distance == super::FibreDistance::Network && self.layers.network.is_none() {
            return bad(
                "[fibre] distance = \"network\" needs a road and canal network: \
                 set [layers] network = \"roads.geojson\" (or .osm.pbf)"
                    .to_string(),
            );
        }
        for o in &self.targets.operators {
            if !(o.households.is_finite() && (0.0..=1.0).contains(&o.households)) {
                return bad(format!(
                    "[[targets.operators]] {} {}: households must be a share in [0, 1], found {}",
                    o.operator, o.tech, o.households
                ));
            }
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
