//! Maps and charts of a run, for officials: the fibre, 4G, 5G and gap maps
//! and the KPI and ranking charts, written as PNG and SVG into `maps/`.
//!
//! The figures come from a [`MapData`], built either from a fresh
//! [`RunResult`] ([`MapData::from_run`]) or from the outputs of an earlier
//! run ([`MapData::from_outputs`]: `communes.geojson`, `summary.json` and
//! the fibre, sites and district layers the scenario names), so that
//! `phusong map` redraws without recomputing coverage. Geometry is projected
//! to the run's local Transverse Mercator plane (metres), so that the
//! province keeps its shape. The drawing itself is [`crate::render`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use geo::{BoundingRect, Coord, LineString, MultiPolygon, Point, Polygon};
use rayon::prelude::*;
use serde_json::Value;

use crate::aggregate::targets::{
    mobile_households, Goal, Tally, Target, FIBRE_COMMUNES, FIBRE_HOUSEHOLDS, MOBILE_4G_HOUSEHOLDS,
    MOBILE_5G_HOUSEHOLDS,
};
use crate::aggregate::TargetCheck;
use crate::config::Targets;
use crate::config::{Scenario, Technology};
use crate::engine::RunResult;
use crate::index::AreaIndex;
use crate::input::Inputs;
use crate::lang::{fill, Lang, Term};
use crate::projection::{ForwardTable, Projection};
use crate::render::cap;
use crate::render::{
    draw_svg, palette, render_kpi_chart, render_map, render_ranked_bars, ClassScheme, ColourRamp,
    Kpi, KpiChartSpec, LabelOrder, LineLayer, MapArea, MapSpec, Marker, PointLayer, RankedBarsSpec,
    RankedItem, RasterLayer, Rgb, Wedge, WedgeLayer,
};
use crate::{Error, Result};

/// Class scheme of the 5G map when the scenario sets no 5G target.
pub const DEFAULT_5G_CLASS_TARGET: f64 = 0.5;

/// Cell size (metres) of the RSRP raster drawn on the radio maps; coarser
/// for very large areas so that the grid stays below about 600 columns.
pub const MAP_RASTER_CELL_M: f64 = 250.0;

/// One commune with the figures the maps show, geometry in local metres.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCommune {
    /// Commune code.
    pub code: String,
    /// Commune name.
    pub name: String,
    /// Parent area (district), when the areas have one.
    pub parent: Option<String>,
    /// Outline, local metres.
    pub geometry: MultiPolygon<f64>,
    /// Households in the commune.
    pub households: u64,
    /// Demand households.
    pub demand: u64,
    /// Share of demand households served by fibre (`None`: no demand).
    pub fibre_share: Option<f64>,
    /// Demand households still to serve to meet the fibre target.
    pub fibre_gap: u64,
    /// A fibre element lies in or crosses the commune.
    pub fibre_reached: bool,
    /// Share of households covered by 4G (`None`: no households).
    pub share_4g: Option<f64>,
    /// Households still to cover to meet the 4G target.
    pub gap_4g: u64,
    /// Share of households covered by 5G (`None`: no households).
    pub share_5g: Option<f64>,
    /// Households still to cover to meet the 5G target (0 without one).
    pub gap_5g: u64,
}

impl MapCommune {
    /// The largest number of households missing for any target (a
    /// household may be missing for several; this counts it once).
    pub fn households_missing(&self) -> u64 {
        self.fibre_gap.max(self.gap_4g).max(self.gap_5g)
    }

    /// Misses the fibre household target, the 4G or 5G target, or is not
    /// reached by fibre while the scenario asks for fibre in every commune.
    pub fn misses_a_target(&self, fibre_communes_target: bool) -> bool {
        self.households_missing() > 0 || (fibre_communes_target && !self.fibre_reached)
    }
}

/// A cell-site sector (one row of the sites layer), in local metres.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSite {
    /// Site id (sectors of one site share it).
    pub id: String,
    /// Technology.
    pub tech: Technology,
    /// Position, metres.
    pub at: Point<f64>,
    /// Sector azimuth, degrees clockwise from north.
    pub azimuth_deg: Option<f64>,
    /// Horizontal beamwidth, degrees.
    pub beamwidth_deg: Option<f64>,
}

/// Everything the maps and charts of a run show.
#[derive(Debug, Clone)]
pub struct MapData {
    /// Province name.
    pub province: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// Run time (RFC 3339).
    pub run_at: String,
    /// phusong version of the run.
    pub version: String,
    /// The targets checked against the province.
    pub targets: Vec<TargetCheck>,
    /// Fibre household target (share).
    pub fibre_target: f64,
    /// Whether communes must be reached by fibre (a commune not reached
    /// then counts as missing a target on the gap map).
    pub fibre_communes_target: bool,
    /// The share of communes that must be reached by fibre.
    pub fibre_communes_share: f64,
    /// 4G household target.
    pub target_4g: f64,
    /// 5G household target, if any.
    pub target_5g: Option<f64>,
    /// Fibre drop distance, metres (for the footnote).
    pub drop_m: f64,
    /// Under `[fibre] distance = "network"`: the fibre join distance,
    /// metres (the title, legend and footnote state the network rule);
    /// `None` under the straight rule.
    pub fibre_join_m: Option<f64>,
    /// Communes, sorted by code.
    pub communes: Vec<MapCommune>,
    /// Parent-area (district) outlines, metres.
    pub parents: Vec<MultiPolygon<f64>>,
    /// Fibre cables, metres.
    pub fibre_lines: Vec<LineString<f64>>,
    /// Fibre distribution points, metres.
    pub fibre_points: Vec<Point<f64>>,
    /// Cell-site sectors.
    pub sites: Vec<MapSite>,
    /// Best-server RSRP grids per technology (only from a fresh run).
    pub rasters: Vec<(Technology, RasterLayer)>,
    /// Input file names per layer, for the footnote.
    pub sources: Vec<(Term, String)>,
    /// The scenario's `credits` text (credits, what is synthetic), for the
    /// footnote.
    pub credit: String,
    /// The projection the geometry is in.
    pub projection: Projection,
    /// Language of the maps' text (`[outputs] language`).
    pub lang: Lang,
    /// What the parent areas are called (the scenario's `[areas]`, see
    /// [`crate::output::words::parent_label`]).
    pub parents_label: String,
    /// Draw sector wedges on the 4G/5G maps (`[outputs] map_sectors`).
    pub sectors: bool,
}

/// The parent level's name in the scenario's language.
fn parents_label_of(sc: &crate::config::Scenario) -> String {
    crate::output::words::parent_label(
        sc.outputs.language,
        sc.areas.parent_field.as_deref(),
        sc.areas.parent_label.as_deref(),
    )
}

/// What [`write_maps`] wrote.
#[derive(Debug, Clone, Default)]
pub struct MapsWritten {
    /// Every file written.
    pub files: Vec<PathBuf>,
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Join fibre segments into polylines (consecutive segments of one feature
/// that share an end point), projected.
pub(crate) fn fibre_lines(
    proj: &Projection,
    segments: &[([f64; 2], [f64; 2], u32)],
) -> Vec<LineString<f64>> {
    let mut out: Vec<(u32, Vec<[f64; 2]>)> = Vec::new();
    for &(a, b, f) in segments {
        match out.last_mut() {
            Some((lf, pts)) if *lf == f && pts.last() == Some(&a) => pts.push(b),
            _ => out.push((f, vec![a, b])),
        }
    }
    out.into_iter()
        .map(|(_, pts)| {
            LineString(
                pts.iter()
                    .map(|p| {
                        let [x, y] = proj.forward(p[0], p[1]);
                        Coord { x, y }
                    })
                    .collect(),
            )
        })
        .collect()
}

fn map_sites(proj: &Projection, sites: &crate::input::Sites) -> Vec<MapSite> {
    (0..sites.len())
        .map(|i| {
            let [x, y] = proj.forward(sites.lon[i], sites.lat[i]);
            MapSite {
                id: sites.ids[i].clone(),
                tech: sites.tech[i],
                at: Point::new(x, y),
                azimuth_deg: sites.sector[i].azimuth_deg,
                beamwidth_deg: sites.sector[i].beamwidth_deg,
            }
        })
        .collect()
}

/// A GeoJSON Polygon/MultiPolygon geometry object as a MultiPolygon.
pub fn json_multipolygon(g: &Value) -> Option<MultiPolygon<f64>> {
    fn ring(v: &Value) -> Option<LineString<f64>> {
        let pts = v.as_array()?;
        let mut cs = Vec::with_capacity(pts.len());
        for p in pts {
            let p = p.as_array()?;
            cs.push(Coord {
                x: p.first()?.as_f64()?,
                y: p.get(1)?.as_f64()?,
            });
        }
        Some(LineString(cs))
    }
    fn polygon(v: &Value) -> Option<Polygon<f64>> {
        let rings = v.as_array()?;
        let ext = ring(rings.first()?)?;
        let holes = rings[1..].iter().map(ring).collect::<Option<Vec<_>>>()?;
        Some(Polygon::new(ext, holes))
    }
    let coords = g.get("coordinates")?;
    match g.get("type")?.as_str()? {
        "Polygon" => Some(MultiPolygon(vec![polygon(coords)?])),
        "MultiPolygon" => Some(MultiPolygon(
            coords
                .as_array()?
                .iter()
                .map(polygon)
                .collect::<Option<Vec<_>>>()?,
        )),
        _ => None,
    }
}

/// Read the polygons of a GeoJSON FeatureCollection (e.g. districts).
pub fn read_polygons(path: &Path) -> Result<Vec<(Value, MultiPolygon<f64>)>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| Error::input(path, "", format!("not valid GeoJSON: {e}")))?;
    let feats = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::input(path, "", "not a GeoJSON FeatureCollection"))?;
    Ok(feats
        .iter()
        .filter_map(|f| {
            let mp = json_multipolygon(f.get("geometry")?)?;
            Some((f.get("properties").cloned().unwrap_or(Value::Null), mp))
        })
        .collect())
}

/// Dissolve communes by parent: the union of each parent's communes.
fn dissolve_parents(communes: &[MapCommune]) -> Vec<MultiPolygon<f64>> {
    let mut groups: BTreeMap<&str, Vec<&MultiPolygon<f64>>> = BTreeMap::new();
    for c in communes {
        if let Some(p) = &c.parent {
            groups.entry(p.as_str()).or_default().push(&c.geometry);
        }
    }
    groups
        .into_values()
        .map(|mps| {
            let polys: Vec<Polygon<f64>> = mps.iter().flat_map(|m| m.0.iter().cloned()).collect();
            geo::unary_union(&polys)
        })
        .collect()
}

pub(crate) fn parents_layer(
    scenario_parents: Option<&Path>,
    proj: &Projection,
    communes: &[MapCommune],
) -> Result<Vec<MultiPolygon<f64>>> {
    if let Some(p) = scenario_parents {
        return Ok(read_polygons(p)?
            .iter()
            .map(|(_, mp)| proj.forward_multipolygon(mp))
            .collect());
    }
    Ok(dissolve_parents(communes))
}

/// The goal of a target that always has one (0 if a scenario could unset
/// it).
fn goal_of(t: &Target, targets: &Targets) -> f64 {
    t.goal_in(targets).unwrap_or(0.0)
}

/// `summary.json` of the run in `dir`, parsed.
fn read_summary(dir: &Path) -> Result<(PathBuf, Value)> {
    let summary_path = dir.join("summary.json");
    let text = std::fs::read_to_string(&summary_path).map_err(|e| Error::io(&summary_path, e))?;
    let summary: Value = serde_json::from_str(&text)
        .map_err(|e| Error::input(&summary_path, "", format!("not valid JSON: {e}")))?;
    Ok((summary_path, summary))
}

/// The scenario file that the run in `dir` ran (`scenario_file` in its
/// `summary.json`).
pub fn scenario_file_of(dir: &Path) -> Result<PathBuf> {
    let (summary_path, summary) = read_summary(dir)?;
    summary
        .get("scenario_file")
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::input(
                &summary_path,
                "",
                "no `scenario_file`: this run is older than `phusong map`; run it again",
            )
        })
}

impl MapData {
    /// The map data of a fresh run, with the RSRP grids of the radio maps
    /// (computed here at [`MAP_RASTER_CELL_M`] with the run's models).
    pub fn from_run(r: &RunResult) -> Result<Self> {
        let proj = r.projection;
        let goals = &r.scenario.targets;
        let gap = |t: &'static Target, tally: &Tally| {
            t.goal_in(goals)
                .map_or(0, |share| Goal { target: t, share }.gap(tally))
        };
        let communes: Vec<MapCommune> = r
            .inputs
            .areas
            .items
            .iter()
            .zip(&r.area_counts)
            .zip(&r.area_reached)
            .map(|((a, &counts), &reached)| {
                let tally = Tally {
                    counts,
                    communes: 1,
                    communes_reached: reached as u64,
                };
                let (hh, dem) = (counts.households, counts.demand);
                MapCommune {
                    code: a.id.clone(),
                    name: a.name.clone(),
                    parent: a.parent.clone(),
                    geometry: proj.forward_multipolygon(&a.geometry),
                    households: hh,
                    demand: dem,
                    fibre_share: (dem > 0).then(|| FIBRE_HOUSEHOLDS.share(&tally)),
                    fibre_gap: gap(&FIBRE_HOUSEHOLDS, &tally),
                    fibre_reached: reached,
                    share_4g: (hh > 0).then(|| MOBILE_4G_HOUSEHOLDS.share(&tally)),
                    gap_4g: gap(&MOBILE_4G_HOUSEHOLDS, &tally),
                    share_5g: (hh > 0).then(|| MOBILE_5G_HOUSEHOLDS.share(&tally)),
                    gap_5g: gap(&MOBILE_5G_HOUSEHOLDS, &tally),
                }
            })
            .collect();
        let sc = &r.scenario;
        let parents = parents_layer(sc.layers.parents.as_deref(), &proj, &communes)?;
        // Where the cells are, once for every technology.
        let grid = r
            .models
            .iter()
            .any(|m| m.thresholds_dbm().is_some())
            .then(|| map_grid(r))
            .flatten();
        let rasters = match &grid {
            Some(grid) => r
                .models
                .par_iter()
                .filter_map(|m| {
                    rsrp_grid(r, m.as_ref(), grid).map(|g| g.map(|g| (m.technology(), g)))
                })
                .collect::<Result<Vec<_>>>()?,
            None => Vec::new(),
        };
        let s = &r.summary;
        Ok(MapData {
            province: s.province.clone(),
            scenario: s.scenario.clone(),
            description: s.description.clone(),
            run_at: s.run_at.clone(),
            version: s.phusong_version.clone(),
            targets: s.targets.clone(),
            fibre_target: goal_of(&FIBRE_HOUSEHOLDS, goals),
            fibre_communes_target: goal_of(&FIBRE_COMMUNES, goals) > 0.0,
            fibre_communes_share: goal_of(&FIBRE_COMMUNES, goals),
            target_4g: goal_of(&MOBILE_4G_HOUSEHOLDS, goals),
            target_5g: MOBILE_5G_HOUSEHOLDS.goal_in(goals),
            drop_m: sc.fibre.drop_m,
            fibre_join_m: network_join_m(sc),
            communes,
            parents,
            fibre_lines: fibre_lines(&proj, &r.inputs.fibre.segments),
            fibre_points: r
                .inputs
                .fibre
                .points
                .iter()
                .map(|(p, _)| {
                    let [x, y] = proj.forward(p[0], p[1]);
                    Point::new(x, y)
                })
                .collect(),
            sites: map_sites(&proj, &r.inputs.sites),
            rasters,
            sources: sources_of(sc),
            credit: sc.credits.clone(),
            projection: proj,
            lang: sc.outputs.language,
            parents_label: parents_label_of(sc),
            sectors: sc.outputs.map_sectors,
        })
    }

    /// The map data of an earlier run, from its output folder: figures and
    /// geometry from `communes.geojson` and the run from `summary.json`;
    /// the fibre, sites and district layers from the run's `scenario` and
    /// `inputs` (read as the run read them, see
    /// [`crate::pipeline::remap`]), drawn on the run's `proj`. No coverage
    /// is recomputed, so there is no RSRP raster.
    pub fn from_outputs(
        dir: &Path,
        scenario: &Scenario,
        inputs: &Inputs,
        proj: Projection,
    ) -> Result<Self> {
        let (summary_path, summary) = read_summary(dir)?;
        let targets: Vec<TargetCheck> = summary
            .get("targets")
            .cloned()
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| Error::input(&summary_path, "targets", e.to_string()))?
            .unwrap_or_default();
        let text_of = |k: &str| {
            summary
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };

        let communes_path = dir.join("communes.geojson");
        let feats = read_polygons(&communes_path)?;
        let fields = &scenario.areas;
        let txt = |p: &Value, k: &str| -> Option<String> {
            match p.get(k)? {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                v => Some(v.to_string()),
            }
        };
        let num = |p: &Value, k: &str| p.get(k).and_then(Value::as_f64);
        let u = |p: &Value, k: &str| num(p, k).unwrap_or(0.0).max(0.0) as u64;
        let communes: Vec<MapCommune> = feats
            .iter()
            .map(|(p, mp)| {
                let hh = u(p, "households");
                let dem = u(p, "demand_households");
                MapCommune {
                    code: txt(p, "code")
                        .or_else(|| txt(p, &fields.id_field))
                        .unwrap_or_default(),
                    name: txt(p, "name")
                        .or_else(|| txt(p, &fields.name_field))
                        .unwrap_or_default(),
                    parent: fields.parent_field.as_ref().and_then(|f| txt(p, f)),
                    geometry: proj.forward_multipolygon(mp),
                    households: hh,
                    demand: dem,
                    fibre_share: num(p, "fibre_share").filter(|_| dem > 0),
                    fibre_gap: u(p, "fibre_gap_households"),
                    fibre_reached: p
                        .get("fibre_reached")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    share_4g: num(p, "share_4g").filter(|_| hh > 0),
                    gap_4g: u(p, "gap_4g_households"),
                    share_5g: num(p, "share_5g").filter(|_| hh > 0),
                    gap_5g: u(p, "gap_5g_households"),
                }
            })
            .collect();
        let parents = parents_layer(scenario.layers.parents.as_deref(), &proj, &communes)?;
        let (fibre, sites) = (&inputs.fibre, &inputs.sites);
        let t = &scenario.targets;
        Ok(MapData {
            province: text_of("province"),
            scenario: text_of("scenario"),
            description: text_of("description"),
            run_at: text_of("run_at"),
            version: text_of("phusong_version"),
            targets,
            fibre_target: goal_of(&FIBRE_HOUSEHOLDS, t),
            fibre_communes_target: goal_of(&FIBRE_COMMUNES, t) > 0.0,
            fibre_communes_share: goal_of(&FIBRE_COMMUNES, t),
            target_4g: goal_of(&MOBILE_4G_HOUSEHOLDS, t),
            target_5g: MOBILE_5G_HOUSEHOLDS.goal_in(t),
            drop_m: scenario.fibre.drop_m,
            fibre_join_m: network_join_m(scenario),
            communes,
            parents,
            fibre_lines: fibre_lines(&proj, &fibre.segments),
            fibre_points: fibre
                .points
                .iter()
                .map(|(p, _)| {
                    let [x, y] = proj.forward(p[0], p[1]);
                    Point::new(x, y)
                })
                .collect(),
            sites: map_sites(&proj, sites),
            rasters: Vec::new(),
            sources: sources_of(scenario),
            credit: scenario.credits.clone(),
            projection: proj,
            lang: scenario.outputs.language,
            parents_label: parents_label_of(scenario),
            sectors: scenario.outputs.map_sectors,
        })
    }

    /// Whether the run evaluated the target `key` (false when the scenario
    /// has no layer of its network).
    fn evaluated(&self, key: &str) -> bool {
        self.target(key)
            .is_none_or(|t| t.status != crate::aggregate::targets::NOT_EVALUATED)
    }

    /// "4G: not evaluated (no sites layer)" in the maps' language.
    fn not_evaluated_text(&self, label: &str, key: &str) -> String {
        format!(
            "{label}: {}",
            crate::output::words::not_evaluated(self.lang, key)
        )
    }

    fn target(&self, key: &str) -> Option<&TargetCheck> {
        self.targets.iter().find(|t| t.key == key)
    }

    fn t(&self, term: Term) -> &'static str {
        self.lang.term(term)
    }

    fn pct(&self, v: f64) -> String {
        let p = 100.0 * v;
        self.lang
            .percent(v, usize::from((p - p.round()).abs() >= 0.05))
    }

    fn footnote(&self, extra: &str) -> String {
        let src: Vec<String> = self
            .sources
            .iter()
            .map(|(k, v)| format!("{v} ({})", self.t(*k)))
            .collect();
        // "2026-11-27T14:29:13Z" → "2026-11-27 14:29 UTC" (27/11/2026 in vi).
        let date = match self.run_at.get(11..16) {
            Some(t) => format!("{} {t} UTC", self.lang.date(&self.run_at)),
            _ => self.run_at.clone(),
        };
        let sources = src.join(" · ");
        let values = [
            ("sources", sources),
            ("version", self.version.clone()),
            ("date", date),
        ];
        let mut s = fill(self.t(Term::MapData), &values);
        if !self.credit.is_empty() {
            s.push('\n');
            s.push_str(&self.credit);
        }
        if !extra.is_empty() {
            s.push('\n');
            s.push_str(extra);
        }
        s
    }

    fn subtitle(&self, target_text: &str) -> String {
        let mut s = fill(
            self.t(Term::MapScenario),
            &[("name", self.scenario.clone())],
        );
        if !self.description.is_empty() {
            s.push_str(&format!(" ({})", self.description));
        }
        if !target_text.is_empty() {
            s.push_str(" · ");
            s.push_str(target_text);
        }
        s
    }

    fn province_status(&self, key: &str) -> String {
        let Some(t) = self.target(key) else {
            return String::new();
        };
        let value = ("value", self.pct(t.value));
        if t.met {
            return fill(self.t(Term::ProvinceMet), &[value]);
        }
        fill(
            self.t(Term::ProvinceNotMet),
            &[value, ("gap", self.gap_text(t))],
        )
    }

    /// "12,500 more households needed" / "còn thiếu 12.500 hộ".
    fn gap_text(&self, t: &TargetCheck) -> String {
        let term = match t.gap_unit.as_str() {
            "communes" => Term::GapCommunes,
            "persons" => Term::GapPersons,
            _ => Term::GapHouseholds,
        };
        fill(self.t(term), &[("n", self.lang.count(t.gap))])
    }

    fn sites_of(&self, tech: Technology) -> Vec<&MapSite> {
        self.sites.iter().filter(|s| s.tech == tech).collect()
    }
}

fn sources_of(sc: &Scenario) -> Vec<(Term, String)> {
    let l = &sc.layers;
    let mut m = vec![
        (Term::SourceCommunes, file_name(&l.areas)),
        (Term::SourceHouseholds, file_name(&l.households)),
    ];
    if let Some(p) = &l.fibre {
        m.push((Term::SourceFibre, file_name(p)));
    }
    if let Some(p) = &l.sites {
        m.push((Term::SourceSites, file_name(p)));
    }
    if let Some(p) = &l.parents {
        m.push((Term::SourceDistricts, file_name(p)));
    }
    m
}

/// The maps' raster grid in the run's local metres over the communes
/// (cells of [`MAP_RASTER_CELL_M`], or 1/600 of the larger side), with the
/// cells whose centre lies in a commune, row by row.
struct MapGrid {
    x0: f64,
    y1: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    /// Per row, the columns of the cells inside the communes.
    inside: Vec<Vec<u32>>,
}

/// The [`MapGrid`] of a run; `None` without communes.
fn map_grid(r: &RunResult) -> Option<MapGrid> {
    let proj = r.projection;
    let mut e = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for a in &r.inputs.areas.items {
        for p in &a.geometry.0 {
            for c in &p.exterior().0 {
                let [x, y] = proj.forward(c.x, c.y);
                e = [e[0].min(x), e[1].min(y), e[2].max(x), e[3].max(y)];
            }
        }
    }
    if !e[0].is_finite() {
        return None;
    }
    let span = (e[2] - e[0]).max(e[3] - e[1]);
    let cell = MAP_RASTER_CELL_M.max(span / 600.0);
    let cols = ((e[2] - e[0]) / cell).ceil().max(1.0) as usize;
    let rows = ((e[3] - e[1]) / cell).ceil().max(1.0) as usize;
    let (x0, y1) = (e[0], e[3]);
    let inside = map_grid_inside(&r.area_index, &proj, [x0, y1], cell, [cols, rows]);
    Some(MapGrid {
        x0,
        y1,
        cell,
        cols,
        rows,
        inside,
    })
}

/// Per row of the map grid with north-west corner `x0, y1`, cells of
/// `cell` metres and `cols × rows` cells, the columns whose centre lies in
/// a commune (located in lon/lat as the households are).
///
/// Most cells are decided without the exact inverse projection: a table
/// of the inverse gives each centre's lon/lat within a stated error, and
/// where the communes' classified grid puts that whole neighbourhood
/// inside one commune or outside all, that decides the cell
/// ([`AreaIndex::locate_with`]); only the rest are located exactly. The
/// result equals that of the exact inverse for every cell (tested).
fn map_grid_inside(
    areas: &AreaIndex,
    proj: &Projection,
    [x0, y1]: [f64; 2],
    cell: f64,
    [cols, rows]: [usize; 2],
) -> Vec<Vec<u32>> {
    let (x1, y0) = (x0 + cols as f64 * cell, y1 - rows as f64 * cell);
    let table = ForwardTable::new(|x, y| proj.inverse(x, y), [x0, y0], [x1, y1], 128);
    map_grid_inside_by(areas, proj, table.as_ref(), [x0, y1], cell, [cols, rows])
}

/// [`map_grid_inside`] through the inverse table `table`; without one
/// (the tests' reference) every cell by the exact inverse.
fn map_grid_inside_by(
    areas: &AreaIndex,
    proj: &Projection,
    table: Option<&ForwardTable>,
    [x0, y1]: [f64; 2],
    cell: f64,
    [cols, rows]: [usize; 2],
) -> Vec<Vec<u32>> {
    (0..rows)
        .into_par_iter()
        .map(|row| {
            (0..cols as u32)
                .filter(|&col| {
                    let [x, y] = map_cell_centre(x0, y1, cell, col as usize, row);
                    let near = table.and_then(|t| t.near(x, y));
                    areas.locate_with(near, || proj.inverse(x, y)).is_some()
                })
                .collect()
        })
        .collect()
}

/// The centre of cell `(col, row)` of a map grid, local metres.
fn map_cell_centre(x0: f64, y1: f64, cell: f64, col: usize, row: usize) -> [f64; 2] {
    [
        x0 + (col as f64 + 0.5) * cell,
        y1 - (row as f64 + 0.5) * cell,
    ]
}

/// The best-server RSRP of `model` on the map grid, clipped to the
/// communes; `None` for models without RSRP.
fn rsrp_grid(
    r: &RunResult,
    model: &dyn crate::coverage::MobileModel,
    g: &MapGrid,
) -> Option<Result<RasterLayer>> {
    let (covered, good) = model.thresholds_dbm()?;
    let (x0, y1, cell, cols) = (g.x0, g.y1, g.cell, g.cols);
    let values: Vec<f32> = g
        .inside
        .par_iter()
        .enumerate()
        .flat_map_iter(|(row, inside)| {
            let mut values = vec![f32::NAN; cols];
            for &col in inside {
                let p = map_cell_centre(x0, y1, cell, col as usize, row);
                // Only the weak and uncovered cells are shaded, so that the
                // commune colours show unaltered where the signal is good.
                let v = model.evaluate(p).rsrp_dbm;
                // (No server, NaN, is shaded as the weakest.)
                if v.is_nan() || v < good as f32 {
                    values[col as usize] = v.max(-200.0);
                }
            }
            values
        })
        .collect();
    let lang = r.scenario.outputs.language;
    let tech = model.technology().label();
    let name = cap(&fill(lang.term(Term::WeakSignal), &[("tech", tech.into())]));
    Some(
        RasterLayer::new(name, x0, y1, cell, cols, g.rows, values).and_then(|mut l| {
            l.ramp = weak_signal_ramp(covered as f32, good as f32, lang)?;
            Ok(l)
        }),
    )
}

/// A dBm value with a real minus sign.
fn dbm(v: f32) -> String {
    format!("{}", v.round() as i64).replace('-', "\u{2212}")
}

/// RSRP classes at the model's own thresholds: not covered, covered, good
/// (the QGIS style of the RSRP rasters; English).
pub fn rsrp_ramp(covered: f32, good: f32) -> Result<ColourRamp> {
    let en = |t: Term, v: &[(&str, String)]| fill(Lang::En.term(t), v);
    let (low, high) = (("low", dbm(covered)), ("high", dbm(good)));
    ColourRamp::new(
        vec![covered, good],
        vec![
            Rgb(0xF7, 0xF7, 0xF7),
            Rgb(0x6B, 0xAE, 0xD6),
            Rgb(0x08, 0x51, 0x9C),
        ],
        vec![
            en(Term::RsrpNoService, &[("dbm", dbm(covered))]),
            en(Term::RsrpCovered, &[low, high]),
            en(Term::RsrpGood, &[("dbm", dbm(good))]),
        ],
    )
}

/// The map's hatching of weak signal: below the covered threshold (no
/// service) black, between covered and good grey; good cells are left out
/// of the grid (NaN), so this ramp has no class for them.
pub fn weak_signal_ramp(covered: f32, good: f32, lang: Lang) -> Result<ColourRamp> {
    let (low, high) = (("low", dbm(covered)), ("high", dbm(good)));
    ColourRamp::new(
        vec![covered],
        vec![Rgb(0x1A, 0x1A, 0x1A), Rgb(0x6E, 0x6E, 0x6E)],
        vec![
            fill(lang.term(Term::RsrpNoService), &[("dbm", dbm(covered))]),
            fill(lang.term(Term::RsrpCoveredNotGood), &[low, high]),
        ],
    )
}

/// The class scheme of the fibre map's QGIS style.
pub fn fibre_classes(target: f64) -> ClassScheme {
    ClassScheme::around_target(target)
}

fn area(c: &MapCommune, value: Option<f64>) -> MapArea {
    MapArea::new(c.code.clone(), c.name.clone(), c.geometry.clone(), value)
}

/// The fibre map: communes by share of demand households served, classes
/// around the target ([`ClassScheme::around_values`]).
pub fn fibre_map(d: &MapData) -> MapSpec {
    let shares = d.communes.iter().map(|c| c.fibre_share);
    let classes = ClassScheme::around_values(d.fibre_target, shares, d.lang);
    let areas = d
        .communes
        .iter()
        .map(|c| MapArea {
            flagged: !c.fibre_reached,
            ..area(c, c.fibre_share)
        })
        .collect();
    let mut points = Vec::new();
    if !d.fibre_points.is_empty() {
        points.push(PointLayer {
            name: cap(d.t(Term::FibrePoints)),
            points: d.fibre_points.clone(),
            marker: Marker::Circle,
            colour: Rgb(0x54, 0x27, 0x8F),
            outline: palette::WHITE,
            size: 7.0,
        });
    }
    let (m, province) = (
        ("m", d.lang.number(d.drop_m, 0)),
        ("province", d.province.clone()),
    );
    let target = fill(d.t(Term::FibreMapTarget), &[("p", d.pct(d.fibre_target))]);
    let status = d.province_status(FIBRE_HOUSEHOLDS.key);
    // The rule in force: straight (drop_m) or along the network.
    let (title, note, legend) = match d.fibre_join_m {
        None => (
            Term::FibreMapTitle,
            Term::FibreMapNote,
            Term::TargetFibreHouseholds,
        ),
        Some(_) => (
            Term::FibreMapTitleNetwork,
            Term::FibreMapNoteNetwork,
            Term::FibreLegendNetwork,
        ),
    };
    let join = ("join", d.lang.number(d.fibre_join_m.unwrap_or(0.0), 0));
    MapSpec {
        title: fill(d.t(title), &[province, m.clone()]),
        subtitle: d.subtitle(&format!("{target} · {status}")),
        footnote: d.footnote(&fill(d.t(note), &[m, join])),
        areas,
        parents: d.parents.clone(),
        lines: vec![LineLayer::fibre(
            cap(d.t(Term::FibreNetwork)),
            d.fibre_lines.clone(),
        )],
        points,
        classes,
        legend_title: d.t(legend).into(),
        flag_label: cap(d.t(Term::NotReachedByFibre)),
        lang: d.lang,
        parents_label: d.parents_label.clone(),
        ..MapSpec::default()
    }
}

/// Display radius of sector wedges: 60% of the median distance between
/// neighbouring sites, within 300 m … 3 km.
fn wedge_radius(sites: &[&MapSite]) -> f64 {
    let mut pts: Vec<Point<f64>> = sites.iter().map(|s| s.at).collect();
    pts.sort_by(|a, b| a.x().total_cmp(&b.x()).then(a.y().total_cmp(&b.y())));
    pts.dedup();
    if pts.len() < 2 {
        return 1500.0;
    }
    let mut nn: Vec<f64> = pts
        .par_iter()
        .map(|p| {
            pts.iter()
                .filter(|q| *q != p)
                .map(|q| (q.x() - p.x()).hypot(q.y() - p.y()))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    nn.sort_by(f64::total_cmp);
    (nn[nn.len() / 2] * 0.6).clamp(300.0, 3000.0)
}

/// The sector wedges of `sectors` (drawn only when `[outputs] map_sectors`
/// asks for them: a province has a thousand of them).
fn wedge_layer(d: &MapData, sectors: &[&MapSite], label: &str, colour: Rgb) -> Option<WedgeLayer> {
    let radius = wedge_radius(sectors);
    let wedge = |s: &&MapSite| {
        Some(Wedge {
            centre: s.at,
            azimuth_deg: s.azimuth_deg?,
            beamwidth_deg: s.beamwidth_deg.unwrap_or(65.0),
            radius_m: radius,
        })
    };
    let wedges: Vec<Wedge> = sectors.iter().filter_map(wedge).collect();
    let km = (
        "km",
        d.lang
            .number(radius / 1000.0, usize::from(radius < 10_000.0)),
    );
    let name = cap(&fill(
        d.t(Term::SectorsOfTech),
        &[("tech", label.into()), km],
    ));
    let opacity = 0.18;
    (d.sectors && !wedges.is_empty()).then_some(WedgeLayer {
        name,
        wedges,
        colour,
        opacity,
    })
}

/// The 4G or 5G map: communes by covered share, one point per site (the
/// sectors' wedges when asked), and the weak signal hatched when known.
pub fn mobile_map(d: &MapData, tech: Technology) -> MapSpec {
    let target = match tech {
        Technology::G4 => Some(d.target_4g),
        Technology::G5 => d.target_5g,
    };
    let key = mobile_households(tech).key;
    let class_target = target.unwrap_or(DEFAULT_5G_CLASS_TARGET);
    let share = |c: &MapCommune| match tech {
        Technology::G4 => c.share_4g,
        Technology::G5 => c.share_5g,
    };
    let shares = d.communes.iter().map(share);
    let classes = ClassScheme::around_values(class_target, shares, d.lang);
    let label = tech.label();
    let areas = d.communes.iter().map(|c| area(c, share(c))).collect();
    let sectors = d.sites_of(tech);
    let mut seen = std::collections::BTreeSet::new();
    let site_points: Vec<Point<f64>> = sectors
        .iter()
        .filter(|s| seen.insert((s.id.clone(), s.at.x().to_bits(), s.at.y().to_bits())))
        .map(|s| s.at)
        .collect();
    let colour = match tech {
        Technology::G4 => Rgb(0x08, 0x45, 0x94),
        Technology::G5 => Rgb(0x6A, 0x1B, 0x9A),
    };
    let wedges = wedge_layer(d, &sectors, label, colour)
        .into_iter()
        .collect();
    let mut points = Vec::new();
    if !site_points.is_empty() {
        let name = cap(&fill(d.t(Term::SitesOfTech), &[("tech", label.into())]));
        let mut p = PointLayer::cell_sites(name, site_points);
        p.colour = colour;
        p.size = 12.0;
        points.push(p);
    }
    let raster = d.rasters.iter().find(|(t, _)| *t == tech);
    let raster = raster.map(|(_, r)| r.clone());
    let target_text = match target {
        Some(t) => format!(
            "{} · {}",
            fill(d.t(Term::MobileMapTarget), &[("p", d.pct(t))]),
            d.province_status(key)
        ),
        None => {
            let values = [("tech", label.into()), ("p", d.pct(class_target))];
            fill(d.t(Term::MobileMapNoTarget), &values)
        }
    };
    let note = match &raster {
        Some(_) => d.t(Term::MobileMapNote),
        None if d.rasters.is_empty() => d.t(Term::MobileMapNoRaster),
        None => "",
    };
    let title = [("province", d.province.clone()), ("tech", label.into())];
    let legend_title = match tech {
        Technology::G4 => Term::TargetMobile4g,
        Technology::G5 => Term::TargetMobile5g,
    };
    MapSpec {
        title: fill(d.t(Term::MobileMapTitle), &title),
        subtitle: d.subtitle(&target_text),
        footnote: d.footnote(note),
        areas,
        parents: d.parents.clone(),
        points,
        wedges,
        raster,
        classes,
        legend_title: d.t(legend_title).into(),
        lang: d.lang,
        parents_label: d.parents_label.clone(),
        ..MapSpec::default()
    }
}

/// Round down to a round number: 1, 1.5, 2, 3, 4, 5, 6 or 8 × a power of ten.
fn nice_floor(v: f64) -> f64 {
    if v < 1.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    let m = v / p;
    let f = [8.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.5, 1.0]
        .into_iter()
        .find(|&f| m >= f)
        .unwrap_or(1.0);
    f * p
}

/// Classes of "households missing": breaks at rounded quintiles of the
/// values, light to dark red (none of them meets a target).
pub fn missing_classes(values: &[u64], lang: Lang) -> ClassScheme {
    let mut v: Vec<u64> = values.iter().copied().filter(|&x| x > 0).collect();
    v.sort_unstable();
    let max = v.last().copied().unwrap_or(1) as f64;
    let mut breaks = vec![0.0];
    for q in [0.2, 0.4, 0.6, 0.8] {
        if v.is_empty() {
            break;
        }
        let x = nice_floor(v[((v.len() - 1) as f64 * q) as usize] as f64);
        if x > *breaks.last().unwrap_or(&0.0) && x < max {
            breaks.push(x);
        }
    }
    breaks.push(max.max(breaks.last().copied().unwrap_or(0.0) + 1.0) + 1.0);
    let n = breaks.len() - 1;
    let mut colours = palette::below_target(n);
    colours.reverse();
    let num = |x: f64| lang.count(x as u64);
    let labels: Vec<String> = (0..n)
        .map(|i| {
            if n == 1 {
                lang.term(Term::OneOrMore).to_string()
            } else if i == 0 {
                format!("< {}", num(breaks[1]))
            } else if i == n - 1 {
                format!("≥ {}", num(breaks[i]))
            } else {
                format!("{}–{}", num(breaks[i]), num(breaks[i + 1]))
            }
        })
        .collect();
    ClassScheme::new(breaks, colours, labels, n).unwrap_or_default()
}

fn missed_targets(c: &MapCommune, lang: Lang) -> Vec<&'static str> {
    let mut m = Vec::new();
    if c.fibre_gap > 0 {
        m.push(lang.term(Term::Fibre));
    }
    if c.gap_4g > 0 {
        m.push("4G");
    }
    if c.gap_5g > 0 {
        m.push("5G");
    }
    m
}

/// The targets, short ("fibre ≥ 80%, 4G ≥ 95%"), for the gap map.
fn targets_text(d: &MapData) -> String {
    let fibre = d.t(Term::Fibre);
    let mut targets: Vec<String> = vec![if d.evaluated("fibre_households") {
        format!("{fibre} ≥ {}", d.pct(d.fibre_target))
    } else {
        d.not_evaluated_text(fibre, "fibre_households")
    }];
    if d.fibre_communes_target {
        targets.push(if d.fibre_communes_share >= 1.0 {
            d.t(Term::FibreInEveryCommune).into()
        } else {
            let p = ("p", d.pct(d.fibre_communes_share));
            fill(d.t(Term::FibreInShareOfCommunes), &[p])
        });
    }
    targets.push(if d.evaluated("mobile_4g_households") {
        format!("4G ≥ {}", d.pct(d.target_4g))
    } else {
        d.not_evaluated_text("4G", "mobile_4g_households")
    });
    if let Some(t) = d.target_5g {
        targets.push(format!("5G ≥ {}", d.pct(t)));
    }
    fill(d.t(Term::GapMapTargets), &[("list", targets.join(", "))])
}

/// The gap map: only the communes that miss a target, by households
/// missing, labelled with name and households missing; the other communes
/// are outlined.
pub fn gap_map(d: &MapData) -> MapSpec {
    let misses = |c: &&MapCommune| c.misses_a_target(d.fibre_communes_target);
    let mut missing: Vec<&MapCommune> = d.communes.iter().filter(misses).collect();
    let counts: Vec<u64> = missing.iter().map(|c| c.households_missing()).collect();
    let classes = missing_classes(&counts, d.lang);
    let total = d.communes.len();
    missing.sort_by(|a, b| {
        b.households_missing()
            .cmp(&a.households_missing())
            .then(a.code.cmp(&b.code))
    });
    let areas: Vec<MapArea> = missing
        .iter()
        .map(|c| {
            let miss = c.households_missing();
            let mut a = area(c, Some(miss as f64));
            a.flagged = d.fibre_communes_target && !c.fibre_reached;
            let targets = missed_targets(c, d.lang).join(", ");
            let values = [("n", d.lang.count(miss)), ("targets", targets)];
            let detail = match miss {
                // Only the commune-reach target is missed.
                0 => d.t(Term::NoFibre).to_string(),
                _ => fill(d.t(Term::MissingLabel), &values),
            };
            a.label = Some(format!("{}\n{detail}", c.name));
            a
        })
        .collect();
    let others: Vec<LineString<f64>> = d
        .communes
        .iter()
        .filter(|c| !misses(c))
        .flat_map(|c| c.geometry.0.iter().map(|p| p.exterior().clone()))
        .collect();
    let extent = crate::render::bbox(d.communes.iter().map(|c| &c.geometry));
    let style = crate::render::MapStyle {
        label_order: LabelOrder::AsGiven,
        label_size: 16.0,
    };
    let n = ("n", missing.len().to_string());
    let title = [
        ("province", d.province.clone()),
        n,
        ("total", total.to_string()),
    ];
    let lines = (!others.is_empty()).then(|| LineLayer {
        name: cap(d.t(Term::CommuneMeetingEveryTarget)),
        lines: others,
        colour: Rgb(0x8C, 0x8C, 0x8C),
        width: 1.4,
        dash: Some(vec![7.0, 5.0]),
        casing: None,
    });
    let flag = Some(cap(d.t(Term::NotReachedByFibre))).filter(|_| d.fibre_communes_target);
    MapSpec {
        title: fill(d.t(Term::GapMapTitle), &title),
        subtitle: d.subtitle(&targets_text(d)),
        footnote: d.footnote(d.t(Term::GapMapNote)),
        areas,
        parents: d.parents.clone(),
        lines: lines.into_iter().collect(),
        classes,
        extent,
        legend_title: cap(d.t(Term::HouseholdsMissing)),
        flag_label: flag.unwrap_or_default(),
        style,
        lang: d.lang,
        parents_label: d.parents_label.clone(),
        ..MapSpec::default()
    }
}

/// The fibre join distance under `[fibre] distance = "network"`.
fn network_join_m(scenario: &crate::config::Scenario) -> Option<f64> {
    (scenario.fibre.distance == crate::config::FibreDistance::Network)
        .then_some(scenario.network.fibre_join_m)
}

/// The name of a target in the map's language ([`crate::output::words`]).
fn target_name(d: &MapData, t: &TargetCheck) -> String {
    crate::output::words::target_name(d.lang, &t.key, &t.description)
}

/// The province KPIs against their targets.
pub fn kpi_chart(d: &MapData) -> KpiChartSpec {
    let kpis = d
        .targets
        .iter()
        .map(|t| Kpi {
            name: target_name(d, t),
            value: if t.value.is_finite() { t.value } else { 0.0 },
            target: Some(t.target),
            value_label: Some(if t.status == crate::aggregate::targets::NOT_EVALUATED {
                crate::output::words::not_evaluated(d.lang, &t.key)
            } else if t.met {
                format!("{} ✓", d.pct(t.value))
            } else {
                format!("{} ({})", d.pct(t.value), d.gap_text(t))
            }),
        })
        .collect();
    KpiChartSpec {
        title: fill(
            d.t(Term::KpiChartTitle),
            &[("province", d.province.clone())],
        ),
        subtitle: d.subtitle(""),
        footnote: d.footnote(""),
        kpis,
        lang: d.lang,
    }
}

/// Communes ranked by households missing (top 30), coloured by their
/// fibre class.
pub fn ranked_chart(d: &MapData) -> RankedBarsSpec {
    let shares = d.communes.iter().map(|c| c.fibre_share);
    let classes = ClassScheme::around_values(d.fibre_target, shares, d.lang);
    let items = d
        .communes
        .iter()
        .filter(|c| c.households_missing() > 0)
        .map(|c| RankedItem {
            name: c.name.clone(),
            detail: Some(match &c.parent {
                Some(p) => format!("{} · {}", c.code, p),
                None => c.code.clone(),
            }),
            value: c.households_missing() as f64,
            colour: Some(classes.colour_of_opt(c.fibre_share)),
        })
        .collect();
    let legend = (0..classes.len()).rev().map(|i| {
        let class = ("class", classes.labels[i].clone());
        (
            classes.colours[i],
            cap(&fill(d.t(Term::FibreClass), &[class])),
        )
    });
    let title = [("province", d.province.clone()), ("n", "30".into())];
    RankedBarsSpec {
        title: fill(d.t(Term::RankedChartTitle), &title),
        subtitle: d.subtitle(d.t(Term::RankedChartSubtitle)),
        footnote: d.footnote(d.t(Term::RankedChartNote)),
        items,
        top_n: 30,
        value_title: cap(d.t(Term::HouseholdsMissing)),
        legend: legend.collect(),
        lang: d.lang,
    }
}

/// The maps of `d` by file stem: `fibre`, `4g`, `5g` (when the run has 5G
/// sites or a 5G target) and `gaps`.
///
/// A network the scenario has no layer of (its targets "not evaluated")
/// has no map: it would show every commune at 0%.
pub fn map_specs(d: &MapData) -> Vec<(&'static str, MapSpec)> {
    let mut maps = Vec::new();
    if d.evaluated("fibre_households") {
        maps.push(("fibre", fibre_map(d)));
    }
    if d.evaluated("mobile_4g_households") {
        maps.push(("4g", mobile_map(d, Technology::G4)));
    }
    let g5 = d.target_5g.is_some() || d.sites.iter().any(|s| s.tech == Technology::G5);
    if g5 && d.evaluated("mobile_5g_households") {
        maps.push(("5g", mobile_map(d, Technology::G5)));
    }
    maps.push(("gaps", gap_map(d)));
    maps
}

/// Every map of `d` as an SVG document, by file stem (see [`map_specs`]),
/// for pages that embed them inline (the HTML report): the same drawing
/// as the `maps/*.svg` files. Each commune is a group `<g id="area-CODE">`
/// with a `<title>` (name and class), so a page script can find it.
pub fn map_svgs(d: &MapData) -> Result<Vec<(&'static str, String)>> {
    let svg = |(stem, spec): (&'static str, MapSpec)| Ok((stem, draw_svg(&spec)?.0));
    map_specs(d).into_iter().map(svg).collect()
}

/// The tolerance of the outlines simplified for drawing, a fraction of
/// the coordinates' span: 1/12,000 of the province's larger side (12.5 m
/// for Cà Mau's 150 km), a fifth of a pixel on a 2,400-pixel page and
/// about half a pixel in an inset at 2.5× (see [`drawable`]).
pub const DRAW_TOLERANCE_OF_SPAN: f64 = 1.0 / 12_000.0;

/// `d` with its commune and parent outlines simplified for drawing
/// ([`super::simplify::simplify_shared`], borders shared between communes
/// kept identical on both sides) within [`DRAW_TOLERANCE_OF_SPAN`] of the
/// communes' extent. Only the maps use it: the figures, the output files
/// and the labels' communes are those of `d`.
pub fn drawable(d: &MapData) -> MapData {
    let mut e = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for r in d.communes.iter().filter_map(|c| c.geometry.bounding_rect()) {
        e = [
            e[0].min(r.min().x),
            e[1].min(r.min().y),
            e[2].max(r.max().x),
            e[3].max(r.max().y),
        ];
    }
    let span = (e[2] - e[0]).max(e[3] - e[1]);
    if !span.is_finite() {
        return d.clone();
    }
    let tol = span * DRAW_TOLERANCE_OF_SPAN;
    let outlines: Vec<MultiPolygon<f64>> = d.communes.iter().map(|c| c.geometry.clone()).collect();
    let (communes, parents) = rayon::join(
        || super::simplify::simplify_shared(&outlines, tol),
        || super::simplify::simplify_shared(&d.parents, tol),
    );
    let mut out = d.clone();
    for (c, g) in out.communes.iter_mut().zip(communes) {
        c.geometry = g;
    }
    out.parents = parents;
    out
}

/// One figure of [`write_maps`]: a map, the KPI chart or the ranking.
enum Figure {
    Map(Box<MapSpec>),
    Kpis(KpiChartSpec),
    Ranked(RankedBarsSpec),
}

/// Render every map and chart of `d` into `dir` (created if needed): the
/// maps of [`map_specs`], `kpis` and `ranked_missing`, each as PNG and SVG,
/// drawn in parallel from the outlines simplified for drawing
/// ([`drawable`]).
pub fn write_maps(d: &MapData, dir: &Path) -> Result<MapsWritten> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let d = &drawable(d);
    let mut figures: Vec<(&str, Figure)> = map_specs(d)
        .into_iter()
        .map(|(stem, spec)| (stem, Figure::Map(Box::new(spec))))
        .collect();
    if !d.targets.is_empty() {
        figures.push(("kpis", Figure::Kpis(kpi_chart(d))));
    }
    let ranked = ranked_chart(d);
    if !ranked.items.is_empty() {
        figures.push(("ranked_missing", Figure::Ranked(ranked)));
    }
    let files = figures
        .into_par_iter()
        .map(|(stem, figure)| {
            let (png, svg) = (
                dir.join(format!("{stem}.png")),
                dir.join(format!("{stem}.svg")),
            );
            match &figure {
                Figure::Map(spec) => render_map(spec, &png, &svg).map(|_| ()),
                Figure::Kpis(spec) => render_kpi_chart(spec, &png, &svg).map(|_| ()),
                Figure::Ranked(spec) => render_ranked_bars(spec, &png, &svg).map(|_| ()),
            }?;
            Ok([png, svg])
        })
        .collect::<Result<Vec<[PathBuf; 2]>>>()?;
    Ok(MapsWritten {
        files: files.into_iter().flatten().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectionChoice;
    use crate::render::draw_map;
    use geo::polygon;

    /// A 2 × 2 grid of 5 km communes near Cà Mau (lon 105.1–105.2, lat
    /// 9.0–9.1), two districts; shares 0.3, 0.7, 0.8 (exactly on the target)
    /// and 0.95.
    fn data() -> MapData {
        let proj = Projection::choose(&ProjectionChoice::Auto, 105.1, 105.2).unwrap();
        let cell = |i: usize, j: usize| {
            let (x0, y0) = (105.1 + 0.05 * i as f64, 9.0 + 0.05 * j as f64);
            let ll = polygon![(x: x0, y: y0), (x: x0 + 0.05, y: y0),
                (x: x0 + 0.05, y: y0 + 0.05), (x: x0, y: y0 + 0.05), (x: x0, y: y0)];
            proj.forward_multipolygon(&MultiPolygon(vec![ll]))
        };
        let names = [
            "Xã Tân Hưng",
            "Xã Đầm Dơi",
            "Xã Thới Bình",
            "Thị trấn Cà Mau",
        ];
        let shares = [0.3, 0.7, 0.8, 0.95];
        let communes = (0..4)
            .map(|k| MapCommune {
                code: format!("3200{k}"),
                name: names[k].into(),
                parent: Some(if k < 2 { "Đầm Dơi" } else { "Thới Bình" }.into()),
                geometry: cell(k % 2, k / 2),
                households: 1000,
                demand: 1000,
                fibre_share: Some(shares[k]),
                fibre_gap: ((0.8 - shares[k]).max(0.0) * 1000.0).round() as u64,
                fibre_reached: k != 0,
                share_4g: Some(1.0 - 0.1 * k as f64),
                gap_4g: 100 * k as u64,
                share_5g: Some(0.0),
                gap_5g: 0,
            })
            .collect::<Vec<_>>();
        let parents = dissolve_parents(&communes);
        let [x, y] = proj.forward(105.15, 9.05);
        MapData {
            province: "Tỉnh Cà Mau".into(),
            scenario: "test".into(),
            description: String::new(),
            run_at: "2026-11-27T10:00:00Z".into(),
            version: "0.1.0".into(),
            targets: Vec::new(),
            fibre_target: 0.8,
            fibre_communes_target: true,
            fibre_communes_share: 1.0,
            target_4g: 1.0,
            target_5g: None,
            drop_m: 150.0,
            fibre_join_m: None,
            communes,
            parents,
            fibre_lines: vec![LineString(vec![
                Coord { x: x - 3000.0, y },
                Coord { x: x + 3000.0, y },
            ])],
            fibre_points: Vec::new(),
            sites: vec![MapSite {
                id: "S1".into(),
                tech: Technology::G4,
                at: Point::new(x, y),
                azimuth_deg: Some(120.0),
                beamwidth_deg: None,
            }],
            rasters: Vec::new(),
            sources: vec![(Term::SourceCommunes, "communes.geojson".to_string())],
            credit: String::new(),
            projection: proj,
            lang: Lang::En,
            parents_label: "district".into(),
            sectors: true,
        }
    }

    /// The map grid's cells located through the inverse table and the
    /// classified grid are exactly those located by the exact inverse:
    /// wobbly islands, a lake (hole) and sea around them, at a cell size
    /// that puts many centres near the coasts.
    #[test]
    fn map_grid_inside_equals_the_exact_location() {
        let index = AreaIndex::new(&crate::test_shapes::islands());
        let proj = Projection::choose(&ProjectionChoice::Auto, 104.9, 105.2).unwrap();
        let [x0, y0] = proj.forward(104.92, 8.86);
        let [x1, y1] = proj.forward(105.2, 9.1);
        let cell = 150.0;
        let shape = [
            ((x1 - x0) / cell).ceil() as usize,
            ((y1 - y0) / cell).ceil() as usize,
        ];
        let fast = map_grid_inside(&index, &proj, [x0, y1], cell, shape);
        let exact = map_grid_inside_by(&index, &proj, None, [x0, y1], cell, shape);
        let inside: usize = exact.iter().map(Vec::len).sum();
        let all = shape[0] * shape[1];
        assert!(
            inside > all / 5 && inside < all * 4 / 5,
            "{inside} of {all}"
        );
        assert_eq!(fast, exact);
    }

    #[test]
    fn fibre_classes_are_built_around_the_target() {
        let c = fibre_classes(0.8);
        assert_eq!(c.breaks, vec![0.0, 0.5, 0.65, 0.8, 1.0]);
        assert_eq!(c.labels, ["< 50%", "50–65%", "65–80%", "≥ 80%"]);
        assert_eq!(c.target_class, 3);
        let spec = fibre_map(&data());
        assert_eq!(spec.classes, c);
    }

    #[test]
    fn a_commune_is_drawn_in_its_class_colour_and_the_legend_is_in_the_svg() {
        let d = data();
        let spec = fibre_map(&d);
        let (r, report) = draw_map(&spec).unwrap();
        assert_eq!(report.class_counts, vec![1, 0, 1, 2]);
        assert_eq!(report.flagged, 1);
        // Commune 1 (share 0.7) and commune 2 (exactly 0.8: meets the
        // target), sampled near their south-west corners (away from labels
        // and the fibre line).
        for (k, want) in [(1, Rgb(0xFD, 0xD4, 0x9E)), (2, palette::TARGET_MET)] {
            let b = d.communes[k].geometry.bounding_rect().unwrap();
            let (px, py) = report.transform.to_px(b.min().x + 600.0, b.min().y + 600.0);
            assert_eq!(
                r.image.pixel(px as u32, py as u32),
                Some(want),
                "commune {k}"
            );
            assert_eq!(
                spec.classes.colour_of(d.communes[k].fibre_share.unwrap()),
                want
            );
        }
        let svg = &r.svg;
        for text in [
            ">Fibre available to households with</text>",
            ">≥ 80%</text>",
            ">65–80%</text>",
            ">Not reached by fibre</text>",
            ">Fibre network</text>",
            ">District boundary</text>",
            ">Communes</text>",
            " km</text>",
            "<title>Tỉnh Cà Mau — fibre",
        ] {
            assert!(svg.contains(text), "{text} missing from the SVG");
        }
        // Vietnamese names are drawn as text, with their diacritics.
        assert!(svg.contains(">Xã Đầm Dơi</text>") || svg.contains(">Xã Thới Bình</text>"));
        assert!(r.image.width >= 2000);
    }

    #[test]
    fn a_known_point_is_projected_and_placed_on_the_page() {
        let d = data();
        // The auto projection is centred on lon 105.15: that meridian maps
        // to x = 0 and latitude 9° to the meridian arc length (995.3 km).
        let [x, y] = d.projection.forward(105.15, 9.0);
        assert!(x.abs() < 1e-6, "{x}");
        assert!((y - 995_287.0).abs() < 50.0, "{y}");
        // 0.1° of longitude at 9° N is about 11.0 km; 0.1° of latitude 11.06 km:
        // the map keeps the shape (no stretching as in plate carrée).
        let [x0, y0] = d.projection.forward(105.1, 9.0);
        let [x1, y1] = d.projection.forward(105.2, 9.1);
        assert!(((x1 - x0) - 10_997.0).abs() < 30.0, "{}", x1 - x0);
        assert!(((y1 - y0) - 11_058.0).abs() < 30.0, "{}", y1 - y0);
        let (_, report) = draw_map(&fibre_map(&d)).unwrap();
        let t = report.transform;
        let (pxa, pya) = t.to_px(x0, y0);
        let (pxb, pyb) = t.to_px(x1, y1);
        // North up, east right, the same scale on both axes.
        assert!(pxb > pxa && pyb < pya);
        let ratio = ((pxb - pxa) / (x1 - x0)) / ((pya - pyb) / (y1 - y0));
        assert!((ratio - 1.0).abs() < 1e-9, "{ratio}");
        // The centre of the data is in the frame.
        let [cx, cy] = d.projection.forward(105.15, 9.05);
        let (px, py) = t.to_px(cx, cy);
        let f = report.frame;
        assert!(px > f.x0 && px < f.x1 && py > f.y0 && py < f.y1);
    }

    #[test]
    fn gap_map_shows_only_communes_missing_a_target() {
        let d = data();
        let spec = gap_map(&d);
        // Commune 0: fibre gap and not reached; 1: fibre and 4G; 2: 4G;
        // 3: 4G (100 × 3). All miss the 100% 4G target but commune 0.
        let mut codes: Vec<&str> = spec.areas.iter().map(|a| a.code.as_str()).collect();
        codes.sort_unstable();
        assert_eq!(codes, ["32000", "32001", "32002", "32003"]);
        let a = spec.areas.iter().find(|a| a.code == "32000").unwrap();
        assert_eq!(
            a.label.as_deref(),
            Some("Xã Tân Hưng\n\u{2212}500 hh (fibre)")
        );
        let vi = gap_map(&MapData {
            lang: Lang::Vi,
            ..d.clone()
        });
        let a = vi.areas.iter().find(|a| a.code == "32000").unwrap();
        assert_eq!(
            a.label.as_deref(),
            Some("Xã Tân Hưng\n\u{2212}500 hộ (cáp quang)")
        );
        assert_eq!(vi.title, "Tỉnh Cà Mau — 4/4 xã, phường chưa đạt mục tiêu");
        assert!(a.flagged);
        let mut d0 = d.clone();
        d0.communes[0].fibre_gap = 0;
        let spec0 = gap_map(&d0);
        let a0 = spec0.areas.iter().find(|a| a.code == "32000").unwrap();
        assert_eq!(a0.label.as_deref(), Some("Xã Tân Hưng\nno fibre"));
        let mut d2 = d.clone();
        for c in &mut d2.communes[2..] {
            c.gap_4g = 0;
        }
        let spec = gap_map(&d2);
        assert_eq!(spec.areas.len(), 2);
        assert_eq!(spec.lines[0].lines.len(), 2, "the others are outlined");
        let (r, _) = draw_map(&spec).unwrap();
        assert!(r.svg.contains("2 of 4 communes miss a target"));
    }

    #[test]
    fn missing_classes_have_rounded_ascending_breaks() {
        let c = missing_classes(&[10, 40, 120, 130, 480, 900, 2300], Lang::En);
        assert!(c.breaks.windows(2).all(|w| w[0] < w[1]), "{:?}", c.breaks);
        assert_eq!(c.class_of(2300.0), Some(c.len() - 1));
        assert_eq!(c.class_of(10.0), Some(0));
        assert_eq!(c.target_class, c.len(), "no class meets a target");
        let one = missing_classes(&[5], Lang::En);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn mobile_map_has_sites_wedges_and_target_classes() {
        let d = data();
        let spec = mobile_map(&d, Technology::G4);
        assert_eq!(spec.classes.breaks, vec![0.0, 0.7, 0.85, 1.0, 1.15]);
        assert_eq!(spec.classes.labels[3], "100%");
        assert_eq!(spec.points[0].points.len(), 1);
        assert_eq!(spec.wedges[0].wedges.len(), 1);
        // Wedges only when asked; the map text follows the language.
        let d2 = MapData {
            sectors: false,
            lang: Lang::Vi,
            ..d.clone()
        };
        let vi = mobile_map(&d2, Technology::G4);
        assert!(vi.wedges.is_empty() && vi.points[0].name == "Trạm phát sóng 4G");
        assert_eq!(vi.legend_title, "Hộ gia đình được phủ sóng 4G");
        assert!(vi
            .subtitle
            .starts_with("Kịch bản: test · mục tiêu ≥ 100% hộ gia đình"));
        assert!(
            vi.footnote.contains("ngày 27/11/2026 10:00 UTC"),
            "{}",
            vi.footnote
        );
        let svgs = map_svgs(&d2).unwrap();
        let stems: Vec<&str> = svgs.iter().map(|(s, _)| *s).collect();
        assert_eq!(stems, ["fibre", "4g", "gaps"]);
        assert!(svgs[1].1.contains(">Không có dữ liệu<") || svgs[1].1.contains(">Xã, phường<"));
        let spec5 = mobile_map(&d, Technology::G5);
        assert_eq!(spec5.classes, ClassScheme::around_target(0.5));
        assert!(spec5.points.is_empty());
        let (r, _) = draw_map(&spec).unwrap();
        assert!(r.svg.contains(">Households covered by 4G</text>"));
    }

    #[test]
    fn the_fibre_map_states_the_rule_in_force() {
        let d = data();
        let straight = fibre_map(&d);
        assert!(
            straight.title.ends_with("within 150 m of the network"),
            "{}",
            straight.title
        );
        assert!(straight.footnote.contains("is within 150 m."));
        assert_eq!(
            straight.legend_title,
            "Fibre available to households with demand"
        );
        for (lang, title, legend, note) in [
            (
                Lang::En,
                "within 150 m of the fibre along roads and canals",
                "Fibre available to households with demand (along roads and canals)",
                "Served: straight to the nearest road or canal, then along the roads and canals \
                 to the fibre (which joins them within 30 m): at most 150 m in all.",
            ),
            (
                Lang::Vi,
                "không quá 150 m theo đường giao thông và kênh rạch",
                "Hộ gia đình có nhu cầu được phủ cáp quang (theo đường giao thông và kênh rạch)",
                "(cáp nối vào trong phạm vi 30 m): tổng cộng không quá 150 m.",
            ),
        ] {
            let spec = fibre_map(&MapData {
                fibre_join_m: Some(30.0),
                lang,
                ..d.clone()
            });
            assert!(spec.title.ends_with(title), "{}", spec.title);
            assert_eq!(spec.legend_title, legend);
            assert!(spec.footnote.contains(note), "{}", spec.footnote);
        }
    }

    #[test]
    fn weak_signal_ramp_uses_the_model_thresholds() {
        let r = weak_signal_ramp(-105.0, -95.0, Lang::Vi).unwrap();
        assert_eq!(r.class_of(-110.0), Some(0));
        assert_eq!(r.class_of(-100.0), Some(1));
        assert_eq!(r.labels[0], "< \u{2212}105 dBm: không có sóng");
    }
}
