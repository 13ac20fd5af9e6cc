//! `phusong plan sites` and `phusong plan fibre`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use phusong::config::{Scenario, Technology};
use phusong::output::numbers::thousands;
use phusong::pipeline;
use phusong::plan::outputs::{write_fibre_plan, write_sites_plan};
use phusong::plan::{plan_fibre, plan_sites, SitesGoal, SitesOptions};

use crate::cli::progress::Bars;

/// The long help of `plan sites`.
pub const SITES_LONG_ABOUT: &str =
    "Choose new 4G or 5G sites that cover the most uncovered households.

Runs the scenario, then picks sites one at a time from candidate locations, each time the
one that newly covers the most households (those the target counts: households in a
commune), by greedy maximum coverage with lazy evaluation (Minoux). For a fixed number of
sites the choice is within (1 - 1/e) = 63% of the best possible among the candidates
(Nemhauser, Wolsey & Fisher 1978).

Candidates: --candidates FILE.csv (columns lon,lat[,id]), or generated: one per grid cell
(--candidate-grid-m, default 1000 m) holding uncovered households, at the centroid of those
households. Each candidate is a standard 3-sector site (azimuths 0/120/240, the
technology's default radio parameters) evaluated with the run's own coverage model, so
`phusong run` of the generated scenario reproduces the plan's counts.

Writes into outputs/<scenario name>/plan-sites/ (or --out):
  chosen_sites.csv/.geojson  rank, site_id, lon, lat, tech, commune, gain_households,
                             cumulative_covered, province_share, cost_usd
  planned_sites.csv          the new sites as a sites layer (status planned)
  scenario.toml              the input scenario plus planned_sites.csv
  plan.md                    summary

Site cost: [costs] site_usd in the scenario (default 63,500 USD, pysim5g capex items).";

/// The long help of `plan fibre`.
pub const FIBRE_LONG_ABOUT: &str =
    "Plan fibre extensions that reach every commune and bring each commune to the household target.

Runs the scenario, then:
  1. reach_commune: for every commune without fibre, the shortest straight line from the
     existing network to the commune;
  2. cluster: for those communes, a line to their largest cluster of unserved households;
  3. households: while a commune is below [targets] fibre_households, the extension that
     newly serves the most demand households per km (greedy, lazy evaluation).
phusong has no road graph: lengths are straight lines (a lower bound of the route) and
costs multiply them by [costs] route_factor (default 1.3). A household is served when within
[fibre] drop_m of a line, as in `phusong run`.

Writes into outputs/<scenario name>/plan-fibre/ (or --out):
  extensions.csv/.geojson   ranked: commune, kind, length_m, households_served, cost_usd,
                            cumulative length and cost, province_share
  planned_fibre.geojson     the lines as a fibre layer (status planned)
  scenario.toml             the input scenario plus planned_fibre.geojson
  plan.md                   total km and cost, per commune

Costs: [costs] fibre_per_km_usd (default 5,000), route_factor (1.3), drop_usd per household
served (650).";

/// `phusong plan ...`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub what: PlanCommand,
}

/// What to plan.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Choose new 4G/5G sites (greedy maximum coverage).
    #[command(long_about = SITES_LONG_ABOUT)]
    Sites(SitesArgs),
    /// Plan fibre extensions to reach every commune and the household target.
    #[command(long_about = FIBRE_LONG_ABOUT)]
    Fibre(FibreArgs),
}

/// Arguments of `plan sites`.
#[derive(Debug, Args)]
pub struct SitesArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Technology of the new sites: 4G or 5G.
    #[arg(long, default_value = "4G", value_parser = parse_tech)]
    pub tech: Technology,
    /// Choose at most N sites.
    #[arg(
        long,
        value_name = "N",
        conflicts_with = "target",
        required_unless_present = "target"
    )]
    pub max_sites: Option<usize>,
    /// Choose sites until the scenario's household target for the technology is met.
    #[arg(long)]
    pub target: bool,
    /// Candidate locations: CSV with lon,lat[,id]. Default: generated on a grid.
    #[arg(long, value_name = "FILE.csv")]
    pub candidates: Option<PathBuf>,
    /// Cell size of the generated candidate grid, metres.
    #[arg(long, value_name = "M", default_value_t = 1000.0)]
    pub candidate_grid_m: f64,
    /// Output folder. Default: outputs/<scenario name>/plan-sites.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `plan fibre`.
#[derive(Debug, Args)]
pub struct FibreArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Output folder. Default: outputs/<scenario name>/plan-fibre.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn parse_tech(s: &str) -> Result<Technology, String> {
    Technology::parse(s).ok_or_else(|| format!("unknown technology {s:?}: use 4G or 5G"))
}

fn load_and_run(path: &Path, bars: &Bars) -> Result<(Scenario, pipeline::RunResult)> {
    let scenario = crate::cli::run::load_scenario(path, None)?;
    let base = pipeline::run(&scenario, &pipeline::Options::default(), bars)
        .with_context(|| format!("running the scenario {}", path.display()))?;
    Ok((scenario, base))
}

pub fn run(args: &PlanArgs, quiet: bool) -> Result<()> {
    match &args.what {
        PlanCommand::Sites(a) => sites(a, quiet),
        PlanCommand::Fibre(a) => fibre(a, quiet),
    }
}

fn sites(a: &SitesArgs, quiet: bool) -> Result<()> {
    let bars = Bars::new(quiet);
    let (scenario, base) = load_and_run(&a.scenario, &bars)?;
    let opts = SitesOptions {
        tech: a.tech,
        goal: match a.max_sites {
            Some(n) => SitesGoal::MaxSites(n),
            None => SitesGoal::Target,
        },
        candidates: a.candidates.clone(),
        cell_m: a.candidate_grid_m,
    };
    let plan = plan_sites(&scenario, &base, &opts, &bars)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("outputs").join(&scenario.name).join("plan-sites"));
    let written = write_sites_plan(&plan, &a.scenario, &scenario.name, &out)
        .with_context(|| format!("writing the plan to {}", out.display()))?;
    if !quiet {
        let tech = plan.tech;
        eprintln!(
            "{tech}: {} of {} households covered before, {} after {} new sites ({} USD)",
            thousands(plan.covered_before),
            thousands(plan.households),
            thousands(plan.covered_after()),
            plan.chosen.len(),
            thousands(plan.cost_usd().round() as u64)
        );
        if let Some(t) = plan.target {
            eprintln!(
                "  target {:.1}%: {}",
                100.0 * t,
                if plan.target_met {
                    "met"
                } else {
                    "NOT met with these candidates"
                }
            );
        }
        eprintln!("wrote {} files to {}", written.len(), out.display());
    }
    if opts.goal == SitesGoal::Target && !plan.target_met {
        anyhow::bail!(
            "the candidates cannot reach the {} target: {} households stay uncovered \
             (try a finer --candidate-grid-m or more candidates); the partial plan is in {}",
            plan.tech,
            thousands(
                plan.needed
                    .saturating_sub(plan.covered_after() - plan.covered_before)
            ),
            out.display()
        );
    }
    Ok(())
}

fn fibre(a: &FibreArgs, quiet: bool) -> Result<()> {
    let bars = Bars::new(quiet);
    let (scenario, base) = load_and_run(&a.scenario, &bars)?;
    let plan = plan_fibre(&scenario, &base, &bars)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("outputs").join(&scenario.name).join("plan-fibre"));
    let written = write_fibre_plan(&plan, &a.scenario, &scenario.name, &out)
        .with_context(|| format!("writing the plan to {}", out.display()))?;
    if !quiet {
        eprintln!(
            "fibre: {} extensions, {:.1} km straight line ({:.1} km route), {} USD; \
             demand households served {} → {} of {}; communes meeting the target {} → {} of {}",
            plan.extensions.len(),
            plan.length_m() / 1000.0,
            plan.length_m() / 1000.0 * plan.route_factor,
            thousands(plan.cost_usd().round() as u64),
            thousands(plan.served_before),
            thousands(plan.served_after),
            thousands(plan.demand),
            plan.communes_meeting_before(),
            plan.communes_meeting_after(),
            plan.communes.len()
        );
        eprintln!("wrote {} files to {}", written.len(), out.display());
    }
    Ok(())
}
