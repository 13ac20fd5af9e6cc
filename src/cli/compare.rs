//! `phusong compare`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use phusong::compare::compare;
use phusong::compare::runs::Comparison;
use phusong::lang::{fill, Lang, Term};
use phusong::output::compare::write_comparison;
use phusong::output::numbers::thousands;
use phusong::output::words;
use phusong::pipeline;

use crate::cli::progress::Bars;
use crate::cli::run::{load_scenario, Planned};

/// The long help of the subcommand.
pub const COMPARE_LONG_ABOUT: &str = "Compare two scenarios over the same communes.

Runs BASE and SCENARIO (e.g. the baseline and a scenario that adds planned sites
and fibre: `base = \"demo.toml\"` with `[add] sites = [\"planned.csv\"]`) and writes,
per commune and for the province, the figures before and after and the change:
households newly served by fibre, 4G and 5G, communes newly meeting each target,
communes newly reached by fibre. The targets of SCENARIO are applied to both.
Both scenarios must have the same communes.

Writes into outputs/compare-<base>-vs-<scenario>/ (or --out):
  compare.csv            per commune: before, after, change, target status
  compare_province.csv   the province totals
  compare.geojson        commune polygons with the same properties, for QGIS
  compare.md             targets before → after, communes newly meeting them
  maps/change.png, .svg  communes by households gaining a service (net), with
                         new and removed sites and fibre";

/// Arguments of `phusong compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The base scenario (TOML), e.g. data/demo.toml.
    pub base: PathBuf,
    /// The scenario to compare with it.
    pub scenario: PathBuf,
    /// Output folder. Default: outputs/compare-<base name>-vs-<scenario name>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Include or exclude planned sites and fibre in both scenarios
    /// (overrides their `[planned] include`).
    #[arg(long, value_name = "WHICH")]
    pub planned: Option<Planned>,
}

pub fn run(args: &CompareArgs, quiet: bool) -> Result<()> {
    let base = load_scenario(&args.base, args.planned)?;
    let scenario = load_scenario(&args.scenario, args.planned)?;
    let bars = Bars::new(quiet);
    let opts = pipeline::Options::default();
    let rb = pipeline::run(&base, &opts, &bars)
        .with_context(|| format!("running {}", args.base.display()))?;
    let rs = pipeline::run(&scenario, &opts, &bars)
        .with_context(|| format!("running {}", args.scenario.display()))?;
    let c = compare(&rb, &rs)?;
    let out = args.out.clone().unwrap_or_else(|| {
        Path::new("outputs").join(format!("compare-{}-vs-{}", base.name, scenario.name))
    });
    let written = write_comparison(&c, &rb, &rs, &out)
        .with_context(|| format!("writing the comparison to {}", out.display()))?;
    let lang = scenario.outputs.language;
    if !quiet && lang != Lang::En {
        for line in console_lines(&c, lang, written.len(), &out) {
            eprintln!("{line}");
        }
    } else if !quiet {
        eprintln!(
            "{}: {} → {} ({} communes)",
            c.province,
            c.base,
            c.scenario,
            c.communes.len()
        );
        for t in &c.target_changes {
            let status = |m: bool| if m { "met" } else { "NOT MET" };
            eprintln!(
                "  {:<45} {:>6.1}% → {:>6.1}% (target {:>5.1}%)  {} → {}{}",
                t.description,
                100.0 * t.before,
                100.0 * t.after,
                100.0 * t.target,
                status(t.met_before),
                status(t.met_after),
                if t.met_after {
                    String::new()
                } else {
                    format!(", {} more {} needed", thousands(t.gap_after), t.gap_unit)
                }
            );
        }
        eprintln!("wrote {} files to {}", written.len(), out.display());
    }
    Ok(())
}

/// The console's summary of a comparison in `lang` (English keeps its
/// own, older layout above).
fn console_lines(c: &Comparison, lang: Lang, files: usize, out: &Path) -> Vec<String> {
    let mut lines = vec![format!(
        "{}: {} → {} ({} {})",
        c.province,
        c.base,
        c.scenario,
        c.communes.len(),
        lang.term(Term::Communes)
    )];
    let met = |m: bool| lang.term(if m { Term::Met } else { Term::NotMet });
    for t in &c.target_changes {
        let gap = if t.met_after {
            String::new()
        } else {
            format!(", {}", words::gap_phrase(lang, t.gap_after, &t.gap_unit))
        };
        lines.push(format!(
            "  {}: {} → {} ({} {})  {} → {}{gap}",
            words::target_name(lang, &t.key, &t.description),
            lang.percent(t.before, 1),
            lang.percent(t.after, 1),
            lang.term(Term::Target),
            lang.percent(t.target, 1),
            met(t.met_before),
            met(t.met_after),
        ));
    }
    lines.push(fill(
        lang.term(Term::WroteFiles),
        &[("n", files.to_string()), ("dir", out.display().to_string())],
    ));
    lines
}
