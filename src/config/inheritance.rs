//! Scenario inheritance: a scenario may name a `base` scenario and change
//! it. Everything is inherited; the child's tables override the base key by
//! key (a deep merge of TOML tables: arrays and scalars replace), except
//!
//! - `name` and `description`, which are never inherited (a child writes its
//!   results to `outputs/<its own name>/`, by default its file name);
//! - `[add]` and `[remove]`, whose lists accumulate along the chain;
//! - a table that chooses another `model` (`[mobile.4G] model =
//!   "fixed-radius"` over a link budget, `[mobile.4G.radio] model = { kind =
//!   "hata", … }`): the model's table replaces the base's.
//!
//! Relative paths resolve against the folder of the file that wrote them
//! (see [`PATH_KEYS`] and [`PATH_LIST_KEYS`]), so a child in another folder
//! can inherit its base's layers. Chains may have any depth; a missing base
//! and a cycle are errors that name the files.
//!
//! ```
//! use phusong::config::inheritance::merge;
//! let mut base: toml::Table = toml::from_str(
//!     "name = 'demo'\n[fibre]\ndrop_m = 150.0\n[targets]\nfibre_households = 0.8\nfibre_communes = 1.0\n\
//!      [add]\nsites = ['a.csv']",
//! ).unwrap();
//! let child: toml::Table = toml::from_str(
//!     "[targets]\nfibre_households = 0.9\n[add]\nsites = ['b.csv']",
//! ).unwrap();
//! merge(&mut base, child);
//! assert_eq!(base["targets"]["fibre_households"].as_float(), Some(0.9));
//! assert_eq!(base["targets"]["fibre_communes"].as_float(), Some(1.0)); // inherited
//! assert_eq!(base["add"]["sites"].as_array().unwrap().len(), 2); // accumulated
//! ```

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::{Error, Result};

/// Keys (`[table] key`) whose string value is a path, resolved against the
/// folder of the scenario file that writes it.
pub const PATH_KEYS: &[(&str, &str)] = &[
    ("layers", "areas"),
    ("layers", "households"),
    ("layers", "fibre"),
    ("layers", "sites"),
    ("layers", "parents"),
    ("layers", "network"),
    ("indicators", "table"),
];

/// Keys (`[table] key`) whose value is a list of paths.
pub const PATH_LIST_KEYS: &[(&str, &str)] = &[("add", "sites"), ("add", "fibre")];

/// Top-level tables whose lists accumulate along the chain instead of
/// replacing the base's.
pub const ACCUMULATED_TABLES: &[&str] = &["add", "remove"];

/// Top-level keys that a child never inherits.
pub const NOT_INHERITED: &[&str] = &["name", "description"];

/// A scenario's TOML with its bases merged in.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The merged table, paths resolved; `base` is the (resolved) path of
    /// the leaf's base when it has one.
    pub table: Table,
    /// The files of the chain, the leaf first.
    pub chain: Vec<PathBuf>,
}

/// A TOML error in `text` (of the file `path`), located by line.
pub fn toml_error(text: &str, path: &Path, e: &toml::de::Error) -> Error {
    let loc = e
        .span()
        .map(|sp| {
            format!(
                "line {}",
                text[..sp.start.min(text.len())].lines().count().max(1)
            )
        })
        .unwrap_or_default();
    Error::input(path, loc, e.message().to_string())
}

/// Parse TOML text into a table (syntax errors name the line).
pub fn parse_table(text: &str, path: &Path) -> Result<Table> {
    text.parse::<Table>()
        .map_err(|e| toml_error(text, path, &e))
}

/// "a.toml → b.toml → c.toml".
pub fn chain_text(chain: &[PathBuf]) -> String {
    chain
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Resolve the relative paths of `table` (the content of `path`) and merge
/// it over its bases, recursively.
pub fn resolve(table: Table, path: &Path) -> Result<Resolved> {
    let mut stack = Vec::new();
    resolve_in(table, path, &mut stack)
}

fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn resolve_in(
    mut table: Table,
    path: &Path,
    stack: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<Resolved> {
    let dir = path.parent().unwrap_or(Path::new(""));
    stack.push((identity(path), path.to_path_buf()));
    resolve_paths(&mut table, dir);
    let base = table.remove("base");
    let resolved = match base {
        None => Resolved {
            table,
            chain: vec![path.to_path_buf()],
        },
        Some(Value::String(name)) => {
            let base_path = join(dir, &name);
            let id = identity(&base_path);
            if let Some(pos) = stack.iter().position(|(k, _)| *k == id) {
                let mut cycle: Vec<PathBuf> = stack[pos..].iter().map(|(_, p)| p.clone()).collect();
                cycle.push(base_path.clone());
                return Err(Error::input(
                    path,
                    "",
                    format!(
                        "`base = {name:?}` makes the scenarios inherit in a cycle: {}; \
                         remove one of these `base` keys",
                        chain_text(&cycle)
                    ),
                ));
            }
            if !base_path.is_file() {
                return Err(Error::input(
                    path,
                    "",
                    format!(
                        "the base scenario {name:?} does not exist (looked for {}); \
                         `base` is relative to the folder of the file that names it",
                        base_path.display()
                    ),
                ));
            }
            let text = std::fs::read_to_string(&base_path).map_err(|e| Error::io(&base_path, e))?;
            let base_table = parse_table(&text, &base_path)?;
            let mut inner = resolve_in(base_table, &base_path, stack)?;
            for k in NOT_INHERITED {
                inner.table.remove(*k);
            }
            merge(&mut inner.table, table);
            inner.table.insert(
                "base".into(),
                Value::String(base_path.to_string_lossy().into_owned()),
            );
            inner.chain.insert(0, path.to_path_buf());
            inner
        }
        Some(other) => {
            return Err(Error::input(
                path,
                "",
                format!(
                    "`base` must be the file name of a scenario (a string), found a {}",
                    other.type_str()
                ),
            ))
        }
    };
    stack.pop();
    Ok(resolved)
}

fn join(dir: &Path, name: &str) -> PathBuf {
    let p = Path::new(name);
    if p.is_relative() {
        dir.join(p)
    } else {
        p.to_path_buf()
    }
}

/// Resolve the relative paths of [`PATH_KEYS`] and [`PATH_LIST_KEYS`]
/// against `dir`. Values of the wrong type are left for deserialisation to
/// report.
pub fn resolve_paths(table: &mut Table, dir: &Path) {
    let fix = |v: &mut Value| {
        if let Value::String(s) = v {
            *s = join(dir, s).to_string_lossy().into_owned();
        }
    };
    for (t, k) in PATH_KEYS {
        if let Some(v) = table
            .get_mut(*t)
            .and_then(Value::as_table_mut)
            .and_then(|t| t.get_mut(*k))
        {
            fix(v);
        }
    }
    for (t, k) in PATH_LIST_KEYS {
        if let Some(Value::Array(items)) = table
            .get_mut(*t)
            .and_then(Value::as_table_mut)
            .and_then(|t| t.get_mut(*k))
        {
            items.iter_mut().for_each(fix);
        }
    }
}

/// Merge `child` over `base`: tables merge key by key, arrays and scalars
/// replace, except the lists of [`ACCUMULATED_TABLES`], which are appended.
pub fn merge(base: &mut Table, child: Table) {
    for (k, v) in child {
        let accumulate = ACCUMULATED_TABLES.contains(&k.as_str());
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(c)) => merge_table(b, c, accumulate),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// A table that chooses a different `model` (e.g. `[mobile.4G] model =
/// "fixed-radius"` over a link budget), and a `model` table itself (e.g.
/// `model = { kind = "hata", … }`), replace the base's: their keys belong to
/// the model chosen.
fn replaces(key: &str, base: &Table, child: &Table) -> bool {
    key == "model"
        || matches!(
            (base.get("model"), child.get("model")),
            (Some(Value::String(a)), Some(Value::String(b))) if a != b
        )
}

fn merge_table(base: &mut Table, child: Table, accumulate: bool) {
    for (k, v) in child {
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(c)) if !replaces(&k, b, &c) => {
                merge_table(b, c, false)
            }
            (Some(Value::Array(b)), Value::Array(c)) if accumulate => b.extend(c),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Table {
        s.parse().unwrap()
    }

    #[test]
    fn deep_merge_overrides_key_by_key() {
        let mut base = t("a = 1\n[x]\np = 1\nq = [1, 2]\n[x.y]\nr = 'base'\ns = true\n");
        merge(&mut base, t("b = 2\n[x]\nq = [3]\n[x.y]\nr = 'child'\n"));
        assert_eq!(
            base,
            t("a = 1\nb = 2\n[x]\np = 1\nq = [3]\n[x.y]\nr = 'child'\ns = true\n")
        );
        // Another model replaces the base's model table; the same model merges.
        let mut base = t("[mobile.4G]\nmodel = 'link-budget'\n[mobile.4G.radio]\n\
                          model = { kind = 'tr38901_rma', condition = 'expected' }\nreliability = 0.9\n");
        merge(
            &mut base,
            t("[mobile.4G.radio]\nmodel = { kind = 'hata', environment = 'open' }\n"),
        );
        assert_eq!(
            base,
            t("[mobile.4G]\nmodel = 'link-budget'\n[mobile.4G.radio]\n\
               model = { kind = 'hata', environment = 'open' }\nreliability = 0.9\n")
        );
        merge(
            &mut base,
            t("[mobile.4G]\nmodel = 'fixed-radius'\nradius_m = 3000.0\n"),
        );
        assert_eq!(
            base,
            t("[mobile.4G]\nmodel = 'fixed-radius'\nradius_m = 3000.0\n")
        );
        // A scalar replaces a table and the reverse.
        let mut base = t("[x]\np = 1\n");
        merge(&mut base, t("x = 3\n"));
        assert_eq!(base, t("x = 3\n"));
    }

    #[test]
    fn add_and_remove_lists_accumulate() {
        let mut base = t("[add]\nsites = ['a.csv']\n[remove]\nsites = ['S1']\n");
        merge(
            &mut base,
            t("[add]\nsites = ['b.csv']\nfibre = ['f.geojson']\n[remove]\nsites = ['S2', 'S3']\nfibre = ['F1']\n"),
        );
        assert_eq!(
            base,
            t("[add]\nsites = ['a.csv', 'b.csv']\nfibre = ['f.geojson']\n\
               [remove]\nsites = ['S1', 'S2', 'S3']\nfibre = ['F1']\n")
        );
    }

    #[test]
    fn paths_resolve_against_the_writing_file() {
        let mut x = t("[layers]\nareas = 'a.geojson'\nsites = '/abs/s.csv'\n[add]\nsites = ['p.csv', 'q/r.csv']\n[indicators]\ntable = 'i.csv'\n");
        resolve_paths(&mut x, Path::new("dir/sub"));
        assert_eq!(
            x,
            t("[layers]\nareas = 'dir/sub/a.geojson'\nsites = '/abs/s.csv'\n\
               [add]\nsites = ['dir/sub/p.csv', 'dir/sub/q/r.csv']\n[indicators]\ntable = 'dir/sub/i.csv'\n")
        );
    }

    #[test]
    fn chains_cycles_and_missing_bases() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::create_dir(p("sub")).unwrap();
        std::fs::write(
            p("a.toml"),
            "name = 'a'\ndescription = 'A'\n[layers]\nareas = 'areas.geojson'\n[targets]\nfibre_households = 0.8\n[remove]\nsites = ['S1']\n",
        )
        .unwrap();
        std::fs::write(
            p("sub/b.toml"),
            "base = '../a.toml'\n[targets]\nfibre_communes = 0.5\n[add]\nsites = ['new.csv']\n",
        )
        .unwrap();
        let c = "base = 'sub/b.toml'\nname = 'c'\n[targets]\nfibre_households = 0.9\n[remove]\nsites = ['S2']\n";
        let r = resolve(t(c), &p("c.toml")).unwrap();
        assert_eq!(
            r.chain,
            vec![p("c.toml"), p("sub/b.toml"), p("sub/../a.toml")]
        );
        let m = &r.table;
        assert_eq!(m["name"].as_str(), Some("c"));
        assert!(
            m.get("description").is_none(),
            "description is not inherited"
        );
        assert_eq!(m["base"].as_str(), Some(p("sub/b.toml").to_str().unwrap()));
        assert_eq!(m["targets"]["fibre_households"].as_float(), Some(0.9));
        assert_eq!(m["targets"]["fibre_communes"].as_float(), Some(0.5));
        assert_eq!(
            m["layers"]["areas"].as_str(),
            Some(p("sub/../areas.geojson").to_str().unwrap())
        );
        assert_eq!(
            m["add"]["sites"][0].as_str(),
            Some(p("sub/new.csv").to_str().unwrap())
        );
        let removed: Vec<&str> = m["remove"]["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(removed, ["S1", "S2"]);

        // A cycle names every file in it.
        std::fs::write(p("x.toml"), "base = 'y.toml'\n").unwrap();
        std::fs::write(p("y.toml"), "base = 'x.toml'\n").unwrap();
        let e = resolve(t("base = 'x.toml'"), &p("w.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("inherit in a cycle"), "{e}");
        assert!(e.contains("x.toml → ") && e.contains("y.toml → "), "{e}");
        let e = resolve(t("base = 'self.toml'"), &p("self.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cycle"), "{e}");

        let e = resolve(t("base = 'nope.toml'"), &p("w.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(&p("w.toml").display().to_string()), "{e}");
        assert!(
            e.contains("the base scenario \"nope.toml\" does not exist"),
            "{e}"
        );
        let e = resolve(t("base = 3"), &p("w.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`base` must be the file name"), "{e}");
    }
}
