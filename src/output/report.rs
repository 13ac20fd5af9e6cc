//! `summary.json` and `summary.md`: the province against each target, the
//! communes furthest from the fibre target, parameters and inputs.

use std::fmt::Write as _;
use std::path::Path;

use crate::aggregate::tables::column;
use crate::engine::RunResult;
use crate::output::atomic::write_bytes_atomic;
use crate::{Error, Result};

/// Write `summary.json`.
pub fn write_summary_json(path: &Path, r: &RunResult) -> Result<()> {
    write_summary_json_of(path, &r.summary)
}

/// Write a summary as JSON (what [`write_summary_json`] writes for a run).
pub fn write_summary_json_of(path: &Path, summary: &crate::engine::Summary) -> Result<()> {
    let text = serde_json::to_string_pretty(summary)
        .map_err(|e| Error::Invalid(format!("serialising the summary: {e}")))?;
    write_bytes_atomic(path, format!("{text}\n").as_bytes())
}

fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// Group digits by thousands: 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The Markdown report.
pub fn summary_markdown(r: &RunResult) -> Result<String> {
    let s = &r.summary;
    let p = &s.province_figures;
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
    let _ = writeln!(m, "## Targets\n");
    let _ = writeln!(
        m,
        "| target | goal | now | status | gap | communes missing |"
    );
    let _ = writeln!(m, "|---|---|---|---|---|---|");
    for t in &s.targets {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            t.description,
            pct(t.target),
            pct(t.value),
            if t.met { "met" } else { "**not met**" },
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

    // Communes furthest from the fibre target.
    let df = &r.communes;
    let code = column(df, "code")?
        .str()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let name = column(df, "name")?
        .str()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let gap = column(df, "fibre_gap_households")?
        .u64()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let share = column(df, "fibre_share")?
        .f64()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let reached = column(df, "fibre_reached")?
        .bool()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let mut rows: Vec<(u64, usize)> = (0..df.height())
        .filter_map(|i| gap.get(i).filter(|&g| g > 0).map(|g| (g, i)))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let _ = writeln!(
        m,
        "\n## Communes below the fibre target ({} of {})\n",
        rows.len(),
        df.height()
    );
    if !rows.is_empty() {
        let _ = writeln!(
            m,
            "| code | commune | fibre share | households missing | reached by fibre |"
        );
        let _ = writeln!(m, "|---|---|---|---|---|");
        for &(g, i) in rows.iter().take(30) {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} |",
                code.get(i).unwrap_or(""),
                name.get(i).unwrap_or(""),
                pct(share.get(i).unwrap_or(0.0)),
                thousands(g),
                if reached.get(i).unwrap_or(false) {
                    "yes"
                } else {
                    "**no**"
                }
            );
        }
        if rows.len() > 30 {
            let _ = writeln!(m, "\n…and {} more in `communes.csv`.", rows.len() - 30);
        }
    }
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

/// Write `summary.md`.
pub fn write_summary_md(path: &Path, r: &RunResult) -> Result<()> {
    write_bytes_atomic(path, summary_markdown(r)?.as_bytes())
}
