//! `phusong gaps`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use phusong::compare::gaps::{gaps, plan_dirs_along_chain, read_plans};
use phusong::lang::{fill, Term};
use phusong::output::gaps::write_gaps;
use phusong::output::words::{self, capital};
use phusong::pipeline;

use crate::cli::progress::Bars;
use crate::cli::run::{load_scenario, Planned};

/// The long help of the subcommand.
pub const GAPS_LONG_ABOUT: &str = "The officials' report: for each target, the communes missing it.

Runs SCENARIO and lists, per target (fibre households, fibre in every commune, 4G,
5G, and the indicator targets of [indicators]), the communes that miss it, sorted
by households missing, with their district, current share and the target. When
plans have been computed (`phusong plan sites`, `phusong plan fibre`), it says per
commune the whole of what the plans propose there (new sites, km of fibre, households
gained, USD: the sums of every plan row in the commune) and whether the commune then
meets each target. Plans are looked for along the scenario chain: in
outputs/<scenario name>/plan-sites/ and plan-fibre/, then in outputs/<name>/ of each
plan's generated scenario (`plan fibre` on outputs/demo/plan-sites/scenario.toml writes
to outputs/demo-sites/plan-fibre/), or in each --plans DIR.

The province's gap (what the province as a whole still needs) differs from the sum
of the communes' gaps (what every commune needs on its own): both are shown.

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
        plan_dirs_along_chain(Path::new("outputs"), &scenario.name)
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
        let lang = r.scenario.outputs.language;
        for t in &r.summary.targets {
            let rows: Vec<_> = g.iter().filter(|x| x.target_key == t.key).collect();
            let missing: u64 = rows.iter().map(|x| x.gap).sum();
            let unit = rows.first().map_or("households", |x| x.gap_unit.as_str());
            eprintln!(
                "  {}: {} {}; {}: {}; {}: {}",
                words::target_name(lang, &t.key, &t.description),
                lang.term(Term::CommunesMissingIt),
                lang.count(rows.len() as u64),
                lang.term(Term::ProvinceGap),
                words::counted(lang, t.gap, &t.gap_unit),
                lang.term(Term::SumOfCommuneGaps),
                words::counted(lang, missing, unit)
            );
        }
        if !plans.files.is_empty() {
            let t = plans.total();
            eprintln!(
                "  {}: {} {}, {} {}; {} {}; {} USD",
                capital(lang.term(Term::WhatItTakes)),
                lang.count(t.sites()),
                lang.term(Term::NewSites),
                lang.number(t.fibre_m / 1000.0, 1),
                lang.term(Term::FibreKm),
                lang.term(Term::HouseholdsGained),
                lang.number(t.households_gained(), 0),
                lang.number(t.cost_usd().round(), 0)
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
        eprintln!(
            "{}",
            fill(
                lang.term(Term::WroteFiles),
                &[
                    ("n", written.len().to_string()),
                    ("dir", out.display().to_string())
                ]
            )
        );
    }
    Ok(())
}
