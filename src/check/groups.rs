//! The problems of a [`Report`] grouped by kind and severity, with exact
//! counts and a few examples: what the console and `summary.md` show
//! instead of one line per problem (the full list goes to `problems.csv`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{Finding, Kind, Report, Severity};

/// How many examples a group keeps.
pub const EXAMPLES: usize = 3;

/// The findings of one kind and severity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemGroup {
    /// The kind.
    pub kind: Kind,
    /// Error or warning.
    pub severity: Severity,
    /// How many findings, exactly.
    pub count: usize,
    /// The files they are in, in order of first appearance.
    pub files: Vec<PathBuf>,
    /// The first [`EXAMPLES`] findings, in report order.
    pub examples: Vec<Finding>,
}

impl Report {
    /// The findings grouped by (kind, severity), errors first, then in the
    /// order of [`Kind::ALL`].
    ///
    /// ```
    /// use phusong::check::{Collector, Kind};
    /// use phusong::config::CheckParams;
    /// let params = CheckParams::default();
    /// let mut c = Collector::new(&params);
    /// for i in 0..300 {
    ///     c.add(Kind::OutsideCommunes, "h.csv", format!("line {}", i + 2), "in no commune");
    /// }
    /// let groups = c.finish().groups();
    /// assert_eq!((groups.len(), groups[0].count, groups[0].examples.len()), (1, 300, 3));
    /// ```
    pub fn groups(&self) -> Vec<ProblemGroup> {
        let mut by: BTreeMap<(Severity, usize), ProblemGroup> = BTreeMap::new();
        for f in &self.findings {
            let rank = Kind::ALL.iter().position(|k| *k == f.kind).unwrap_or(0);
            let g = by
                .entry((f.severity, rank))
                .or_insert_with(|| ProblemGroup {
                    kind: f.kind,
                    severity: f.severity,
                    count: 0,
                    files: Vec::new(),
                    examples: Vec::new(),
                });
            g.count += 1;
            if !g.files.contains(&f.file) {
                g.files.push(f.file.clone());
            }
            if g.examples.len() < EXAMPLES {
                g.examples.push(f.clone());
            }
        }
        by.into_values().collect()
    }

    /// The findings the console lists one by one: at most `max_listed` per
    /// kind and file (0 means no limit), in report order.
    pub fn listed(&self) -> impl Iterator<Item = &Finding> {
        let mut seen: BTreeMap<(Kind, &PathBuf), usize> = BTreeMap::new();
        let max = self.max_listed;
        self.findings.iter().filter(move |f| {
            let n = seen.entry((f.kind, &f.file)).or_insert(0);
            *n += 1;
            max == 0 || *n <= max
        })
    }

    /// Errors and warnings, exactly.
    pub fn totals(&self) -> (usize, usize) {
        (self.errors().count(), self.warnings().count())
    }
}
