//! `phusong run`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use phusong::engine;
use phusong::input::Scenario;
use phusong::output::numbers::thousands;

use crate::cli::progress::Bars;

/// The long help of the subcommand (`--help`).
pub const RUN_LONG_ABOUT: &str = "Compute coverage for a scenario and write the results.

The scenario (TOML) names four layers:
  areas       commune boundaries: GeoJSON or Shapefile Polygon/MultiPolygon with a code
  households  CSV `id,lon,lat[,demand][,persons]` (gzip allowed), GeoJSON or Shapefile points
  fibre       GeoJSON or Shapefile lines (cables) and points (distribution points);
              optional properties id, status (existing/planned)
  sites       CSV `id,lon,lat,tech[,radius_m]` with tech 4G or 5G, GeoJSON or Shapefile points;
              optional radio columns, one row per sector: band_mhz, height_m,
              power_dbm, gain_dbi, loss_db, bandwidth_mhz, azimuth_deg,
              beamwidth_deg, tilt_deg, operator, status (existing/planned)
plus the fibre drop distance, the mobile model per technology (fixed radius or
a link budget with 3GPP TR 38.901 / Hata / COST-231 / free-space path loss)
and the targets.
Coordinates are WGS84 lon/lat unless the file declares its CRS (GeoJSON `crs` member,
Shapefile .prj) or the scenario's [crs] table gives one (e.g. households = \"EPSG:32648\",
areas = \"VN2000:TM3:104-30\"); they are converted to WGS84 as they are read.

Before computing, runs the checks of `phusong check` and stops on errors (overlapping
communes, coordinates out of range, duplicate ids, …) unless --allow-invalid; then bad
rows are skipped and the run goes on.

Writes into outputs/<scenario name>/ (or --out):
  communes.geojson   every commune with its figures, for QGIS (RFC 7946)
  communes.csv       the same figures as a table; districts.csv per parent area
  province.csv       province totals
  households.csv     per household: commune, fibre distance and served, 4G/5G
  summary.json/.md   the province against each target, parameters, warnings
  rsrp_4g.tif, coverage_4g.geojson (and 5g)   with a link-budget model
  communes.qml       QGIS style of communes.geojson (fibre-share classes)
  phusong.qgs        QGIS project opening the layers above, styled
  maps/              fibre, 4G, 5G and gap maps, KPI and ranking charts (PNG + SVG)

A scenario may inherit from another (`base = \"demo.toml\"`) and change it: [add]
sites/fibre files, [remove] site or fibre ids, [planned] include = false to drop
elements whose `status` is planned (--planned include|exclude overrides it), and
any other table key by key. [indicators] names a per-commune table of shares (e.g.
e-payment accounts) with targets, reported beside the coverage targets.
See `phusong compare` and `phusong gaps` for comparing scenarios and listing gaps.

Without SCENARIO, runs the demo province in data/demo.toml.";

/// Arguments of `phusong run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Default: the demo, data/demo.toml.
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: outputs/<scenario name>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run even when `phusong check` finds errors: bad rows and features are
    /// skipped, and the problems are printed and listed in the summary.
    #[arg(long)]
    pub allow_invalid: bool,
    /// Include or exclude the sites and fibre features whose `status` is
    /// `planned` (overrides the scenario's `[planned] include`).
    #[arg(long, value_name = "WHICH")]
    pub planned: Option<Planned>,
}

/// `--planned include|exclude`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Planned {
    /// Planned elements count as built.
    Include,
    /// Planned elements are dropped, as if their rows were not in the files.
    Exclude,
}

/// Load a scenario (with its bases) and apply `--planned`.
pub fn load_scenario(path: &Path, planned: Option<Planned>) -> Result<Scenario> {
    let mut scenario = Scenario::load(path)
        .with_context(|| format!("cannot load the scenario {}", path.display()))?;
    if let Some(p) = planned {
        scenario.planned.include = p == Planned::Include;
    }
    Ok(scenario)
}

/// The demo scenario: `data/demo.toml` under the current folder, else in
/// the source tree the binary was built from.
pub fn default_scenario() -> PathBuf {
    let local = PathBuf::from("data/demo.toml");
    if local.exists() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml")
}

pub fn run(args: &RunArgs, quiet: bool) -> Result<()> {
    let path = args.scenario.clone().unwrap_or_else(default_scenario);
    let scenario = load_scenario(&path, args.planned)?;
    let clock = std::time::Instant::now();
    let checked = phusong::check::check_scenario(&scenario);
    let read_and_check_s = clock.elapsed().as_secs_f64();
    let report = &checked.report;
    let errors: Vec<_> = report.errors().collect();
    if !errors.is_empty() && !args.allow_invalid {
        let first = errors[0].to_string();
        let first = first.strip_prefix("error: ").unwrap_or(&first);
        if errors.len() == 1 {
            anyhow::bail!("{first}");
        }
        anyhow::bail!(
            "{first} (and {} more errors: `phusong check {}` lists them; --allow-invalid runs anyway)",
            errors.len() - 1,
            path.display()
        );
    }
    if !quiet {
        for f in report.findings.iter() {
            eprintln!("{f}");
        }
    }
    let checked_findings = checked.report.findings.clone();
    let Some(inputs) = checked.inputs else {
        anyhow::bail!("a layer cannot be read, even with --allow-invalid (see the errors above)");
    };
    let bars = Bars::new(quiet);
    let reused = checked.area.is_some();
    let mut result = engine::run_with_assignment(&scenario, inputs, checked.area, &bars)?;
    // The layers were read, and the households located in the communes
    // (with the duplicate-id and outside checks), by the check.
    let t = &mut result.summary.timings_s;
    t.insert("read_and_check".into(), read_and_check_s);
    t.insert("read".into(), checked.read_s);
    if reused {
        *t.entry("assign".into()).or_insert(0.0) += checked.assign_s;
    }
    t.insert(
        "check".into(),
        (read_and_check_s - checked.read_s - checked.assign_s).max(0.0),
    );
    phusong::aggregate::indicators::attach(&mut result)?;
    // The data problems go into the summary too (errors only reach here
    // with --allow-invalid).
    let mut problems: Vec<String> = checked_findings.iter().map(|f| f.to_string()).collect();
    problems.append(&mut result.summary.warnings);
    result.summary.warnings = problems;
    result.summary.scenario_file = Some(
        std::fs::canonicalize(&path)
            .unwrap_or_else(|_| path.clone())
            .display()
            .to_string(),
    );
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("outputs").join(&scenario.name));
    let written = phusong::output::write_all_with_progress(&result, &out, &bars)
        .with_context(|| format!("writing results to {}", out.display()))?;
    if !quiet {
        let s = &result.summary;
        let p = &s.province_figures;
        eprintln!(
            "{}: {} households ({} unassigned) in {} communes",
            s.province,
            thousands(p.households_total),
            thousands(p.unassigned),
            p.communes
        );
        for t in &s.targets {
            let status = if t.met {
                "met".to_string()
            } else {
                format!("NOT MET, {} more {} needed", thousands(t.gap), t.gap_unit)
            };
            eprintln!(
                "  {:<45} {:>6.1}% (target {:>5.1}%)  {}",
                t.description,
                100.0 * t.value,
                100.0 * t.target,
                status
            );
        }
        // The data problems were printed after the check.
        for w in s.warnings.iter().skip(checked_findings.len()) {
            eprintln!("warning: {w}");
        }
        eprintln!("wrote {} files to {}", written.len(), out.display());
    }
    Ok(())
}
