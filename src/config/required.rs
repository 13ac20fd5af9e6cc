//! The keys a scenario must have, checked on its TOML (bases merged in)
//! before it is read, so that a missing one is reported at its table:
//! `[layers] is missing required key "households"` rather than at the line
//! where serde happened to notice.

use toml::{Table, Value};

/// `(table, key, example)`: `table` must have `key` when the table is there
/// (`[layers]` always is).
const REQUIRED: &[(&str, &str, &str)] = &[
    ("layers", "areas", "areas = \"communes.geojson\""),
    ("layers", "households", "households = \"households.csv\""),
    ("indicators", "table", "table = \"indicators.csv\""),
];

/// The first required key `table` lacks, as a message for people; `None`
/// when every required key is there.
///
/// ```
/// use phusong::config::required::missing_key;
/// let t: toml::Table = toml::from_str("[layers]\nareas = \"a.geojson\"\n").unwrap();
/// assert_eq!(
///     missing_key(&t).unwrap(),
///     "[layers] is missing required key \"households\" (e.g. households = \"households.csv\")"
/// );
/// ```
pub fn missing_key(table: &Table) -> Option<String> {
    if !table.contains_key("layers") {
        return Some(
            "the scenario has no [layers] table: add one with at least areas = \"…\" and \
             households = \"…\""
                .into(),
        );
    }
    for (name, key, example) in REQUIRED {
        if let Some(Value::Table(t)) = table.get(*name) {
            if !t.contains_key(*key) {
                return Some(format!(
                    "[{name}] is missing required key \"{key}\" (e.g. {example})"
                ));
            }
        }
    }
    let targets = table
        .get("indicators")
        .and_then(|i| i.get("targets"))
        .and_then(Value::as_table);
    for (name, t) in targets.into_iter().flatten() {
        if let Value::Table(t) = t {
            if !t.contains_key("target") {
                return Some(format!(
                    "[indicators.targets.{name}] is missing required key \"target\" \
                     (e.g. {name} = {{ target = 0.5, description = \"…\" }})"
                ));
            }
        }
    }
    None
}
