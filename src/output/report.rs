//! `summary.json` and `summary.md`: the province against each target, the
//! communes furthest from the fibre target, parameters and inputs.

use std::fmt::Write as _;
use std::path::Path;

use crate::aggregate::targets::{Goal, Tally, FIBRE_HOUSEHOLDS};
use crate::aggregate::TargetCheck;
use crate::engine::{ProvinceFigures, RunResult};
use crate::lang::{fill, Lang, Term};
use crate::output::atomic::write_bytes_atomic;
use crate::output::problems;
use crate::output::words::{self, capital};
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

/// The Markdown report for people, in the scenario's `[outputs] language`:
/// the province against each target, the province's figures, the communes
/// furthest from the fibre target, the data problems one line per kind
/// (the full list is `problems.csv`), the inputs, and the main parameters
/// as a short table.
pub fn summary_markdown(r: &RunResult) -> Result<String> {
    let lang = r.scenario.outputs.language;
    let s = &r.summary;
    let mut m = String::new();
    let _ = writeln!(
        m,
        "# {}\n",
        fill(
            lang.term(Term::CoverageAgainstTargets),
            &[("province", s.province.clone())]
        )
    );
    let description = if s.description.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.description)
    };
    let _ = writeln!(
        m,
        "{}\n",
        fill(
            lang.term(Term::ScenarioLine),
            &[
                ("scenario", format!("**{}**", s.scenario)),
                ("description", description),
                ("date", lang.date(&s.run_at)),
                ("version", s.phusong_version.clone()),
            ]
        )
    );
    let _ = writeln!(m, "{}\n", words::fibre_rule(lang, &r.scenario));
    targets_section(&mut m, lang, &s.targets);
    province_section(&mut m, lang, &s.province_figures);
    below_fibre_section(&mut m, lang, r);
    let groups = problems::group_lines(lang, &r.problems);
    let own = s.warnings.len().saturating_sub(groups.len());
    if !s.warnings.is_empty() {
        let _ = writeln!(m, "\n## {}\n", lang.term(Term::WarningsHeading));
        for w in groups {
            let _ = writeln!(m, "- {w}");
        }
        for w in s.warnings.iter().skip(s.warnings.len() - own) {
            let _ = writeln!(m, "- {w}");
        }
        if !r.problems.findings.is_empty() {
            let _ = writeln!(
                m,
                "\n{}",
                fill(
                    lang.term(Term::FullListIn),
                    &[("file", "`problems.csv`".into())]
                )
            );
        }
    }
    let _ = writeln!(m, "\n## {}\n", lang.term(Term::InputsHeading));
    let _ = writeln!(
        m,
        "| | {} | {} |\n|---|---|---:|",
        capital(lang.term(Term::File)),
        capital(lang.term(Term::ItemsRead))
    );
    for (k, i) in &s.inputs {
        let _ = writeln!(m, "| {k} | `{}` | {} |", i.path, lang.count(i.count as u64));
    }
    parameters_section(&mut m, lang, &s.parameters);
    Ok(m)
}

/// The province against each target.
fn targets_section(m: &mut String, lang: Lang, targets: &[TargetCheck]) {
    let _ = writeln!(m, "## {}\n", lang.term(Term::TargetsHeading));
    let head = [
        Term::Target,
        Term::Goal,
        Term::Now,
        Term::Status,
        Term::CommunesMissingIt,
    ]
    .map(|t| capital(lang.term(t)));
    let _ = writeln!(m, "| {} |", head.join(" | "));
    let _ = writeln!(m, "|---|---:|---:|---|---:|");
    for t in targets {
        let status = words::status(lang, t);
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |",
            words::target_name(lang, &t.key, &t.description),
            words::pct(lang, t.target),
            words::pct(lang, t.value),
            if t.met || t.undefined() {
                status
            } else {
                format!("**{status}**")
            },
            t.communes_missing
                .map(|c| lang.count(c))
                .unwrap_or_else(|| "—".into())
        );
    }
}

/// The province's figures.
fn province_section(m: &mut String, lang: Lang, p: &ProvinceFigures) {
    let _ = writeln!(m, "\n## {}\n", lang.term(Term::ProvinceHeading));
    let _ = writeln!(
        m,
        "| {} | {} |\n|---|---:|",
        capital(lang.term(Term::Figure)),
        capital(lang.term(Term::Value))
    );
    let with_share =
        |n: u64, share: f64| format!("{} ({})", lang.count(n), words::pct(lang, share));
    let rows = [
        (
            capital(lang.term(Term::HouseholdsRead)),
            lang.count(p.households_total),
        ),
        (
            capital(lang.term(Term::HouseholdsInACommune)),
            lang.count(p.households),
        ),
        (
            capital(lang.term(Term::Unassigned)),
            lang.count(p.unassigned),
        ),
        (
            capital(lang.term(Term::HouseholdsWithDemand)),
            lang.count(p.demand_households),
        ),
        (
            lang.term(Term::TargetFibreHouseholds).to_string(),
            with_share(p.fibre_served, p.fibre_share),
        ),
        (
            lang.term(Term::TargetFibreCommunes).to_string(),
            fill(
                lang.term(Term::OfTotal),
                &[
                    ("n", lang.count(p.communes_reached)),
                    ("m", lang.count(p.communes)),
                ],
            ),
        ),
        (
            lang.term(Term::TargetMobile4g).to_string(),
            with_share(p.covered_4g, p.share_4g),
        ),
        (
            lang.term(Term::TargetMobile5g).to_string(),
            with_share(p.covered_5g, p.share_5g),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(m, "| {k} | {v} |");
    }
    if p.persons > 0 {
        let _ = writeln!(
            m,
            "| {} | {} |",
            capital(lang.term(Term::Persons)),
            lang.count(p.persons)
        );
        let _ = writeln!(
            m,
            "| {} | {} / {} / {} |",
            capital(lang.term(Term::PersonsServed)),
            lang.count(p.persons_fibre),
            lang.count(p.persons_4g),
            lang.count(p.persons_5g)
        );
    }
}

/// The 30 communes furthest from the fibre households target.
fn below_fibre_section(m: &mut String, lang: Lang, r: &RunResult) {
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
        "\n## {}\n",
        fill(
            lang.term(Term::CommunesBelowFibreTarget),
            &[
                ("n", lang.count(rows.len() as u64)),
                ("m", lang.count(areas.len() as u64))
            ]
        )
    );
    if rows.is_empty() {
        return;
    }
    let head = [
        capital(lang.term(Term::Commune)),
        capital(lang.term(Term::Share)),
        capital(lang.term(Term::HouseholdsMissing)),
        capital(lang.term(Term::ReachedByFibre)),
    ];
    let _ = writeln!(m, "| {} |", head.join(" | "));
    let _ = writeln!(m, "|---|---:|---:|---|");
    for &(g, i) in rows.iter().take(30) {
        // Rounded to 6 decimals first, as in `communes.csv`.
        let share = (FIBRE_HOUSEHOLDS.share(&tally(i)) * 1e6).round() / 1e6;
        let reached = words::yes_no(lang, r.area_reached[i]);
        let _ = writeln!(
            m,
            "| {} ({}) | {} | {} | {} |",
            areas[i].name,
            areas[i].id,
            words::pct(lang, share),
            lang.count(g),
            if r.area_reached[i] {
                reached.to_string()
            } else {
                format!("**{reached}**")
            }
        );
    }
    if rows.len() > 30 {
        let _ = writeln!(
            m,
            "\n{}",
            fill(
                lang.term(Term::MoreInFile),
                &[
                    ("n", lang.count(rows.len() as u64 - 30)),
                    ("file", "`communes.csv`".into())
                ]
            )
        );
    }
}

/// The main parameters as a short table (the full set is in
/// `summary.json`), read leniently from the summary's parameters.
fn parameters_section(m: &mut String, lang: Lang, p: &serde_json::Value) {
    let _ = writeln!(m, "\n## {}\n", lang.term(Term::ParametersHeading));
    let _ = writeln!(
        m,
        "| {} | {} |\n|---|---|",
        capital(lang.term(Term::Parameter)),
        capital(lang.term(Term::Value))
    );
    let num = |v: &serde_json::Value, d: usize| v.as_f64().map(|x| lang.number(x, d));
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let mut row = |k: String, v: Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(m, "| {k} | {} |", v.replace('|', "\\|"));
        }
    };
    row(
        capital(lang.term(Term::Projection)),
        text(&p["projection"]["proj"]).map(|s| format!("`{s}`")),
    );
    row(
        capital(lang.term(Term::FibreDropM)),
        num(&p["fibre"]["drop_m"], 0),
    );
    // The rule the drop is measured by (the network rule names its join).
    let along = text(&p["fibre"]["distance"]).is_some_and(|d| d == "network");
    row(
        capital(lang.term(Term::FibreDistanceRule)),
        Some(if along {
            fill(
                lang.term(Term::FibreDistanceNetwork),
                &[(
                    "join",
                    num(&p["fibre"]["fibre_join_m"], 0).unwrap_or_default(),
                )],
            )
        } else {
            lang.term(Term::FibreDistanceStraight).to_string()
        }),
    );
    if let Some(mobile) = p["mobile"].as_object() {
        for (tech, t) in mobile {
            let tf = |term: Term| fill(lang.term(term), &[("tech", tech.clone())]);
            let model = match (text(&t["model"]), text(&t["propagation"]["kind"])) {
                (Some(m), Some(k)) => {
                    let cond = text(&t["propagation"]["condition"])
                        .map_or(String::new(), |c| format!(" {c}"));
                    Some(format!("{m} ({k}{cond})"))
                }
                (Some(m), None) => Some(m),
                _ => None,
            };
            row(tf(Term::MobileModel), model);
            let d = &t["site_defaults"];
            if let (Some(f), Some(pw), Some(h)) = (
                num(&d["freq_mhz"], 0),
                num(&d["tx_power_dbm"], 0),
                num(&d["height_m"], 0),
            ) {
                row(
                    tf(Term::MobileRadio),
                    Some(format!("{f} MHz, {pw} dBm, {h} m")),
                );
            }
            let th = &t["thresholds_dbm"];
            if let (Some(c), Some(g)) = (
                num(&th["covered_outdoor_dbm"], 0),
                num(&th["good_outdoor_dbm"], 0),
            ) {
                row(tf(Term::MobileThresholds), Some(format!("{c} / {g}")));
            }
            row(
                tf(Term::Reliability),
                t["reliability"].as_f64().map(|r| lang.percent_short(r)),
            );
            row(
                tf(Term::SectorsCount),
                t["sectors"].as_u64().map(|n| lang.count(n)),
            );
        }
    }
}

/// Write `summary.md`.
pub fn write_summary_md(path: &Path, r: &RunResult) -> Result<()> {
    write_bytes_atomic(path, summary_markdown(r)?.as_bytes())
}
