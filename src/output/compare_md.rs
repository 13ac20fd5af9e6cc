//! `compare.md`: the comparison of two runs for people, in the scenario's
//! language (`[outputs] language`, `--lang`); English is the default.

use std::fmt::Write as _;

use crate::compare::runs::{CommuneChange, Comparison};
use crate::lang::{fill, Lang, Term};
use crate::output::numbers::thousands_narrow_space;
use crate::output::words::{counted, parent_label, target_name};

/// A count: narrow no-break spaces in English (a comma could read as a
/// decimal point), the language's grouping otherwise.
pub(crate) fn num(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => thousands_narrow_space(n),
        _ => lang.count(n),
    }
}

fn pct(lang: Lang, v: f64) -> String {
    lang.percent(v, 1)
}

/// A signed count: "+12", "−3", "0".
pub(crate) fn signed(lang: Lang, v: i64) -> String {
    if v > 0 {
        format!("+{}", num(lang, v as u64))
    } else if v < 0 {
        format!("\u{2212}{}", num(lang, v.unsigned_abs()))
    } else {
        "0".into()
    }
}

/// "met" / "not met".
pub(crate) fn met(lang: Lang, m: bool) -> &'static str {
    lang.term(if m { Term::Met } else { Term::NotMet })
}

/// The change of a count, signed.
fn delta(lang: Lang, x: u64, y: u64) -> String {
    signed(lang, y as i64 - x as i64)
}

/// The Markdown report: the province's targets before → after, households
/// newly served per technology, communes newly meeting each target and
/// newly reached, and the communes that change most.
pub fn markdown(c: &Comparison, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}: {} → {}\n", c.province, c.base, c.scenario);
    let intro = fill(
        lang.term(Term::CompareIntro),
        &[
            ("base", c.base.clone()),
            ("scenario", c.scenario.clone()),
            ("n", c.communes.len().to_string()),
        ],
    );
    let _ = writeln!(s, "{intro}\n");
    targets_section(&mut s, lang, c);
    served_section(&mut s, lang, c);
    communes_section(&mut s, lang, c);
    most_changed_section(&mut s, lang, c);
    let _ = writeln!(s, "\n{}", lang.term(Term::CompareFiles));
    s
}

/// A table row of Markdown cells.
fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// Table headers from glossary terms.
fn header(lang: Lang, terms: &[Term]) -> Vec<String> {
    terms.iter().map(|&t| lang.term(t).to_string()).collect()
}

/// The province's targets before → after.
fn targets_section(s: &mut String, lang: Lang, c: &Comparison) {
    let _ = writeln!(s, "## {}\n", lang.term(Term::ProvinceTargetsHeading));
    let head = header(
        lang,
        &[
            Term::Target,
            Term::Goal,
            Term::Before,
            Term::After,
            Term::Change,
            Term::BeforeToAfter,
            Term::GapAfter,
            Term::CommunesMeetingIt,
        ],
    );
    let _ = writeln!(s, "{}", row(&head));
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---|---:|---:|");
    for t in &c.target_changes {
        let change = if t.before.is_nan() {
            "–".to_string()
        } else {
            let d = 100.0 * (t.after - t.before);
            let n = match lang {
                Lang::En => format!("{d:+.2}"),
                _ if d >= 0.0 => format!("+{}", lang.number(d, 2)),
                _ => lang.number(d, 2),
            };
            fill(lang.term(Term::Points), &[("n", n)])
        };
        let arrow = if t.met_before == t.met_after {
            met(lang, t.met_after).to_string()
        } else {
            format!(
                "**{} → {}**",
                met(lang, t.met_before),
                met(lang, t.met_after)
            )
        };
        let meeting = match (t.communes_meeting_before, t.communes_meeting_after) {
            (Some(b), Some(a)) => format!("{b} → {a}"),
            (None, Some(a)) => a.to_string(),
            _ => "–".into(),
        };
        let gap = match lang {
            Lang::En => format!("{} {}", thousands_narrow_space(t.gap_after), t.gap_unit),
            _ => counted(lang, t.gap_after, &t.gap_unit),
        };
        let name = match lang {
            Lang::En => t.description.clone(),
            _ => target_name(lang, &t.key, &t.description),
        };
        let cells = [
            name,
            pct(lang, t.target),
            pct(lang, t.before),
            pct(lang, t.after),
            change,
            arrow,
            gap,
            meeting,
        ];
        let _ = writeln!(s, "{}", row(&cells));
    }
}

/// Households newly served per technology, and gained and lost.
fn served_section(s: &mut String, lang: Lang, c: &Comparison) {
    let (b, a) = (&c.province_before, &c.province_after);
    let _ = writeln!(s, "\n## {}\n", lang.term(Term::HouseholdsNewlyServed));
    let head = header(
        lang,
        &[Term::Technology, Term::Before, Term::After, Term::Change],
    );
    let _ = writeln!(s, "{}", row(&head));
    let _ = writeln!(s, "|---|---:|---:|---:|");
    for (label, x, y) in [
        (
            lang.term(Term::FibreDemandHouseholds),
            b.fibre_served,
            a.fibre_served,
        ),
        ("4G", b.covered_4g, a.covered_4g),
        ("5G", b.covered_5g, a.covered_5g),
    ] {
        let cells = [
            label.to_string(),
            num(lang, x),
            num(lang, y),
            delta(lang, x, y),
        ];
        let _ = writeln!(s, "{}", row(&cells));
    }
    let gained: u64 = c.communes.iter().map(|x| x.households_gained).sum();
    let lost: u64 = c.communes.iter().map(|x| x.households_lost).sum();
    let note = if c.per_household {
        ""
    } else {
        lang.term(Term::GainedLostBounds)
    };
    let text = fill(
        lang.term(Term::GainedAndLost),
        &[
            ("gained", num(lang, gained)),
            ("lost", num(lang, lost)),
            ("note", note.to_string()),
        ],
    );
    let _ = writeln!(s, "\n{text}");
}

/// Communes newly reached by fibre and newly meeting each households
/// target.
fn communes_section(s: &mut String, lang: Lang, c: &Comparison) {
    let _ = writeln!(s, "\n## {}\n", lang.term(Term::CommunesHeading));
    let newly_reached: Vec<&str> = c
        .communes
        .iter()
        .filter(|x| x.reached_after && !x.reached_before)
        .map(|x| x.name.as_str())
        .collect();
    let no_longer: usize = c
        .communes
        .iter()
        .filter(|x| !x.reached_after && x.reached_before)
        .count();
    let _ = writeln!(
        s,
        "- {}: {}{}",
        lang.term(Term::NewlyReached),
        newly_reached.len(),
        list(lang, &newly_reached)
    );
    if no_longer > 0 {
        let _ = writeln!(s, "- {}: {no_longer}", lang.term(Term::NoLongerReached));
    }
    for g in c.commune_goals() {
        let mut newly = Vec::new();
        let mut lost = 0;
        for x in &c.communes {
            let (mb, ma) = (g.meets(&x.tally_before()), g.meets(&x.tally_after()));
            if ma && !mb {
                newly.push(x.name.as_str());
            }
            if mb && !ma {
                lost += 1;
            }
        }
        let (mb, ma) = c.communes_meeting(&g);
        let name = match lang {
            Lang::En => g.target.label.to_string(),
            _ => target_name(lang, g.target.key, g.target.description),
        };
        let line = fill(
            lang.term(Term::MeetingTargetChange),
            &[
                ("target", name),
                ("p", pct(lang, g.share)),
                ("before", mb.to_string()),
                ("after", ma.to_string()),
                ("n", newly.len().to_string()),
            ],
        );
        let lost = if lost > 0 {
            format!(
                "; {}",
                fill(lang.term(Term::NoLongerCount), &[("n", lost.to_string())])
            )
        } else {
            String::new()
        };
        let _ = writeln!(s, "- {line}{}{lost}", list(lang, &newly));
    }
}

/// The 20 communes whose net change is largest.
fn most_changed_section(s: &mut String, lang: Lang, c: &Comparison) {
    let mut ranked: Vec<_> = c
        .communes
        .iter()
        .filter(|x| x.households_gained + x.households_lost > 0)
        .collect();
    ranked.sort_by(|x, y| {
        let n = |c: &&CommuneChange| (c.households_gained as i64 - c.households_lost as i64).abs();
        n(y).cmp(&n(x)).then(x.code.cmp(&y.code))
    });
    if ranked.is_empty() {
        let _ = writeln!(s, "\n{}", lang.term(Term::NoCommuneChanges));
        return;
    }
    let _ = writeln!(s, "\n## {}\n", lang.term(Term::CommunesChangingMost));
    let parent = match (lang, c.parent_field.as_deref()) {
        (Lang::En, p) => p.unwrap_or("parent").to_string(),
        (_, p) => parent_label(lang, p, c.parent_label.as_deref()),
    };
    let mut head = header(lang, &[Term::Commune, Term::Code]);
    head.push(parent);
    head.extend(header(lang, &[Term::Fibre]));
    head.extend(["4G".to_string(), "5G".to_string()]);
    head.extend(header(lang, &[Term::HouseholdsGained, Term::Lost]));
    let _ = writeln!(s, "{}", row(&head));
    let _ = writeln!(s, "|---|---|---|---:|---:|---:|---:|---:|");
    for x in ranked.iter().take(20) {
        let cells = [
            x.name.clone(),
            x.code.clone(),
            x.parent.clone().unwrap_or_default(),
            delta(lang, x.before.fibre_served, x.after.fibre_served),
            delta(lang, x.before.covered_4g, x.after.covered_4g),
            delta(lang, x.before.covered_5g, x.after.covered_5g),
            num(lang, x.households_gained),
            num(lang, x.households_lost),
        ];
        let _ = writeln!(s, "{}", row(&cells));
    }
}

/// " (A, B, … (3 more))": up to 12 names.
fn list(lang: Lang, names: &[&str]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = names.iter().take(12).copied().collect();
    let more = if names.len() > shown.len() {
        let n = (names.len() - shown.len()).to_string();
        format!(", {}", fill(lang.term(Term::MoreNames), &[("n", n)]))
    } else {
        String::new()
    };
    format!(" ({}{more})", shown.join(", "))
}
