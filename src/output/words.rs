//! Wording shared by the text outputs (console, `summary.md`, `gaps.md`,
//! `report.html`): the targets' names, gaps and statuses in the run's
//! language, from the [glossary](crate::lang::glossary).

use crate::aggregate::TargetCheck;
use crate::config::{FibreDistance, Scenario};
use crate::lang::{fill, Lang, Term};

/// A target's name for people: the glossary's wording of the network
/// targets, the scenario's own description of an indicator target.
///
/// ```
/// use phusong::lang::Lang;
/// use phusong::output::words::target_name;
/// assert_eq!(target_name(Lang::Vi, "mobile_4g_households", "Households covered by 4G"), "Hộ gia đình được phủ sóng 4G");
/// assert_eq!(target_name(Lang::Vi, "epayment_share", "E-payment"), "E-payment");
/// ```
pub fn target_name(lang: Lang, key: &str, description: &str) -> String {
    let term = match key {
        "fibre_households" => Term::TargetFibreHouseholds,
        "fibre_communes" => Term::TargetFibreCommunes,
        "mobile_4g_households" => Term::TargetMobile4g,
        "mobile_5g_households" => Term::TargetMobile5g,
        _ => {
            return operator_target_name(lang, key, description)
                .unwrap_or_else(|| description.to_string())
        }
    };
    lang.term(term).to_string()
}

/// The name of an operator target (`[[targets.operators]]`, key
/// `mobile_4g_households_<who>`) from the glossary. A named operator keeps
/// the spelling of the description the run wrote from the same glossary
/// term (the key has it in lowercase only); `None` for any other key.
///
/// ```
/// use phusong::lang::Lang;
/// use phusong::output::words::target_name;
/// let name = |key, d| target_name(Lang::Vi, key, d);
/// assert_eq!(name("mobile_4g_households_any_operator", "…"), "Hộ gia đình được phủ sóng 4G của ít nhất một nhà mạng");
/// assert_eq!(name("mobile_5g_households_viettel", "Households covered by 5G of Viettel"), "Hộ gia đình được phủ sóng 5G của Viettel");
/// ```
fn operator_target_name(lang: Lang, key: &str, description: &str) -> Option<String> {
    let (tech, who) = match key.strip_prefix("mobile_4g_households_") {
        Some(who) => ("4G", who),
        None => ("5G", key.strip_prefix("mobile_5g_households_")?),
    };
    let tech = ("tech", tech.to_string());
    Some(match who {
        "any_operator" => fill(lang.term(Term::TargetAnyOperator), &[tech]),
        "choice_of_operators" => fill(lang.term(Term::TargetChoiceOfOperators), &[tech]),
        _ => {
            let en = fill(Term::TargetOperatorNamed.en(), std::slice::from_ref(&tech));
            let (before, after) = en.split_once("{operator}")?;
            let name = description.strip_prefix(before)?.strip_suffix(after)?;
            fill(
                lang.term(Term::TargetOperatorNamed),
                &[tech, ("operator", name.to_string())],
            )
        }
    })
}

/// The fibre rule in force, one sentence: the straight rule (`drop_m`) or,
/// under `[fibre] distance = "network"`, access plus the way along the
/// network (`fibre_join_m`).
///
/// ```
/// use phusong::config::{FibreDistance, Scenario};
/// use phusong::lang::Lang;
/// use phusong::output::words::fibre_rule;
/// let mut s: Scenario = toml::from_str("[layers]\nareas = \"a.geojson\"\nhouseholds = \"h.csv\"\n").unwrap();
/// assert!(fibre_rule(Lang::En, &s).ends_with("within 150 m in a straight line."));
/// s.fibre.distance = FibreDistance::Network;
/// assert!(fibre_rule(Lang::Vi, &s).contains("trong phạm vi 30 m) không quá 150 m"));
/// ```
pub fn fibre_rule(lang: Lang, scenario: &Scenario) -> String {
    let m = ("m", lang.number(scenario.fibre.drop_m, 0));
    match scenario.fibre.distance {
        FibreDistance::Straight => fill(lang.term(Term::FibreRuleInForceStraight), &[m]),
        FibreDistance::Network => fill(
            lang.term(Term::FibreRuleInForceNetwork),
            &[m, ("join", lang.number(scenario.network.fibre_join_m, 0))],
        ),
    }
}

/// "{n} more households needed" in the unit of a gap (`households`,
/// `persons`, `communes`).
///
/// ```
/// use phusong::lang::Lang;
/// use phusong::output::words::gap_phrase;
/// assert_eq!(gap_phrase(Lang::Vi, 1298, "persons"), "còn thiếu 1.298 người");
/// assert_eq!(gap_phrase(Lang::En, 9, "communes"), "9 more communes needed");
/// ```
pub fn gap_phrase(lang: Lang, gap: u64, unit: &str) -> String {
    let term = match unit {
        "persons" => Term::GapPersons,
        "communes" => Term::GapCommunes,
        _ => Term::GapHouseholds,
    };
    fill(lang.term(term), &[("n", lang.count(gap))])
}

/// A count in the unit of a gap: "1,298 persons", "35.641 hộ".
pub fn counted(lang: Lang, n: u64, unit: &str) -> String {
    match unit {
        "persons" => fill(lang.term(Term::PersonsCount), &[("n", lang.count(n))]),
        "communes" => format!("{} {}", lang.count(n), lang.term(Term::Communes)),
        _ => fill(lang.term(Term::HouseholdCount), &[("n", lang.count(n))]),
    }
}

/// "met" / "not met: 35,641 more households needed".
pub fn status(lang: Lang, t: &TargetCheck) -> String {
    if t.status == crate::aggregate::targets::NOT_EVALUATED {
        not_evaluated(lang, &t.key)
    } else if t.undefined() {
        lang.term(Term::NoDemandHouseholds).to_string()
    } else if t.met {
        lang.term(Term::Met).to_string()
    } else if t.gap == 0 {
        lang.term(Term::NotMet).to_string()
    } else {
        format!(
            "{}: {}",
            lang.term(Term::NotMet),
            gap_phrase(lang, t.gap, &t.gap_unit)
        )
    }
}

/// A share as a percentage with one decimal, `–` when not a number.
pub fn pct(lang: Lang, share: f64) -> String {
    lang.percent(share, 1)
}

/// "yes" / "no".
pub fn yes_no(lang: Lang, b: bool) -> &'static str {
    lang.term(if b { Term::Yes } else { Term::No })
}

/// A term with its first letter in upper case (table headers, headings).
pub fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What people call the parent level of the communes: the scenario's
/// `[areas] parent_label` when it gives one, else the glossary's word for a
/// known `parent_field` (`district`, `huyen` → district / huyện;
/// `old_province`, `province`, `tinh` → old province / tỉnh cũ), else the
/// field's name with spaces for underscores; without a parent field, the
/// glossary's "parent area".
///
/// ```
/// use phusong::lang::Lang;
/// use phusong::output::words::parent_label;
/// assert_eq!(parent_label(Lang::Vi, Some("old_province"), None), "tỉnh cũ");
/// assert_eq!(parent_label(Lang::En, Some("district"), None), "district");
/// assert_eq!(parent_label(Lang::Vi, Some("district"), Some("quận")), "quận");
/// assert_eq!(parent_label(Lang::En, Some("zone_name"), None), "zone name");
/// ```
pub fn parent_label(lang: Lang, parent_field: Option<&str>, configured: Option<&str>) -> String {
    if let Some(l) = configured.map(str::trim).filter(|l| !l.is_empty()) {
        return l.to_string();
    }
    let Some(field) = parent_field else {
        return lang.term(Term::ParentArea).to_string();
    };
    let key: String = field
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    match key.as_str() {
        "district" | "districts" | "huyen" | "huyện" | "old_district" => {
            lang.term(Term::District).to_string()
        }
        "old_province" | "province" | "provinces" | "tinh" | "tỉnh" | "tinh_cu" | "tỉnh_cũ" => {
            lang.term(Term::OldProvince).to_string()
        }
        _ => field.trim().replace('_', " "),
    }
}

/// "not evaluated (no sites layer)": the status of a target the scenario
/// has no layer for.
///
/// ```
/// use phusong::lang::Lang;
/// use phusong::output::words::not_evaluated;
/// assert_eq!(not_evaluated(Lang::Vi, "mobile_4g_households"), "chưa đánh giá (không có lớp trạm phát sóng)");
/// ```
pub fn not_evaluated(lang: Lang, key: &str) -> String {
    let why = if key.starts_with("fibre") {
        Term::NoFibreLayer
    } else {
        Term::NoSitesLayer
    };
    format!("{} ({})", lang.term(Term::NotEvaluated), lang.term(why))
}
