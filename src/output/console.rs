//! What `phusong run` prints on the console when it is done.

use std::path::Path;

use crate::engine::RunResult;
use crate::lang::{fill, Term};
use crate::output::{problems, words};

/// What `run` prints: the province, each target, one line per kind of data
/// problem (exact counts, a few examples; the full list is in
/// `problems.csv`), the run's own warnings, and where the files went.
pub fn run_summary(r: &RunResult, out: &Path, files: usize) -> Vec<String> {
    let lang = r.scenario.outputs.language;
    let s = &r.summary;
    let p = &s.province_figures;
    let mut lines = vec![fill(
        lang.term(Term::ConsoleProvince),
        &[
            ("province", s.province.clone()),
            ("n", lang.count(p.households_total)),
            ("u", lang.count(p.unassigned)),
            ("c", lang.count(p.communes)),
        ],
    )];
    let width = s
        .targets
        .iter()
        .map(|t| {
            words::target_name(lang, &t.key, &t.description)
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0);
    for t in &s.targets {
        let name = words::target_name(lang, &t.key, &t.description);
        let pad = " ".repeat(width - name.chars().count());
        lines.push(format!(
            "  {name}{pad}  {:>6} ({} {:>6})  {}",
            words::pct(lang, t.value),
            lang.term(Term::Target),
            words::pct(lang, t.target),
            words::status(lang, t)
        ));
    }
    let groups = problems::group_lines(lang, &r.problems);
    let own = s.warnings.len().saturating_sub(groups.len());
    lines.extend(groups);
    let warning = lang.term(Term::Warning);
    lines.extend(
        s.warnings
            .iter()
            .skip(s.warnings.len() - own)
            .map(|w| format!("{warning}: {w}")),
    );
    if !r.problems.findings.is_empty() {
        lines.push(fill(
            lang.term(Term::FullListIn),
            &[("file", out.join("problems.csv").display().to_string())],
        ));
    }
    lines.push(fill(
        lang.term(Term::WroteFiles),
        &[("n", files.to_string()), ("dir", out.display().to_string())],
    ));
    lines
}
