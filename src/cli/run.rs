//! `phusong run`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use phusong::config::Scenario;
use phusong::output::console;
use phusong::pipeline;

use crate::cli::progress::Bars;

/// The long help of the subcommand (`--help`).
pub const RUN_LONG_ABOUT: &str = include_str!("run_help.txt");

/// Arguments of `phusong run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Default: the real Cà Mau demo, data/camau/camau.toml.
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

/// Load a scenario (with its bases) and apply `--planned` and `--lang`.
pub fn load_scenario(path: &Path, planned: Option<Planned>) -> Result<Scenario> {
    let mut scenario = Scenario::load(path)
        .with_context(|| format!("cannot load the scenario {}", path.display()))?;
    if let Some(lang) = crate::cli::lang::lang_override() {
        scenario.outputs.language = lang;
    }
    if let Some(p) = planned {
        scenario.planned.include = p == Planned::Include;
    }
    Ok(scenario)
}

/// The default scenario, the real Cà Mau demo: `data/camau/camau.toml`
/// under the current folder, else in the source tree the binary was built
/// from.
pub fn default_scenario() -> PathBuf {
    let local = PathBuf::from(DEFAULT_SCENARIO);
    if local.exists() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_SCENARIO)
}

/// The default scenario, relative to the repository.
pub const DEFAULT_SCENARIO: &str = "data/camau/camau.toml";

pub fn run(args: &RunArgs, quiet: bool) -> Result<()> {
    let path = args.scenario.clone().unwrap_or_else(default_scenario);
    let scenario = load_scenario(&path, args.planned)?;
    let opts = pipeline::Options {
        allow_invalid: args.allow_invalid,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("outputs").join(&scenario.name));
    phusong::output::folder::ensure_writable(&out, phusong::output::folder::Product::Run)
        .with_context(|| format!("writing results to {}", out.display()))?;
    let loaded = pipeline::load(&scenario)?;
    loaded.ensure_runnable(&opts)?;
    let bars = Bars::new(quiet);
    let result = loaded.compute(&opts, &bars)?;
    let written = pipeline::write(&result, &out, &bars)
        .with_context(|| format!("writing results to {}", out.display()))?;
    if !quiet {
        for line in console::run_summary(&result, &out, written.len()) {
            eprintln!("{line}");
        }
    }
    Ok(())
}
