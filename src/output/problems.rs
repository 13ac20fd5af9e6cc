//! The data problems of a run for people: one line per kind with the exact
//! count and a few examples (the console, `summary.md`, `summary.json`'s
//! warnings), and the full list in `problems.csv`.

use std::path::Path;

use crate::check::groups::ProblemGroup;
use crate::check::{Finding, Kind, Report, Severity};
use crate::lang::{fill, Lang, Term};
use crate::output::atomic::write_atomic;
use crate::Result;

/// The glossary's phrase for `n` problems of `kind`.
fn kind_phrase(lang: Lang, kind: Kind, n: usize) -> String {
    let term = match kind {
        Kind::UnreadableLayer => Term::KindUnreadableLayer,
        Kind::InvalidValue => Term::KindInvalidValue,
        Kind::CoordinateOutOfRange => Term::KindCoordinateOutOfRange,
        Kind::InvalidPolygon => Term::KindInvalidPolygon,
        Kind::Overlap => Term::KindOverlap,
        Kind::Gap => Term::KindGap,
        Kind::DuplicateId => Term::KindDuplicateId,
        Kind::OutsideCommunes => Term::KindOutsideCommunes,
        Kind::FarOutside => Term::KindFarOutside,
        Kind::ImplausibleSite => Term::KindImplausibleSite,
        Kind::SitePositionConflict => Term::KindSitePositionConflict,
        Kind::ZeroLengthFibre => Term::KindZeroLengthFibre,
        Kind::CrsMismatch => Term::KindCrsMismatch,
        Kind::Snapped => Term::KindSnapped,
        Kind::ExtentTooLarge => Term::KindExtentTooLarge,
        Kind::FarFromNetwork => Term::KindFarFromNetwork,
        Kind::NetworkUnreachable => Term::KindNetworkUnreachable,
        Kind::WrongGeometryType => Term::KindWrongGeometryType,
    };
    fill(lang.term(term), &[("n", lang.count(n as u64))])
}

/// "error" / "warning" in `lang`.
pub fn severity_word(lang: Lang, s: Severity) -> &'static str {
    match s {
        Severity::Error => lang.term(Term::Error),
        _ => lang.term(Term::Warning),
    }
}

/// Where a finding is: `file: location`, or the location alone when the
/// previous example was in the same file.
fn example(lang: Lang, f: &Finding, previous: Option<&Finding>) -> String {
    let file = f.file.file_name().map_or_else(
        || f.file.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    let same_file = previous.is_some_and(|p| p.file == f.file);
    let location = location_words(lang, &f.location);
    match (f.location.is_empty(), same_file) {
        (true, _) => file,
        (false, true) => location,
        (false, false) => format!("{file}: {location}"),
    }
}

/// A location ("line 12", "feature 3 (code 32003)") in `lang`: the
/// readers write it in English; its first word is translated.
fn location_words(lang: Lang, location: &str) -> String {
    for (en, term) in [("line ", Term::LineWord), ("feature ", Term::FeatureWord)] {
        if let Some(rest) = location.strip_prefix(en) {
            return format!("{} {rest}", lang.term(term));
        }
    }
    location.to_string()
}

/// One line for a group: severity, the exact count and what it is, the
/// kind's key, and up to three examples.
///
/// ```
/// use phusong::check::{Collector, Kind};
/// use phusong::config::CheckParams;
/// use phusong::lang::Lang;
/// use phusong::output::problems::group_line;
/// let params = CheckParams::default();
/// let mut c = Collector::new(&params);
/// for i in 0..300 {
///     c.add(Kind::OutsideCommunes, "data/h.csv", format!("line {}", i + 2), "in no commune");
/// }
/// let g = &c.finish().groups()[0];
/// assert_eq!(
///     group_line(Lang::En, g),
///     "warning: 300 households in no commune (counted as unassigned) [outside-communes]; e.g. h.csv: line 2; line 3; line 4"
/// );
/// ```
pub fn group_line(lang: Lang, g: &ProblemGroup) -> String {
    let mut line = format!(
        "{}: {} [{}]",
        severity_word(lang, g.severity),
        kind_phrase(lang, g.kind, g.count),
        g.kind
    );
    let examples: Vec<String> = g
        .examples
        .iter()
        .enumerate()
        .map(|(i, f)| example(lang, f, i.checked_sub(1).map(|j| &g.examples[j])))
        .collect();
    if g.count == 1 && g.examples.len() == 1 {
        // One problem: say it whole.
        let f = &g.examples[0];
        line.push_str(&format!("; {}: {}", examples[0], f.message));
    } else if !examples.is_empty() {
        line.push_str(&format!(
            "; {} {}",
            lang.term(Term::ForExample),
            examples.join("; ")
        ));
    }
    line
}

/// One line per group (see [`group_line`]).
pub fn group_lines(lang: Lang, report: &Report) -> Vec<String> {
    report
        .groups()
        .iter()
        .map(|g| group_line(lang, g))
        .collect()
}

/// Write every finding of `report` to `path` as CSV: `severity`, `kind`,
/// `file`, `location`, `message` (English keys and values; one row per
/// problem, however many).
pub fn write_problems_csv(path: &Path, report: &Report) -> Result<()> {
    write_atomic(path, |w| {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["severity", "kind", "file", "location", "message"])
            .map_err(std::io::Error::other)?;
        for f in &report.findings {
            c.write_record([
                f.severity.to_string(),
                f.kind.to_string(),
                f.file.display().to_string(),
                f.location.clone(),
                f.message.clone(),
            ])
            .map_err(std::io::Error::other)?;
        }
        c.flush()
    })
}
