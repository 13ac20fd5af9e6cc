//! `phusong gaps`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use phusong::compare::gaps::{gaps, read_plans};
use phusong::output::gaps::write_gaps;
use phusong::output::numbers::thousands;
use phusong::pipeline;

use crate::cli::progress::Bars;
use crate::cli::run::{load_scenario, Planned};

/// The long help of the subcommand.
pub const GAPS_LONG_ABOUT: &str = "The officials' report: for each target, the communes missing it.

Runs SCENARIO and lists, per target (fibre households, fibre in every commune, 4G,
5G, and the indicator targets of [indicators]), the communes that miss it, sorted
by households missing, with their district, current share and the target. When
plans have been computed (`phusong plan sites`, `phusong plan fibre`), each row
names the cheapest planned action in that commune: a fibre extension for the
fibre targets, a new site of the technology for 4G/5G. Plans are looked for in
outputs/<scenario name>/ (plan-sites/chosen_sites.csv, plan-fibre/extensions.csv)
or in each --plans DIR; absent plans leave the action empty.

Writes into outputs/<scenario name>/ (or --out):
  gaps.csv   one row per commune and target missed
  gaps.md    the province against each target, then the communes per target";

/// Arguments of `phusong gaps`.
#[derive(Debug, Args)]
pub struct GapsArgs {
    /// Scenario file (TOML). Default: the real Cà Mau demo, data/camau/camau.toml.
    pub scenario: Option<PathBuf>,
    /// A folder with plan outputs (plan-sites/, plan-fibre/ or the CSVs
    /// themselves); may be given several times. Default:
    /// outputs/<scenario name>.
    #[arg(long, value_name = "DIR")]
    pub plans: Vec<PathBuf>,
    /// Output folder. Default: outputs/<scenario name>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Include or exclude planned sites and fibre (overrides the scenario).
    #[arg(long, value_name = "WHICH")]
    pub planned: Option<Planned>,
}

pub fn run(args: &GapsArgs, quiet: bool) -> Result<()> {
    let path = args
        .scenario
        .clone()
        .unwrap_or_else(crate::cli::run::default_scenario);
    let scenario = load_scenario(&path, args.planned)?;
    let default_dir = Path::new("outputs").join(&scenario.name);
    let plan_dirs = if args.plans.is_empty() {
        vec![default_dir.clone()]
    } else {
        args.plans.clone()
    };
    for d in &args.plans {
        if !d.is_dir() {
            anyhow::bail!("--plans {}: no such folder", d.display());
        }
    }
    let plans = read_plans(&plan_dirs)?;
    let bars = Bars::new(quiet);
    let r = pipeline::run(&scenario, &pipeline::Options::default(), &bars)
        .with_context(|| format!("running {}", path.display()))?;
    let g = gaps(&r, &plans)?;
    let out = args.out.clone().unwrap_or(default_dir);
    let written = write_gaps(&r, &g, &plans, &out)
        .with_context(|| format!("writing the gaps to {}", out.display()))?;
    if !quiet {
        for t in &r.summary.targets {
            let n = g.iter().filter(|x| x.target_key == t.key).count();
            let missing: u64 = g
                .iter()
                .filter(|x| x.target_key == t.key)
                .map(|x| x.gap)
                .sum();
            eprintln!(
                "  {:<45} {:>3} communes miss it ({} households)",
                t.description,
                n,
                thousands(missing)
            );
        }
        if plans.files.is_empty() {
            eprintln!(
                "no plans found in {}",
                plan_dirs
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        eprintln!("wrote {} files to {}", written.len(), out.display());
    }
    Ok(())
}
