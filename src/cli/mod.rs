//! The command-line interface: parses arguments and calls the library.

mod check;
mod compare;
mod crosswalk;
mod gaps;
mod households;
mod lang;
mod map;
mod plan;
mod progress;
mod run;
mod synth;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// phusong ("phủ sóng": coverage) computes which households are within
/// reach of fibre and inside 4G/5G coverage, commune by commune, and checks
/// a province's digital-transformation targets.
#[derive(Debug, Parser)]
#[command(
    name = "phusong",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Start with `phusong run` (the real Cà Mau demo in data/camau/), then open \
outputs/camau/communes.geojson in QGIS. See README.md for the input formats."
)]
pub struct Cli {
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, global = true, value_name = "N", env = "PHUSONG_THREADS")]
    pub threads: Option<usize>,
    /// No progress bars or summary on the terminal; errors still go to stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Language of the text for people (console, summary.md, gaps.md,
    /// compare.md, plan.md, report.html): vi (tiếng Việt) or en. Overrides
    /// the scenario's `[outputs] language`. CSV and GeoJSON field names and
    /// summary.json keys stay the same.
    #[arg(long, global = true, value_name = "vi|en", value_parser = parse_lang)]
    pub lang: Option<phusong::lang::Lang>,
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute coverage for a scenario and write results.
    #[command(long_about = run::RUN_LONG_ABOUT)]
    Run(run::RunArgs),
    /// Re-render the maps of an earlier run from its outputs (no recomputing).
    ///
    /// Reads OUTPUT_DIR/communes.geojson (geometry and figures) and
    /// OUTPUT_DIR/summary.json (scenario, targets, run date), re-reads the
    /// fibre, sites and district layers of the scenario file that summary.json
    /// names, and writes OUTPUT_DIR/maps/ (fibre, 4G, 5G and gap maps, KPI and
    /// ranking charts, PNG + SVG) and OUTPUT_DIR/communes.qml. Coverage is not
    /// recomputed, so these maps have no RSRP shading (the run's rsrp_*.tif
    /// files stay as they are); run `phusong run` again for the full maps.
    Map(map::MapArgs),
    /// Validate every layer of a scenario and report each problem.
    #[command(long_about = check::CHECK_LONG_ABOUT)]
    Check(check::CheckArgs),
    /// Compare two scenarios: before/after per commune and province, change map.
    #[command(long_about = compare::COMPARE_LONG_ABOUT)]
    Compare(compare::CompareArgs),
    /// The officials' report: communes missing each target, and what the plans propose per commune.
    #[command(long_about = gaps::GAPS_LONG_ABOUT)]
    Gaps(gaps::GapsArgs),
    /// Generate a synthetic demo province (deterministic for a seed).
    Synth(synth::SynthArgs),
    /// Plan new sites or fibre extensions that close the gaps to the targets, with costs.
    Plan(plan::PlanArgs),
    /// Build a households layer from census counts per area or a population grid.
    Households(households::HouseholdsArgs),
    /// Map old units to new ones (the 2025 reform): shared area and households, re-aggregation.
    Crosswalk(crosswalk::CrosswalkArgs),
}

fn parse_lang(s: &str) -> Result<phusong::lang::Lang, String> {
    s.parse()
        .map_err(|e: phusong::lang::UnknownLang| e.to_string())
}

/// Parse arguments, run, and map the outcome to an exit code:
/// 0 success, 1 error in the data or the run, 2 usage error (from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(l) = cli.lang {
        lang::set(l);
    }
    if let Some(n) = cli.threads {
        if n == 0 {
            eprintln!("error: --threads must be at least 1");
            return ExitCode::from(2);
        }
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("error: cannot start {n} worker threads: {e}");
            return ExitCode::FAILURE;
        }
    }
    let outcome = match &cli.command {
        Command::Run(a) => run::run(a, cli.quiet),
        Command::Check(a) => match check::run(a, cli.quiet) {
            Ok(true) => return ExitCode::FAILURE,
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Synth(a) => synth::run(a, cli.quiet),
        Command::Map(a) => map::run(a, cli.quiet),
        Command::Compare(a) => compare::run(a, cli.quiet),
        Command::Gaps(a) => gaps::run(a, cli.quiet),
        Command::Plan(a) => plan::run(a, cli.quiet),
        Command::Households(a) => households::run(a, cli.quiet),
        Command::Crosswalk(a) => crosswalk::run(a, cli.quiet),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each said once: a cause that the
/// message before it already ends with (an I/O error, which our error
/// shows after its file) is not repeated.
fn one_line(e: &anyhow::Error) -> String {
    let mut s = String::new();
    for cause in e.chain() {
        let c = cause.to_string();
        if s.ends_with(&c) {
            continue;
        }
        if !s.is_empty() {
            s.push_str(": ");
        }
        s.push_str(&c);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn an_os_error_is_said_once() {
        let io = std::io::Error::from_raw_os_error(17);
        let e = anyhow::Error::new(phusong::Error::io("out/a.csv", io))
            .context("writing results to out");
        assert_eq!(
            one_line(&e),
            "writing results to out: out/a.csv: File exists (os error 17)"
        );
    }

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
