//! The outputs of `phusong gaps` (see [`crate::compare::gaps`]):
//! `gaps.csv` (one row per commune and target missed) and `gaps.md` (in
//! the scenario's `[outputs] language`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polars::prelude::{Column, DataFrame};

use crate::aggregate::targets::TARGETS;
use crate::compare::gaps::{CommunePlan, Gap, NetworkPlan, Plans};
use crate::engine::RunResult;
use crate::lang::{fill, Lang, Term};
use crate::output::atomic::write_bytes_atomic;
use crate::output::tables;
use crate::output::words::{self, capital};
use crate::{Error, Result};

/// The gaps as a table: `target`, `target_description`, `code`, `name`,
/// the parent field, `share`, `target_share`, `gap`, `gap_unit`, then what
/// the plans propose in the commune for the target's network (summed over
/// every plan row): `planned_action`, `planned_action_cost_usd`,
/// `planned_action_households`, and `met_with_plans`.
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
                .map(|g| g.plan.as_ref().map(|a| a.description.clone()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "planned_action_cost_usd".into(),
            gaps.iter()
                .map(|g| g.plan.as_ref().map(|a| a.cost_usd))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "planned_action_households".into(),
            gaps.iter()
                .map(|g| g.plan.as_ref().map(|a| a.households))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "met_with_plans".into(),
            gaps.iter().map(|g| g.met_with_plans).collect::<Vec<_>>(),
        ),
    ]);
    DataFrame::new(gaps.len(), cols).map_err(|e| Error::table("building the gaps table", e))
}

/// "met with the plans" / "still not met with the plans" / "–".
fn with_plans(lang: Lang, met: Option<bool>) -> &'static str {
    match met {
        Some(true) => lang.term(Term::MeetsWithPlans),
        Some(false) => lang.term(Term::NotMetWithPlans),
        None => "–",
    }
}

/// Kilometres with one decimal.
fn km(lang: Lang, m: f64) -> String {
    lang.number(m / 1000.0, 1)
}

/// Whole US dollars.
fn usd(lang: Lang, v: f64) -> String {
    lang.number(v.round(), 0)
}

/// The Markdown report, in the scenario's language: the province against
/// each target (the province's gap beside the sum of the communes' gaps),
/// what the plans propose per commune (summed from the plans' rows, with a
/// total), then per target the communes missing it (largest gap first).
pub fn markdown(r: &RunResult, gaps: &[Gap], plans: &Plans) -> String {
    let lang = r.scenario.outputs.language;
    let mut s = String::new();
    let sm = &r.summary;
    let _ = writeln!(
        s,
        "# {}\n",
        fill(
            lang.term(Term::CommunesMissingEachTarget),
            &[("province", sm.province.clone())]
        )
    );
    let description = if sm.description.is_empty() {
        String::new()
    } else {
        format!(" ({})", sm.description)
    };
    let _ = writeln!(
        s,
        "{}\n",
        fill(
            lang.term(Term::ScenarioLine),
            &[
                ("scenario", format!("**{}**", sm.scenario)),
                ("description", description),
                ("date", lang.date(&sm.run_at)),
                ("version", sm.phusong_version.clone()),
            ]
        )
    );
    if plans.files.is_empty() {
        let _ = writeln!(s, "{}\n", lang.term(Term::NoPlansFound));
    } else {
        let files: Vec<String> = plans
            .files
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        let _ = writeln!(
            s,
            "{}\n",
            fill(lang.term(Term::PlansFrom), &[("files", files.join(", "))])
        );
    }
    targets_table(&mut s, lang, r, gaps);
    if !plans.files.is_empty() {
        plans_table(&mut s, lang, r, gaps, plans);
    }
    per_target_sections(&mut s, lang, r, gaps, !plans.files.is_empty());
    if gaps.is_empty() {
        let _ = writeln!(s, "\n{}", lang.term(Term::EveryCommuneMeetsEveryTarget));
    }
    s
}

/// The province against each target: its own gap and the sum of the
/// communes' gaps, which differ.
fn targets_table(s: &mut String, lang: Lang, r: &RunResult, gaps: &[Gap]) {
    let head = [
        Term::Target,
        Term::Goal,
        Term::Province,
        Term::ProvinceGap,
        Term::CommunesMissingIt,
        Term::SumOfCommuneGaps,
    ]
    .map(|t| capital(lang.term(t)));
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let _ = writeln!(s, "|---|---:|---:|---|---:|---:|");
    for t in &r.summary.targets {
        let rows: Vec<&Gap> = gaps.iter().filter(|g| g.target_key == t.key).collect();
        let sum: u64 = rows.iter().map(|g| g.gap).sum();
        let unit = rows
            .first()
            .map_or(t.gap_unit.as_str(), |g| g.gap_unit.as_str());
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            words::target_name(lang, &t.key, &t.description),
            words::pct(lang, t.target),
            words::pct(lang, t.value),
            words::status(lang, t),
            lang.count(rows.len() as u64),
            if rows.is_empty() {
                "–".into()
            } else {
                words::counted(lang, sum, unit)
            }
        );
    }
    let _ = writeln!(s, "\n{}", lang.term(Term::GapsExplained));
}

/// Per commune with a gap or a plan: everything the plans propose there,
/// and the commune's standing on each household target with the plans;
/// then the total, equal to the sums of the plans' rows.
fn plans_table(s: &mut String, lang: Lang, r: &RunResult, gaps: &[Gap], plans: &Plans) {
    let _ = writeln!(s, "\n## {}\n", lang.term(Term::WhatPlansPropose));
    let _ = writeln!(s, "{}\n", lang.term(Term::WhatPlansProposeNote));
    let keys: Vec<(&str, String)> = r
        .summary
        .targets
        .iter()
        .filter(|t| TARGETS.iter().any(|x| x.key == t.key))
        .map(|t| {
            (
                t.key.as_str(),
                words::target_name(lang, &t.key, &t.description),
            )
        })
        .collect();
    let mut head = vec![
        capital(lang.term(Term::Commune)),
        capital(lang.term(Term::NewSites)),
        capital(lang.term(Term::FibreKm)),
        capital(lang.term(Term::HouseholdsGained)),
        capital(lang.term(Term::CostUsd)),
    ];
    head.extend(keys.iter().map(|(_, n)| n.clone()));
    let _ = writeln!(s, "| {} |", head.join(" | "));
    let _ = writeln!(s, "|---|---:|---:|---:|---:|{}", "---|".repeat(keys.len()));
    let empty = CommunePlan::default();
    let areas = &r.inputs.areas.items;
    let mut rows: Vec<(&str, &str, &CommunePlan)> = areas
        .iter()
        .filter(|a| plans.of(&a.id).is_some() || gaps.iter().any(|g| g.code == a.id))
        .map(|a| {
            (
                a.id.as_str(),
                a.name.as_str(),
                plans.of(&a.id).unwrap_or(&empty),
            )
        })
        .collect();
    rows.sort_by(|a, b| b.2.cost_usd().total_cmp(&a.2.cost_usd()).then(a.0.cmp(b.0)));
    let met = lang.term(Term::Met);
    for (code, name, p) in &rows {
        let standing: Vec<&str> = keys
            .iter()
            .map(|(key, _)| {
                gaps.iter()
                    .find(|g| g.target_key == *key && g.code == *code)
                    .map_or(met, |g| with_plans(lang, g.met_with_plans))
            })
            .collect();
        let _ = writeln!(
            s,
            "| {name} ({code}) | {} | {} | {} | {} | {}",
            lang.count(p.sites()),
            km(lang, p.fibre_m),
            lang.number(p.households_gained(), 0),
            usd(lang, p.cost_usd()),
            standing
                .iter()
                .map(|x| format!("{x} |"))
                .collect::<String>()
        );
    }
    // Rows naming a code that is not a commune of the run still count.
    let t = plans.total();
    let _ = writeln!(
        s,
        "| **{}** | **{}** | **{}** | **{}** | **{}** |{}",
        capital(lang.term(Term::Total)),
        lang.count(t.sites()),
        km(lang, t.fibre_m),
        lang.number(t.households_gained(), 0),
        usd(lang, t.cost_usd()),
        " |".repeat(keys.len())
    );
}

/// What a commune's plan for a target's network is, in `lang`: "3 new
/// sites, 2,100 households gained" or "25.3 km of fibre, 1,204 households
/// gained".
fn plan_words(lang: Lang, p: &NetworkPlan) -> String {
    let what = if p.sites > 0 {
        format!("{} {}", lang.count(p.sites), lang.term(Term::NewSites))
    } else {
        format!(
            "{} {}",
            lang.number(p.fibre_m / 1000.0, 1),
            lang.term(Term::FibreKm)
        )
    };
    format!(
        "{what}; {} {}",
        lang.term(Term::HouseholdsGained),
        lang.number(p.households, 0)
    )
}

/// Per target, the communes missing it, largest gap first.
fn per_target_sections(s: &mut String, lang: Lang, r: &RunResult, gaps: &[Gap], with: bool) {
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
            "\n## {}\n",
            fill(
                lang.term(Term::TargetHeading),
                &[
                    (
                        "target",
                        words::target_name(lang, &first.target_key, &first.target_description)
                    ),
                    (
                        "goal",
                        fill(
                            lang.term(Term::TargetShare),
                            &[("p", words::pct(lang, first.target))]
                        )
                    ),
                    ("n", lang.count(rows.len() as u64)),
                    ("gap", words::counted(lang, total, &first.gap_unit)),
                ]
            )
        );
        let missing = if first.gap_unit == "persons" {
            Term::PersonsMissing
        } else {
            Term::HouseholdsMissing
        };
        let mut head = vec![
            "#".to_string(),
            capital(lang.term(Term::Commune)),
            capital(&words::parent_label(
                lang,
                parent,
                r.scenario.areas.parent_label.as_deref(),
            )),
            capital(lang.term(Term::Now)),
            capital(lang.term(missing)),
        ];
        if with {
            head.push(capital(lang.term(Term::WhatItTakes)));
            head.push(capital(lang.term(Term::CostUsd)));
            head.push(capital(lang.term(Term::Status)));
        }
        let _ = writeln!(s, "| {} |", head.join(" | "));
        let _ = writeln!(
            s,
            "|---:|---|---|---:|---:|{}",
            if with { "---|---:|---|" } else { "" }
        );
        for (i, g) in rows.iter().enumerate() {
            let _ = write!(
                s,
                "| {} | {} ({}) | {} | {} | {} |",
                i + 1,
                g.name,
                g.code,
                g.parent.as_deref().unwrap_or(""),
                g.share.map_or("–".into(), |v| words::pct(lang, v)),
                lang.count(g.gap),
            );
            if with {
                let (what, cost) = match &g.plan {
                    Some(p) => (plan_words(lang, p), usd(lang, p.cost_usd)),
                    None => ("–".into(), "–".into()),
                };
                let _ = write!(
                    s,
                    " {what} | {cost} | {} |",
                    with_plans(lang, g.met_with_plans)
                );
            }
            let _ = writeln!(s);
        }
    }
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
