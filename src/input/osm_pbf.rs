//! The road and canal network from an OpenStreetMap `.osm.pbf` file
//! (read with the `osmpbf` crate): the ways with a tag of `[network]
//! osm_tags` (default `highway=*` and `waterway=canal|river|ditch`), each
//! of the kind `[network.osm_kinds]` gives its tag (default: `highway=track`
//! → `track`; `path`, `footway`, `cycleway`, `bridleway`, `steps`,
//! `pedestrian` → `path`; any other `highway` → `road`; `waterway=canal`,
//! `river`, `ditch` → the same name). OSM coordinates are WGS 84.
//!
//! Two passes over the file: the ways first (only the matching ones are
//! kept, with the nodes they need), then those nodes, so that a country
//! extract does not hold every node in memory.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use osmpbf::{Element, ElementReader};

use crate::config::network::{default_osm_kinds, TagFilter};
use crate::config::NetworkParams;
use crate::{Error, Result};

/// The kind of a way tagged `k=v` under `params`: `[network.osm_kinds]`
/// `"k=v"`, else `"k=*"` (the scenario's table, then the defaults), else
/// `v` itself when it has a cost factor.
pub fn kind_of(k: &str, v: &str, params: &NetworkParams) -> Option<String> {
    let defaults = default_osm_kinds();
    let exact = format!("{k}={v}");
    let any = format!("{k}=*");
    [&params.osm_kinds, &defaults]
        .iter()
        .find_map(|m| m.get(&exact))
        .or_else(|| {
            [&params.osm_kinds, &defaults]
                .iter()
                .find_map(|m| m.get(&any))
        })
        .cloned()
        .or_else(|| params.cost_factor.contains_key(v).then(|| v.to_string()))
}

/// The network lines of the `.osm.pbf` file `path` (lon/lat), each with
/// its kind, in file order.
pub fn read_osm_pbf(path: &Path, params: &NetworkParams) -> Result<Vec<(Vec<[f64; 2]>, String)>> {
    let filters = params
        .osm_tags
        .iter()
        .map(|s| TagFilter::parse(s))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::config("network.osm_tags", e))?;
    let unreadable = |e: osmpbf::Error| {
        Error::invalid_value(
            path,
            "",
            format!(
                "not a readable OpenStreetMap PBF file ({e}); export it again, e.g. with osmium"
            ),
        )
    };
    // Pass 1: the matching ways, in file order.
    let mut ways: Vec<(i64, Vec<i64>, String)> = Vec::new();
    let mut bad: Option<String> = None;
    ElementReader::from_path(path)
        .map_err(unreadable)?
        .for_each(|el| {
            let Element::Way(w) = el else { return };
            let Some((k, v)) = w
                .tags()
                .find(|(k, v)| filters.iter().any(|f| f.matches(k, v)))
            else {
                return;
            };
            match kind_of(k, v, params) {
                Some(kind) if !params.cost_factor.contains_key(&kind) && bad.is_none() => {
                    let known: Vec<&str> = params.cost_factor.keys().map(String::as_str).collect();
                    bad = Some(format!(
                        "way {}: {k}={v} is of kind {kind:?}, which has no cost factor \
                         (known: {}); add it to [network.cost_factor]",
                        w.id(),
                        known.join(", ")
                    ));
                }
                Some(kind) if !params.cost_factor.contains_key(&kind) => {}
                Some(kind) => ways.push((w.id(), w.refs().collect(), kind)),
                None if bad.is_none() => {
                    bad = Some(format!(
                        "way {}: {k}={v} is taken by [network] osm_tags but has no kind; add \
                         \"{k}={v}\" = \"road\" (or canal, river…) to [network.osm_kinds], or \
                         leave it out of osm_tags",
                        w.id()
                    ))
                }
                None => {}
            }
        })
        .map_err(unreadable)?;
    if let Some(msg) = bad {
        return Err(Error::invalid_value(path, "", msg));
    }
    if ways.is_empty() {
        return Err(Error::invalid_value(
            path,
            "",
            format!(
                "no way has a tag of [network] osm_tags ({}); check the tags, or that the file \
                 covers the communes",
                params.osm_tags.join(", ")
            ),
        ));
    }
    // Pass 2: the nodes those ways need.
    let needed: HashSet<i64> = ways.iter().flat_map(|w| w.1.iter().copied()).collect();
    let mut at: HashMap<i64, [f64; 2]> = HashMap::with_capacity(needed.len());
    ElementReader::from_path(path)
        .map_err(unreadable)?
        .for_each(|el| {
            let (id, lon, lat) = match el {
                Element::Node(n) => (n.id(), n.lon(), n.lat()),
                Element::DenseNode(n) => (n.id(), n.lon(), n.lat()),
                _ => return,
            };
            if needed.contains(&id) {
                at.insert(id, [lon, lat]);
            }
        })
        .map_err(unreadable)?;
    let mut out = Vec::with_capacity(ways.len());
    for (id, refs, kind) in ways {
        let pts = refs
            .iter()
            .map(|r| {
                at.get(r).copied().ok_or_else(|| {
                    Error::invalid_value(
                        path,
                        "",
                        format!(
                            "way {id} refers to node {r}, which the file does not hold (an \
                             extract cut at its border?); extract with `osmium extract \
                             --strategy complete_ways`"
                        ),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if pts.len() >= 2 {
            out.push((pts, kind));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/small-network.osm.pbf")
    }

    /// `tests/data/small-network.osm.pbf` is `small-network.osm` converted
    /// by osmium 1.15 (`osmium cat small-network.osm -o
    /// small-network.osm.pbf`, zlib blocks, dense nodes).
    #[test]
    fn reads_the_default_tags_with_their_kinds() {
        let n = read_osm_pbf(&fixture(), &NetworkParams::default()).unwrap();
        // highway=residential (3 nodes), waterway=canal (3), highway=track
        // (2); the stream and the building are left out.
        let kinds: Vec<&str> = n.iter().map(|l| l.1.as_str()).collect();
        assert_eq!(kinds, vec!["road", "canal", "track"]);
        assert_eq!(n[0].0.len(), 3);
        let p = n[1].0[2];
        assert!(
            (p[0] - 105.151).abs() < 1e-9 && (p[1] - 9.182).abs() < 1e-9,
            "{p:?}"
        );
    }

    #[test]
    fn a_tag_without_a_kind_and_no_match_are_one_line_errors() {
        let mut params = NetworkParams {
            osm_tags: vec!["highway=*".into(), "waterway=*".into()],
            ..Default::default()
        };
        let e = read_osm_pbf(&fixture(), &params).unwrap_err().to_string();
        assert!(
            e.contains("way 104: waterway=stream") && e.contains("osm_kinds"),
            "{e}"
        );
        assert!(!e.contains('\n'), "{e}");
        params
            .osm_kinds
            .insert("waterway=stream".into(), "ditch".into());
        let n = read_osm_pbf(&fixture(), &params).unwrap();
        assert_eq!(n.len(), 4);
        params.osm_tags = vec!["hihgway=*".into()];
        let e = read_osm_pbf(&fixture(), &params).unwrap_err().to_string();
        assert!(
            e.contains("no way has a tag of [network] osm_tags (hihgway=*)"),
            "{e}"
        );
        params.osm_tags = vec!["highway".into()];
        let e = read_osm_pbf(&fixture(), &params).unwrap_err().to_string();
        assert!(e.contains("is not a tag filter"), "{e}");
    }

    #[test]
    fn a_file_that_is_not_pbf_is_refused_in_one_line() {
        let dir = std::env::temp_dir().join(format!("phusong-osm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("roads.osm.pbf");
        std::fs::write(&p, b"<osm version=\"0.6\"></osm>").unwrap();
        let e = read_osm_pbf(&p, &NetworkParams::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a readable OpenStreetMap PBF file"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}
