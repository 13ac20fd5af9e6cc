//! `phusong plan sites` and `phusong plan fibre`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use phusong::config::{Scenario, Technology};
use phusong::output::numbers::thousands;
use phusong::pipeline;
use phusong::plan::outputs::{write_fibre_plan, write_sites_plan};
use phusong::plan::{plan_fibre_with, plan_sites, FibreOptions, SitesGoal, SitesOptions, StopRule};

use crate::cli::progress::Bars;
use phusong::lang::{fill, Lang, Term};
use phusong::output::plan_md::{fibre_facts, plain, sites_facts};

/// "wrote N files to DIR" in `lang`.
fn wrote(lang: Lang, n: usize, dir: &Path) -> String {
    fill(
        lang.term(Term::WroteFiles),
        &[("n", n.to_string()), ("dir", dir.display().to_string())],
    )
}

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

  plan_communes.csv          per commune: new sites, households gained, cost, targets met
  operators.csv              when the sites name operators: households covered per operator,
                             by any, by two or more (a choice), per commune and province

--operator NAME plans for one operator's gaps: the households its own sites do not cover.

Cut-offs: --budget-usd stops before the sites cost more than the budget (alone, it plans as
many sites as it pays for); --max-usd-per-household stops at the first site that costs more
per newly covered household. The plan says which rule stopped it.

Site cost: [costs] site_usd in the scenario (default 63,500 USD, pysim5g capex items).";

/// The long help of `plan fibre`.
pub const FIBRE_LONG_ABOUT: &str =
    "Plan fibre that reaches every commune and brings each commune to the household target.

Runs the scenario, then chooses extensions (which households to reach):
  1. reach_commune: for every commune without fibre, the shortest straight line from the
     existing network to the commune;
  2. cluster: for those communes, a line to their largest cluster of unserved households;
  3. households: while a commune is below [targets] fibre_households, the extension that
     newly serves the most demand households per km (greedy, lazy evaluation).
Then routes them: per commune, one tree joins the extensions' end points to the fibre.
  - With [layers] network (roads and canals, GeoJSON or Shapefile lines): along the network,
    by a Steiner tree (Mehlhorn's 2-approximation) where a metre of each kind costs
    [network.cost_factor]; each end point reaches its nearest network node by a straight
    access line; what the network cannot join (a disconnected part) is joined straight,
    with a warning.
  - Without: a straight-line minimum spanning tree over the end points and the fibre.
Straight metres cost [costs] route_factor (default 1.3) × fibre_per_km_usd. The households
the routes serve are counted again (within [fibre] drop_m of a line, as in `phusong run`), and
household extensions are added on the routes while a commune is still below the target.
Under [fibre] distance = \"network\" the households are counted along the network, as
`phusong run` counts them (access to the nearest road or canal + the way along the network
to the fibre, planned routes included, within drop_m), and step 3 adds, round after round,
the network nodes that serve a commune's unserved households until it meets the target.

Cut-offs: --budget-usd keeps the longest prefix of the ranked extensions whose routes and
drops fit; --max-usd-per-household stops the household step at the first extension that
costs more per newly served household. The plan says which rule stopped it and the gap left.

Writes into outputs/<scenario name>/plan-fibre/ (or --out):
  routes.csv/.geojson       one route per commune: lines, km by kind, households served, cost
  planned_fibre.geojson     the route lines as a fibre layer (status planned)
  extensions.csv/.geojson   the chosen extensions (straight lines, ranked)
  plan_communes.csv         per commune: fibre km by kind, households gained, cost, targets met
  scenario.toml             the input scenario plus planned_fibre.geojson
  plan.md                   summary

Costs: [costs] fibre_per_km_usd (default 5,000), route_factor (1.3), drop_usd per household
served (650); [network.cost_factor] per kind (road 1.0, canal 1.4, river 1.8, ...).";

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
        required_unless_present_any = ["target", "budget_usd"]
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
    #[command(flatten)]
    pub cut: CutOffs,
    /// Plan for one operator's gaps: the households its own sites do not cover (needs an
    /// `operator` column in the sites layer).
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
    /// Output folder. Default: outputs/<scenario name>/plan-sites.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The cut-offs both plans take.
#[derive(Debug, Args)]
pub struct CutOffs {
    /// Stop before the plan's cost exceeds this, USD.
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub budget_usd: Option<f64>,
    /// Stop at a site or extension that costs more than this per newly served household, USD.
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub max_usd_per_household: Option<f64>,
}

fn parse_usd(s: &str) -> Result<f64, String> {
    match s.replace([',', '_'], "").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not an amount of USD ≥ 0 (e.g. 250000)")),
    }
}

/// Arguments of `plan fibre`.
#[derive(Debug, Args)]
pub struct FibreArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub cut: CutOffs,
    /// Output folder. Default: outputs/<scenario name>/plan-fibre.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Write a plan with `write` into `out` (default
/// `outputs/<scenario name>/<sub>`), then, unless `quiet`, print its
/// warnings and facts as plain text (the bullets of `plan.md` without
/// their Markdown) and where it went, in the scenario's language. Returns
/// the folder.
fn write_plan(
    scenario: &Scenario,
    out: Option<&Path>,
    sub: &str,
    quiet: bool,
    (warnings, facts): (&[String], Vec<String>),
    write: impl FnOnce(&Path) -> phusong::Result<Vec<PathBuf>>,
) -> Result<PathBuf> {
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new("outputs").join(&scenario.name).join(sub));
    let written = write(&out).with_context(|| format!("writing the plan to {}", out.display()))?;
    if !quiet {
        let lang = scenario.outputs.language;
        for w in warnings {
            eprintln!("{}: {w}", lang.term(Term::Warning));
        }
        for line in facts {
            eprintln!("{}", plain(&line));
        }
        eprintln!("{}", wrote(lang, written.len(), &out));
    }
    Ok(out)
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
        goal: match (a.max_sites, a.target, a.cut.budget_usd) {
            (Some(n), _, _) => SitesGoal::MaxSites(n),
            (None, true, _) => SitesGoal::Target,
            // --budget-usd alone: as many sites as it pays for.
            (None, false, Some(b)) => SitesGoal::MaxSites(if scenario.costs.site_usd > 0.0 {
                (b / scenario.costs.site_usd).floor() as usize
            } else {
                usize::MAX
            }),
            (None, false, None) => SitesGoal::Target,
        },
        candidates: a.candidates.clone(),
        cell_m: a.candidate_grid_m,
        budget_usd: a.cut.budget_usd,
        max_usd_per_household: a.cut.max_usd_per_household,
        operator: a.operator.clone(),
    };
    let plan = plan_sites(&scenario, &base, &opts, &bars)?;
    let lang = scenario.outputs.language;
    let out = write_plan(
        &scenario,
        a.out.as_deref(),
        "plan-sites",
        quiet,
        (&[], sites_facts(&plan, lang)),
        |dir| write_sites_plan(&plan, &a.scenario, &scenario.name, dir, lang),
    )?;
    let cut = matches!(plan.stop, StopRule::Budget | StopRule::MaxUsdPerHousehold);
    if opts.goal == SitesGoal::Target && !plan.target_met && !cut {
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
    let opts = FibreOptions {
        budget_usd: a.cut.budget_usd,
        max_usd_per_household: a.cut.max_usd_per_household,
    };
    let plan = plan_fibre_with(&scenario, &base, &opts, &bars)?;
    let lang = scenario.outputs.language;
    write_plan(
        &scenario,
        a.out.as_deref(),
        "plan-fibre",
        quiet,
        (&plan.warnings, fibre_facts(&plan, lang)),
        |dir| write_fibre_plan(&plan, &a.scenario, &scenario.name, dir, lang),
    )?;
    Ok(())
}
