//! `summary.json` and `summary.md`: the province against each target, the
//! communes furthest from the fibre target, parameters and inputs.

use std::fmt::Write as _;
use std::path::Path;

use crate::aggregate::targets::{Goal, Tally, FIBRE_HOUSEHOLDS};
use crate::aggregate::TargetCheck;
use crate::engine::{ProvinceFigures, RunResult};
use crate::output::atomic::write_bytes_atomic;
use crate::output::numbers::thousands;
use crate::{Error, Result};

/// Write `summary.json`.
pub fn write_summary_json(path: &Path, r: &RunResult) -> Result<()> {
    write_summary_json_of(path, &r.summary)
}

/// Write a summary as JSON (what [`write_summary_json`] writes for a run).
pub fn write_summary_json_of(path: &Path, summary: &crate::engine::Summary) -> Result<()> {
    let text = serde_json::to_string_pretty(summary)
        .map_err(|e| Error::Output(format!("serialising the summary: {e}")))?;
    write_bytes_atomic(path, format!("{text}\n").as_bytes())
}

fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// The Markdown report.
pub fn summary_markdown(r: &RunResult) -> Result<String> {
    let s = &r.summary;
    let mut m = String::new();
    let _ = writeln!(m, "# {} — coverage against targets\n", s.province);
    let _ = writeln!(
        m,
        "Scenario **{}**{}. Run {} with phusong {}.\n",
        s.scenario,
        if s.description.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.description)
        },
        s.run_at,
        s.phusong_version
    );
    targets_section(&mut m, &s.targets);
    province_section(&mut m, &s.province_figures);
    below_fibre_section(&mut m, r);
    if !s.warnings.is_empty() {
        let _ = writeln!(m, "\n## Warnings\n");
        for w in &s.warnings {
            let _ = writeln!(m, "- {w}");
        }
    }
    let _ = writeln!(m, "\n## Inputs\n");
    for (k, i) in &s.inputs {
        let _ = writeln!(
            m,
            "- {k}: `{}` ({} read)",
            i.path,
            thousands(i.count as u64)
        );
    }
    let _ = writeln!(
        m,
        "\n## Parameters\n\n```json\n{}\n```",
        serde_json::to_string_pretty(&s.parameters).unwrap_or_default()
    );
    Ok(m)
}

/// The province against each target.
fn targets_section(m: &mut String, targets: &[TargetCheck]) {
    let _ = writeln!(m, "## Targets\n");
    let _ = writeln!(
        m,
        "| target | goal | now | status | gap | communes missing |"
    );
    let _ = writeln!(m, "|---|---|---|---|---|---|");
    for t in targets {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            t.description,
            pct(t.target),
            pct(t.value),
            if t.undefined() {
                t.status.as_str()
            } else if t.met {
                "met"
            } else {
                "**not met**"
            },
            if t.gap == 0 {
                "—".to_string()
            } else {
                format!("{} more {}", thousands(t.gap), t.gap_unit)
            },
            t.communes_missing
                .map(|c| c.to_string())
                .unwrap_or_else(|| "—".into())
        );
    }
}

/// The province's figures.
fn province_section(m: &mut String, p: &ProvinceFigures) {
    let _ = writeln!(m, "\n## Province\n");
    let _ = writeln!(m, "| figure | value |\n|---|---|");
    let rows = [
        ("Households (all read)", thousands(p.households_total)),
        ("Households in a commune", thousands(p.households)),
        (
            "Households in no commune (unassigned)",
            thousands(p.unassigned),
        ),
        ("Demand households", thousands(p.demand_households)),
        (
            "Demand households served by fibre",
            format!("{} ({})", thousands(p.fibre_served), pct(p.fibre_share)),
        ),
        (
            "Communes reached by fibre",
            format!("{} of {}", p.communes_reached, p.communes),
        ),
        (
            "Households covered by 4G",
            format!("{} ({})", thousands(p.covered_4g), pct(p.share_4g)),
        ),
        (
            "Households covered by 5G",
            format!("{} ({})", thousands(p.covered_5g), pct(p.share_5g)),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(m, "| {k} | {v} |");
    }
    if p.persons > 0 {
        let _ = writeln!(
            m,
            "| Persons / with fibre / with 4G / with 5G | {} / {} / {} / {} |",
            thousands(p.persons),
            thousands(p.persons_fibre),
            thousands(p.persons_4g),
            thousands(p.persons_5g)
        );
    }
}

/// The 30 communes furthest from the fibre households target.
fn below_fibre_section(m: &mut String, r: &RunResult) {
    let goal = FIBRE_HOUSEHOLDS
        .goal_in(&r.scenario.targets)
        .map(|share| Goal {
            target: &FIBRE_HOUSEHOLDS,
            share,
        });
    let areas = &r.inputs.areas.items;
    let tally = |i: usize| Tally {
        counts: r.area_counts[i],
        communes: 1,
        communes_reached: r.area_reached[i] as u64,
    };
    let mut rows: Vec<(u64, usize)> = (0..areas.len())
        .filter_map(|i| {
            let gap = goal.map_or(0, |g| g.gap(&tally(i)));
            (gap > 0).then_some((gap, i))
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let _ = writeln!(
        m,
        "\n## Communes below the fibre target ({} of {})\n",
        rows.len(),
        areas.len()
    );
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        m,
        "| code | commune | fibre share | households missing | reached by fibre |"
    );
    let _ = writeln!(m, "|---|---|---|---|---|");
    for &(g, i) in rows.iter().take(30) {
        // Rounded to 6 decimals first, as in `communes.csv`.
        let share = (FIBRE_HOUSEHOLDS.share(&tally(i)) * 1e6).round() / 1e6;
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |",
            areas[i].id,
            areas[i].name,
            pct(share),
            thousands(g),
            if r.area_reached[i] { "yes" } else { "**no**" }
        );
    }
    if rows.len() > 30 {
        let _ = writeln!(m, "\n…and {} more in `communes.csv`.", rows.len() - 30);
    }
}

/// Write `summary.md`.
pub fn write_summary_md(path: &Path, r: &RunResult) -> Result<()> {
    write_bytes_atomic(path, summary_markdown(r)?.as_bytes())
}
