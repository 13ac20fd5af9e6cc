//! The one path from a scenario to a finished run, for every command and
//! for library users: **load** the layers leniently and **check** them
//! ([`load`]), then **compute** (project, index, evaluate, aggregate,
//! targets), add the **indicators** and merge the data problems into the
//! run's **findings** ([`Loaded::compute`]), then **write** the outputs
//! ([`write`]). `phusong run` is [`run`] followed by [`write`]; `check`
//! stops after [`load`]; `compare`, `gaps` and `plan` compute through
//! [`run`] too, so they refuse the same bad data.
//!
//! ```no_run
//! use phusong::config::Scenario;
//! use phusong::pipeline::{self, NoProgress, Options};
//! let scenario = Scenario::load("data/demo.toml".as_ref())?;
//! let result = pipeline::run(&scenario, &Options::default(), &NoProgress)?;
//! let fibre = &result.summary.targets[0];
//! println!("{}: {:.1}% (target {:.0}%)", fibre.description, 100.0 * fibre.value, 100.0 * fibre.target);
//! pipeline::write(&result, "outputs/demo".as_ref(), &NoProgress)?;
//! # Ok::<(), phusong::Error>(())
//! ```

mod check;
mod remap;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use crate::engine::{NoProgress, Progress, RunResult};
pub use remap::{load_strict, remap};

use crate::check::Report;
use crate::config::Scenario;
use crate::{Error, Result};

/// How a run treats the problems the checks find.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Compute even when the checks find errors: the bad rows and features
    /// are skipped (`phusong run --allow-invalid`).
    pub allow_invalid: bool,
}

/// A scenario's layers, read leniently and checked: the report of every
/// problem, and the inputs when every layer could be read.
pub struct Loaded {
    scenario: Scenario,
    checked: check::Checked,
    load_s: f64,
}

/// Load a scenario's layers and check them: every layer is read leniently
/// (bad rows and features are listed and skipped), every check of
/// [`crate::check`] runs, and the `[add]`/`[remove]`/`[planned]` edits are
/// applied. Fails only when the scenario's own values are wrong; data
/// problems are in [`Loaded::report`].
pub fn load(scenario: &Scenario) -> Result<Loaded> {
    validate(scenario)?;
    let clock = Instant::now();
    let checked = check::check_scenario(scenario);
    Ok(Loaded {
        scenario: scenario.clone(),
        checked,
        load_s: clock.elapsed().as_secs_f64(),
    })
}

/// [`load`], then [`Loaded::compute`].
pub fn run(scenario: &Scenario, opts: &Options, progress: &dyn Progress) -> Result<RunResult> {
    load(scenario)?.compute(opts, progress)
}

/// Write every output of a run into `dir` (see [`crate::output::write_all`]).
pub fn write(result: &RunResult, dir: &Path, progress: &dyn Progress) -> Result<Vec<PathBuf>> {
    crate::output::write_all_with_progress(result, dir, progress)
}

/// Check the values of a scenario that only the models can judge (the
/// radio tables of link-budget models), naming the scenario file.
pub fn validate(scenario: &Scenario) -> Result<()> {
    for tech in crate::config::Technology::ALL {
        let spec = scenario.mobile.spec(tech);
        if let Err(e) = crate::coverage::radio::radio_config(&spec, tech) {
            let path = scenario.source.clone().unwrap_or_default();
            return Err(Error::input(path, "", e));
        }
    }
    Ok(())
}

impl Loaded {
    /// The problems found, and what was read of each layer.
    pub fn report(&self) -> &Report {
        &self.checked.report
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Whether a run may compute on these inputs under `opts`: the error
    /// (the first data error, and how many more) when it may not.
    pub fn ensure_runnable(&self, opts: &Options) -> Result<()> {
        let errors: Vec<_> = self.checked.report.errors().collect();
        // What no skipping of rows can mend stops even `--allow-invalid`.
        let unskippable = errors
            .iter()
            .find(|f| f.kind == crate::problem::Kind::ExtentTooLarge);
        if let (true, Some(f)) = (opts.allow_invalid, unskippable) {
            let first = f.to_string();
            let first = first.strip_prefix("error: ").unwrap_or(&first);
            return Err(Error::Rejected {
                first: format!("{first} (--allow-invalid cannot skip this)"),
                more: 0,
                scenario: self.scenario.source.clone().unwrap_or_default(),
            });
        }
        if !errors.is_empty() && !opts.allow_invalid {
            let first = errors[0].to_string();
            let first = first.strip_prefix("error: ").unwrap_or(&first).to_string();
            return Err(Error::Rejected {
                first,
                more: errors.len() - 1,
                scenario: self.scenario.source.clone().unwrap_or_default(),
            });
        }
        if self.checked.inputs.is_none() {
            return Err(Error::Unreadable);
        }
        Ok(())
    }

    /// Compute the run: the engine on the checked inputs (reusing the
    /// households' location from the check), the indicators, and the data
    /// problems merged into the summary's warnings before the engine's own.
    pub fn compute(self, opts: &Options, progress: &dyn Progress) -> Result<RunResult> {
        self.ensure_runnable(opts)?;
        let Loaded {
            scenario,
            checked,
            load_s,
        } = self;
        let inputs = checked.inputs.ok_or(Error::Unreadable)?;
        let located = match (checked.area, checked.area_index) {
            (Some(area), Some(index)) => Some(crate::engine::Located {
                area,
                index,
                order: checked.order,
            }),
            _ => None,
        };
        let reused = located.is_some();
        let mut result = crate::engine::compute(&scenario, inputs, located, progress)?;
        let t = &mut result.summary.timings_s;
        t.insert("read_and_check".into(), load_s);
        t.insert("read".into(), checked.read_s);
        if reused {
            *t.entry("assign".into()).or_insert(0.0) += checked.assign_s;
        }
        t.insert(
            "check".into(),
            (load_s - checked.read_s - checked.assign_s).max(0.0),
        );
        crate::engine::indicators::attach(&mut result)?;
        crate::engine::operator_targets::attach(&mut result)?;
        // One line per kind of problem (exact counts), before the
        // engine's own warnings; the full list is `problems.csv`.
        let mut problems =
            crate::output::problems::group_lines(crate::lang::Lang::En, &checked.report);
        problems.append(&mut result.summary.warnings);
        result.summary.warnings = problems;
        result.problems = checked.report;
        result.summary.scenario_file = scenario.source.as_ref().map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        });
        Ok(result)
    }
}
