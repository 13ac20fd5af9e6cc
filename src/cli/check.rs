//! `phusong check`.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use phusong::check::Report;
use phusong::lang::{fill, Lang, Term};
use phusong::output::problems;

/// The long help of the subcommand (`--help`).
pub const CHECK_LONG_ABOUT: &str =
    "Validate every layer of a scenario and report each problem with its file \
and its line or feature.

Reads the layers as `run` does (converting each from its CRS to WGS84) but lists every bad \
row instead of stopping at the first, then checks:
  areas       invalid polygons (self-intersections, unclosed or too-short rings), overlaps
              and gaps between communes (with their area), duplicate codes
  households  coordinates out of range (swapped lat/lon, projected metres), duplicate ids,
              households in no commune, and far from every commune (likely swapped or wrong CRS)
  sites       impossible heights, powers, azimuths or radii; one id at two positions
  fibre       lines of zero length
  all layers  a layer lying away from the communes: a CRS mismatch

Each problem is an error or a warning; the scenario's [check.severity] table changes that
(e.g. `gap = \"off\"`, `outside-communes = \"error\"`). `phusong run` performs the same
checks and refuses errors unless --allow-invalid.

Exit code: 0 when there are no errors (warnings allowed), 1 when there are errors.";

/// Arguments of `phusong check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file (TOML). Default: the real Cà Mau demo, data/camau/camau.toml.
    pub scenario: Option<PathBuf>,
    /// Print the report as JSON on stdout instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Print the report; `Ok(true)` when it has errors.
pub fn run(args: &CheckArgs, quiet: bool) -> Result<bool> {
    let path = args
        .scenario
        .clone()
        .unwrap_or_else(crate::cli::run::default_scenario);
    let scenario = crate::cli::run::load_scenario(&path, None)?;
    let loaded = phusong::pipeline::load(&scenario)?;
    let report = loaded.report();
    if args.json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        print_report(&path, report, scenario.outputs.language, quiet);
    }
    Ok(report.has_errors())
}

/// The layers read, the problems one by one (at most `[check] max_listed`
/// per kind and file), one line per kind with its exact count, and the
/// exact totals.
fn print_report(path: &std::path::Path, report: &Report, lang: Lang, quiet: bool) {
    if !quiet {
        println!("checking {}", path.display());
        for l in &report.layers {
            let what = match (l.items, &l.crs) {
                (Some(n), Some(crs)) => {
                    let from = match l.crs_source {
                        Some(phusong::input::CrsSource::Scenario) => "from the scenario",
                        Some(phusong::input::CrsSource::File) => "declared in the file",
                        _ => "assumed",
                    };
                    format!("{n} items, CRS {crs} ({from})")
                }
                _ => "unreadable".to_string(),
            };
            println!("  {:<11} {}: {what}", l.layer.name(), l.path.display());
        }
    }
    let listed: Vec<_> = report.listed().collect();
    for f in &listed {
        println!("{f}");
    }
    if listed.len() < report.findings.len() {
        // Some were not listed one by one: every kind with its exact count.
        for line in problems::group_lines(lang, report) {
            println!("{line}");
        }
    }
    let (errors, warnings) = report.totals();
    if errors == 0 && warnings == 0 {
        println!("{}", lang.term(Term::NoProblemsFound));
    } else {
        println!(
            "{}",
            fill(
                lang.term(Term::ErrorsAndWarnings),
                &[
                    ("e", lang.count(errors as u64)),
                    ("w", lang.count(warnings as u64))
                ]
            )
        );
    }
}
