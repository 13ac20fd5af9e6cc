//! The outputs of `phusong gaps` (see [`crate::compare::gaps`]):
//! `gaps.csv` (one row per commune and target missed) and `gaps.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polars::prelude::{Column, DataFrame};

use crate::compare::gaps::{Gap, Plans};
use crate::engine::RunResult;
use crate::output::atomic::write_bytes_atomic;
use crate::output::numbers::thousands;
use crate::output::tables;
use crate::{Error, Result};

/// The gaps as a table: `target`, `target_description`, `code`, `name`,
/// the parent field, `share`, `target_share`, `gap`, `gap_unit`,
/// `planned_action`, `planned_action_cost_usd`,
/// `planned_action_households`, `plan_file`.
pub fn gaps_table(gaps: &[Gap], parent_field: Option<&str>) -> Result<DataFrame> {
    let s = |f: &dyn Fn(&Gap) -> String| -> Vec<String> { gaps.iter().map(f).collect() };
    let mut cols = vec![
        Column::new("target".into(), s(&|g| g.target_key.clone())),
        Column::new(
            "target_description".into(),
            s(&|g| g.target_description.clone()),
        ),
        Column::new("code".into(), s(&|g| g.code.clone())),
        Column::new("name".into(), s(&|g| g.name.clone())),
    ];
    if let Some(p) = parent_field {
        cols.push(Column::new(
            p.into(),
            s(&|g| g.parent.clone().unwrap_or_default()),
        ));
    }
    let r6 = |v: f64| (v * 1e6).round() / 1e6;
    cols.extend([
        Column::new(
            "share".into(),
            gaps.iter().map(|g| g.share.map(r6)).collect::<Vec<_>>(),
        ),
        Column::new(
            "target_share".into(),
            gaps.iter().map(|g| g.target).collect::<Vec<_>>(),
        ),
        Column::new("gap".into(), gaps.iter().map(|g| g.gap).collect::<Vec<_>>()),
        Column::new("gap_unit".into(), s(&|g| g.gap_unit.clone())),
        Column::new(
            "planned_action".into(),
            gaps.iter()
                .map(|g| g.action.as_ref().map(|a| a.description.clone()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "planned_action_cost_usd".into(),
            gaps.iter()
                .map(|g| g.action.as_ref().map(|a| a.cost_usd))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "planned_action_households".into(),
            gaps.iter()
                .map(|g| g.action.as_ref().and_then(|a| a.households))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "plan_file".into(),
            gaps.iter()
                .map(|g| g.action.as_ref().map(|a| a.file.display().to_string()))
                .collect::<Vec<_>>(),
        ),
    ]);
    DataFrame::new(gaps.len(), cols).map_err(|e| Error::table("building the gaps table", e))
}

fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// The Markdown report: the province against each target, then per target
/// the communes missing it (largest gap first) with the cheapest planned
/// action.
pub fn markdown(r: &RunResult, gaps: &[Gap], plans: &Plans) -> String {
    let mut s = String::new();
    let sm = &r.summary;
    let _ = writeln!(s, "# {}: communes missing each target\n", sm.province);
    let _ = writeln!(
        s,
        "Scenario **{}**{}.\n",
        sm.scenario,
        if sm.description.is_empty() {
            String::new()
        } else {
            format!(" ({})", sm.description)
        }
    );
    if plans.files.is_empty() {
        let _ = writeln!(
            s,
            "No plans found: run `phusong plan sites` and `phusong plan fibre` (or give \
             `--plans DIR`) to name the cheapest planned action per commune.\n"
        );
    } else {
        let files: Vec<String> = plans
            .files
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        let _ = writeln!(s, "Planned actions from {}.\n", files.join(", "));
    }
    let _ = writeln!(
        s,
        "| target | goal | province | status | communes missing it |"
    );
    let _ = writeln!(s, "|---|---:|---:|---|---:|");
    for t in &sm.targets {
        let n = gaps.iter().filter(|g| g.target_key == t.key).count();
        let status = if t.met {
            "met".to_string()
        } else {
            format!("not met: {} more {}", thousands(t.gap), t.gap_unit)
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            t.description,
            pct(t.target),
            if t.value.is_nan() {
                "–".into()
            } else {
                pct(t.value)
            },
            status,
            n
        );
    }
    let parent = r.scenario.areas.parent_field.as_deref();
    let mut keys: Vec<&str> = Vec::new();
    for g in gaps {
        if !keys.contains(&g.target_key.as_str()) {
            keys.push(&g.target_key);
        }
    }
    for key in keys {
        let rows: Vec<&Gap> = gaps.iter().filter(|g| g.target_key == key).collect();
        let first = rows[0];
        let total: u64 = rows.iter().map(|g| g.gap).sum();
        let _ = writeln!(
            s,
            "\n## {} (target {}): {} communes, {} {} missing\n",
            first.target_description,
            pct(first.target),
            rows.len(),
            thousands(total),
            first.gap_unit
        );
        let _ = writeln!(
            s,
            "| # | commune | code | {} | now | missing | cheapest planned action | cost (USD) |",
            parent.unwrap_or("parent")
        );
        let _ = writeln!(s, "|---:|---|---|---|---:|---:|---|---:|");
        for (i, g) in rows.iter().enumerate() {
            let (action, cost) = match &g.action {
                Some(a) => (
                    a.description.clone(),
                    thousands(a.cost_usd.round().max(0.0) as u64),
                ),
                None => ("–".into(), "–".into()),
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                i + 1,
                g.name,
                g.code,
                g.parent.as_deref().unwrap_or(""),
                g.share.map_or("–".into(), pct),
                thousands(g.gap),
                action,
                cost
            );
        }
    }
    if gaps.is_empty() {
        let _ = writeln!(s, "\nEvery commune meets every target.");
    }
    s
}

/// Write `gaps.csv` and `gaps.md` into `dir`, keeping its other files; the
/// folder is replaced only when both were written
/// ([`crate::output::folder`]).
pub fn write_gaps(r: &RunResult, gaps: &[Gap], plans: &Plans, dir: &Path) -> Result<Vec<PathBuf>> {
    use crate::output::folder::{rebase, replace, Product};
    replace(dir, Product::Gaps, |staging| {
        let written = write_gaps_into(r, gaps, plans, staging)?;
        Ok(rebase(written, staging, dir))
    })
}

fn write_gaps_into(r: &RunResult, gaps: &[Gap], plans: &Plans, dir: &Path) -> Result<Vec<PathBuf>> {
    let csv = dir.join("gaps.csv");
    let md = dir.join("gaps.md");
    tables::write_csv(
        &csv,
        &gaps_table(gaps, r.scenario.areas.parent_field.as_deref())?,
    )?;
    write_bytes_atomic(&md, markdown(r, gaps, plans).as_bytes())?;
    Ok(vec![csv, md])
}
