//! `plan.md` of `plan sites` and `plan fibre`: the plan for people, in the
//! scenario's language (`[outputs] language`, `--lang`); English is the
//! default. The numbers are those of the plan's CSV files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::aggregate::share;
use crate::lang::{fill, Lang, Term};
use crate::output::numbers::thousands;
use crate::plan::fibre::FibrePlan;
use crate::plan::sites::SitesPlan;
use crate::plan::{ExtensionKind as K, StopRule};

/// A count: commas in English, the language's grouping otherwise.
fn num(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => thousands(n),
        _ => lang.count(n),
    }
}

/// A share with two decimals: `12.34%` / `12,34%`.
fn pct(lang: Lang, x: f64) -> String {
    match lang {
        Lang::En => format!("{:.2}%", 100.0 * x),
        _ => lang.percent(x, 2),
    }
}

/// A number with `d` decimals, not grouped in English (as the plan has
/// always written it), grouped in the language's way otherwise.
fn dec(lang: Lang, x: f64, d: usize) -> String {
    match lang {
        Lang::En => format!("{x:.d$}"),
        _ => lang.number(x, d),
    }
}

/// Why the plan stopped, for people.
fn stop_words(lang: Lang, stop: StopRule) -> &'static str {
    lang.term(match stop {
        StopRule::Target => Term::StopTarget,
        StopRule::Exhausted => Term::StopExhausted,
        StopRule::Budget => Term::StopBudget,
        StopRule::MaxUsdPerHousehold => Term::StopMaxUsdPerHousehold,
        StopRule::MaxSites => Term::StopMaxSites,
    })
}

/// A column of a plan's table: its heading and whether it holds numbers
/// (right-aligned).
type Column = (Term, bool);

/// A Markdown table: the headings (glossary terms) and the alignment row,
/// then one line per row of cells; each line ends with a newline.
fn table(lang: Lang, columns: &[Column], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let head: Vec<&str> = columns.iter().map(|&(t, _)| lang.term(t)).collect();
    let align: Vec<&str> = columns
        .iter()
        .map(|&(_, number)| if number { "---:" } else { "---" })
        .collect();
    let mut s = format!("| {} |\n|{}|\n", head.join(" | "), align.join("|"));
    for row in rows {
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }
    s
}

/// A line of `plan.md` as plain text for the console: without the
/// Markdown emphasis (`**`).
///
/// ```
/// use phusong::output::plan_md::plain;
/// assert_eq!(plain("Dừng vì: **đạt mục tiêu**"), "Dừng vì: đạt mục tiêu");
/// ```
pub fn plain(line: &str) -> String {
    line.replace("**", "")
}

/// The bullet list at the head of a sites plan (also the console's
/// summary in languages other than English).
pub fn sites_facts(plan: &SitesPlan, lang: Lang) -> Vec<String> {
    let tech = plan.tech.label();
    let t = |term| lang.term(term);
    let counted = |c: u64| (num(lang, c), pct(lang, share(c, plan.households)));
    let (before, before_p) = counted(plan.covered_before);
    let (after, after_p) = counted(plan.covered_after());
    let mut lines = vec![
        fill(
            t(Term::HouseholdsInCommunes),
            &[("n", num(lang, plan.households))],
        ),
        fill(
            t(Term::CoveredBefore),
            &[("tech", tech.to_string()), ("n", before), ("p", before_p)],
        ),
        fill(t(Term::CoveredAfter), &[("n", after), ("p", after_p)]),
    ];
    let cut = matches!(plan.stop, StopRule::Budget | StopRule::MaxUsdPerHousehold);
    let target_line = match plan.target {
        Some(goal) => {
            let status = match (plan.target_met, cut) {
                (true, _) => t(Term::Met),
                (false, true) => t(Term::PlanNotMetCut),
                (false, false) => t(Term::PlanNotMetCandidates),
            };
            fill(
                t(Term::PlanTargetLine),
                &[
                    ("p", pct(lang, goal)),
                    ("n", num(lang, plan.needed)),
                    ("status", status.to_string()),
                ],
            )
        }
        None => fill(t(Term::NoTechTarget), &[("tech", tech.to_string())]),
    };
    lines.push(target_line);
    let rule = stop_words(lang, plan.stop).to_string();
    lines.push(fill(t(Term::StoppedBy), &[("rule", rule)]));
    let sites = fill(
        t(Term::NewSitesCost),
        &[
            ("n", plan.chosen.len().to_string()),
            ("usd", num(lang, plan.cost_usd().round() as u64)),
        ],
    );
    let candidates = fill(
        t(Term::CandidatesLine),
        &[
            ("n", plan.candidates.to_string()),
            ("source", plan.candidate_source.clone()),
            ("evals", plan.evaluations.to_string()),
        ],
    );
    lines.extend([sites, candidates]);
    lines
}

/// `plan.md` of a sites plan for the scenario `base_name`.
pub fn sites_markdown(plan: &SitesPlan, base_name: &str, lang: Lang) -> String {
    let tech = plan.tech.label();
    let mut s = String::new();
    let t = |term| lang.term(term);
    let title = fill(
        t(Term::SitePlanTitle),
        &[("tech", tech.to_string()), ("base", base_name.to_string())],
    );
    let _ = writeln!(s, "# {title}\n");
    if let Some(o) = &plan.operator {
        let _ = writeln!(
            s,
            "{}\n",
            fill(t(Term::ForOperator), &[("operator", o.clone())])
        );
    }
    let facts = sites_facts(plan, lang);
    let _ = writeln!(s, "- {}\n", facts.join("\n- "));
    let _ = writeln!(s, "{}\n", t(Term::GreedyNote));
    let columns = [
        (Term::Rank, true),
        (Term::Site, false),
        (Term::Commune, false),
        (Term::NewHouseholds, true),
        (Term::CoveredAfterColumn, true),
        (Term::Share, true),
        (Term::CostUsdColumn, true),
    ];
    let rows = plan.chosen.iter().map(|c| {
        vec![
            c.rank.to_string(),
            c.site_id.clone(),
            format!("{} {}", c.commune_code, c.commune_name),
            num(lang, c.gain_households),
            num(lang, c.cumulative_covered),
            pct(lang, c.province_share),
            num(lang, c.cost_usd.round() as u64),
        ]
    });
    s.push_str(&table(lang, &columns, rows));
    s
}

/// "road 1.234 km, canal 0.500 km" (kinds as in the network layer).
fn kinds_text(lang: Lang, m: &BTreeMap<String, f64>) -> String {
    let parts: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k} {} km", dec(lang, v / 1000.0, 3)))
        .collect();
    if parts.is_empty() {
        // As the English report has always written an empty list.
        return " km".into();
    }
    parts.join(", ")
}

/// `kind=km` pairs joined by `;` (as in `routes.csv`).
pub fn by_kind(m: &BTreeMap<String, f64>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k}={:.3}", v / 1000.0))
        .collect::<Vec<_>>()
        .join(";")
}

/// The bullet list at the head of a fibre plan (also the console's summary
/// in languages other than English).
pub fn fibre_facts(plan: &FibrePlan, lang: Lang) -> Vec<String> {
    let t = |term| lang.term(term);
    let count = |k: K| plan.extensions.iter().filter(|e| e.kind == k).count();
    let reached_before = plan.communes.iter().filter(|c| c.reached_before).count();
    let mut kinds: BTreeMap<String, f64> = Default::default();
    for r in &plan.routes {
        for (k, m) in &r.m_by_kind {
            *kinds.entry(k.clone()).or_default() += m;
        }
    }
    let n = |x: usize| x.to_string();
    vec![
        fill(
            t(Term::FibrePlanServed),
            &[
                ("before", num(lang, plan.served_before)),
                ("pb", pct(lang, share(plan.served_before, plan.demand))),
                ("after", num(lang, plan.served_after)),
                ("pa", pct(lang, share(plan.served_after, plan.demand))),
                ("t", pct(lang, plan.target_households)),
            ],
        ),
        fill(
            t(Term::FibrePlanCommunes),
            &[
                ("n", n(reached_before)),
                ("m", n(plan.communes.len())),
                ("before", plan.communes_meeting_before().to_string()),
                ("after", plan.communes_meeting_after().to_string()),
            ],
        ),
        fill(
            t(Term::FibrePlanStop),
            &[
                ("rule", stop_words(lang, plan.stop).to_string()),
                ("n", num(lang, plan.gap_households())),
            ],
        ),
        fill(
            t(Term::FibrePlanExtensions),
            &[
                ("n", n(plan.extensions.len())),
                ("a", n(count(K::ReachCommune))),
                ("b", n(count(K::Cluster))),
                ("c", n(count(K::Households))),
                ("km", dec(lang, plan.length_m() / 1000.0, 1)),
            ],
        ),
        fill(
            t(Term::FibrePlanRoutes),
            &[
                ("n", n(plan.routes.len())),
                ("lines", n(plan.routes.iter().map(|r| r.lines.len()).sum())),
                ("km", dec(lang, plan.route_length_m() / 1000.0, 1)),
                ("kinds", kinds_text(lang, &kinds)),
                (
                    "network",
                    if plan.on_network {
                        t(Term::AlongNetwork)
                    } else {
                        ""
                    }
                    .to_string(),
                ),
            ],
        ),
        fill(
            t(Term::FibrePlanCost),
            &[
                ("usd", num(lang, plan.cost_usd().round() as u64)),
                ("cable", num(lang, plan.cable_usd().round() as u64)),
                (
                    "drops",
                    num(lang, (plan.cost_usd() - plan.cable_usd()).round() as u64),
                ),
                (
                    "n",
                    num(lang, plan.routes.iter().map(|r| r.households_served).sum()),
                ),
                ("each", drop_usd(lang, plan.costs.drop_usd)),
            ],
        ),
    ]
}

/// The cost of one drop as the English report has always written it
/// (`{}` of the number), grouped in the language's way otherwise.
fn drop_usd(lang: Lang, v: f64) -> String {
    match lang {
        Lang::En => format!("{v}"),
        _ => lang.number(v, if v.fract() == 0.0 { 0 } else { 2 }),
    }
}

/// `plan.md` of a fibre plan for the scenario `base_name`.
pub fn fibre_markdown(plan: &FibrePlan, base_name: &str, lang: Lang) -> String {
    let t = |term| lang.term(term);
    let mut s = String::new();
    let title = fill(t(Term::FibrePlanTitle), &[("base", base_name.to_string())]);
    let _ = writeln!(s, "# {title}\n");
    let _ = writeln!(s, "- {}\n", fibre_facts(plan, lang).join("\n- "));
    let rule = if plan.on_network {
        t(Term::FibreRuleNetwork)
    } else {
        t(Term::FibreRuleStraight)
    };
    // The serving rule in force, as `phusong run` counts.
    let served = match plan.fibre_join_m {
        None => t(Term::FibreServedRule).to_string(),
        Some(join) => fill(
            t(Term::FibreServedRuleNetwork),
            &[
                ("m", dec(lang, plan.drop_m, 0)),
                ("join", dec(lang, join, 0)),
            ],
        ),
    };
    let _ = writeln!(s, "{rule} {served}\n");
    for w in &plan.warnings {
        let _ = writeln!(s, "- {}: {w}", t(Term::Warning));
    }
    let columns = [
        (Term::Rank, true),
        (Term::Commune, false),
        (Term::Lines, true),
        (Term::Km, true),
        (Term::ByKindKm, false),
        (Term::NewHouseholds, true),
        (Term::CostUsdColumn, true),
    ];
    let rows = plan.routes.iter().map(|r| {
        vec![
            r.rank.to_string(),
            format!("{} {}", r.commune_code, r.commune_name),
            r.lines.len().to_string(),
            dec(lang, r.length_m / 1000.0, 2),
            by_kind(&r.m_by_kind),
            num(lang, r.households_served),
            num(lang, r.cost_usd.round() as u64),
        ]
    });
    let _ = writeln!(s, "\n## {}\n", t(Term::RoutesHeading));
    s.push_str(&table(lang, &columns, rows));
    s
}
