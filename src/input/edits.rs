//! The layer edits of a scenario (see [`crate::config::inheritance`]): the
//! files of `[add]` are appended to the sites and fibre layers, the ids of
//! `[remove]` are dropped (every sector row of a site id, every fibre
//! feature with that id), and with `[planned] include = false` the sites
//! and fibre features whose `status` is `planned` are dropped, exactly as if
//! their rows were not in the files.

use std::path::{Path, PathBuf};

use crate::config::LayerKind;
use crate::config::Scenario;
use crate::input::{read_fibre_with, read_sites_with, Fibre, Read, Sites, Status};
use crate::{Error, Result};

/// Read the sites files of `[add]` (`lenient`: collect bad rows, as
/// `phusong check` does).
pub fn read_added_sites(scenario: &Scenario, lenient: bool) -> Vec<Result<Read<Sites>>> {
    scenario
        .add
        .sites
        .iter()
        .map(|p| {
            crate::input::read_options(scenario, LayerKind::Sites, lenient)
                .and_then(|o| read_sites_with(p, &o))
        })
        .collect()
}

/// Read the fibre files of `[add]`.
pub fn read_added_fibre(scenario: &Scenario, lenient: bool) -> Vec<Result<Read<Fibre>>> {
    scenario
        .add
        .fibre
        .iter()
        .map(|p| {
            crate::input::read_options(scenario, LayerKind::Fibre, lenient)
                .and_then(|o| read_fibre_with(p, &o))
        })
        .collect()
}

fn file_list(first: Option<&Path>, more: &[PathBuf]) -> String {
    first
        .into_iter()
        .chain(more.iter().map(PathBuf::as_path))
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Remove the `[remove]` ids and, when planned elements are excluded, the
/// planned sites and fibre features. `fibre` and `sites` already hold the
/// `[add]` layers. An id that is in no file is an error naming the id and
/// the files looked in.
pub fn remove_and_filter(scenario: &Scenario, fibre: &mut Fibre, sites: &mut Sites) -> Result<()> {
    let include_planned = scenario.planned.include;
    let rm = &scenario.remove;
    for id in &rm.sites {
        if !sites.ids.iter().any(|s| s == id) {
            return Err(Error::input(
                scenario.layers.sites_or_missing(),
                "",
                format!(
                    "the scenario's [remove] sites names the site id {id:?}, which is in none of \
                     the sites files ({}); correct the id or drop it from [remove]",
                    file_list(scenario.layers.sites.as_deref(), &scenario.add.sites)
                ),
            ));
        }
    }
    for id in &rm.fibre {
        if !fibre.feature_ids.iter().any(|s| s == id) {
            return Err(Error::input(
                scenario.layers.fibre_or_missing(),
                "",
                format!(
                    "the scenario's [remove] fibre names the feature id {id:?}, which is in none \
                     of the fibre files ({}); correct the id or drop it from [remove]",
                    file_list(scenario.layers.fibre.as_deref(), &scenario.add.fibre)
                ),
            ));
        }
    }
    let gone_sites: std::collections::HashSet<&str> = rm.sites.iter().map(String::as_str).collect();
    let gone_fibre: std::collections::HashSet<&str> = rm.fibre.iter().map(String::as_str).collect();
    if !gone_sites.is_empty() || !include_planned {
        let keep: Vec<bool> = (0..sites.len())
            .map(|i| {
                !gone_sites.contains(sites.ids[i].as_str())
                    && (include_planned || sites.status[i] != Status::Planned)
            })
            .collect();
        sites.retain(|i| keep[i]);
    }
    if !gone_fibre.is_empty() || !include_planned {
        let keep: Vec<bool> = (0..fibre.feature_ids.len())
            .map(|k| {
                !gone_fibre.contains(fibre.feature_ids[k].as_str())
                    && (include_planned || fibre.status[k] != Status::Planned)
            })
            .collect();
        fibre.retain_features(|k| keep[k]);
    }
    Ok(())
}

/// Apply every edit to layers read strictly: append the `[add]` files, then
/// [`remove_and_filter`].
pub fn apply(scenario: &Scenario, fibre: &mut Fibre, sites: &mut Sites) -> Result<()> {
    for r in read_added_fibre(scenario, false) {
        fibre.append(r?.data);
    }
    for r in read_added_sites(scenario, false) {
        sites.append(r?.data);
    }
    remove_and_filter(scenario, fibre, sites)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Technology;
    use crate::input::SiteRow;

    fn site(id: &str, status: Status) -> SiteRow {
        SiteRow {
            id: id.into(),
            lon: 105.0,
            lat: 9.0,
            tech: Technology::G4,
            radius_m: None,
            sector: Default::default(),
            operator: None,
            status,
        }
    }

    fn scenario(extra: &str) -> Scenario {
        let text = format!(
            "{extra}\n[layers]\nareas = 'a.geojson'\nhouseholds = 'h.csv'\nfibre = 'f.geojson'\nsites = 's.csv'\n"
        );
        Scenario::from_toml(&text, Path::new("x/s.toml")).unwrap()
    }

    fn fibre() -> Fibre {
        Fibre {
            feature_ids: vec!["F1".into(), "F2".into(), "F3".into()],
            segments: vec![
                ([0.0, 0.0], [1.0, 0.0], 0),
                ([1.0, 0.0], [2.0, 0.0], 0),
                ([5.0, 5.0], [6.0, 5.0], 2),
            ],
            points: vec![([3.0, 3.0], 1), ([4.0, 4.0], 2)],
            status: vec![Status::Existing, Status::Planned, Status::Existing],
        }
    }

    fn sites() -> Sites {
        let mut s = Sites::default();
        for (id, st) in [
            ("A", Status::Existing),
            ("A", Status::Existing),
            ("B", Status::Planned),
            ("C", Status::Existing),
        ] {
            s.push(site(id, st));
        }
        s
    }

    #[test]
    fn removes_every_sector_of_a_site_and_reindexes_fibre() {
        let sc = scenario("[remove]\nsites = ['A']\nfibre = ['F1']");
        let (mut f, mut s) = (fibre(), sites());
        remove_and_filter(&sc, &mut f, &mut s).unwrap();
        assert_eq!(s.ids, ["B", "C"]);
        assert_eq!(s.status, [Status::Planned, Status::Existing]);
        assert_eq!(f.feature_ids, ["F2", "F3"]);
        assert_eq!(f.segments, vec![([5.0, 5.0], [6.0, 5.0], 1)]);
        assert_eq!(f.points, vec![([3.0, 3.0], 0), ([4.0, 4.0], 1)]);
        assert_eq!(f.status, [Status::Planned, Status::Existing]);
    }

    #[test]
    fn planned_exclude_drops_planned_elements() {
        let sc = scenario("[planned]\ninclude = false");
        let (mut f, mut s) = (fibre(), sites());
        remove_and_filter(&sc, &mut f, &mut s).unwrap();
        assert_eq!(s.ids, ["A", "A", "C"]);
        assert_eq!(f.feature_ids, ["F1", "F3"]);
        assert_eq!(f.points, vec![([4.0, 4.0], 1)]);
        // Included by default: nothing changes.
        let sc = scenario("");
        let (mut f, mut s) = (fibre(), sites());
        remove_and_filter(&sc, &mut f, &mut s).unwrap();
        assert_eq!(s.len(), 4);
        assert_eq!(f.element_count(), 5);
    }

    #[test]
    fn unknown_ids_are_errors_naming_id_and_files() {
        let sc = scenario("[remove]\nsites = ['Z9']\n[add]\nsites = ['new.csv']");
        let e = remove_and_filter(&sc, &mut fibre(), &mut sites())
            .unwrap_err()
            .to_string();
        assert!(e.contains("site id \"Z9\""), "{e}");
        assert!(e.contains("(x/s.csv, x/new.csv)"), "{e}");
        let sc = scenario("[remove]\nfibre = ['F9']");
        let e = remove_and_filter(&sc, &mut fibre(), &mut sites())
            .unwrap_err()
            .to_string();
        assert!(e.contains("feature id \"F9\""), "{e}");
    }

    #[test]
    fn append_reindexes_features() {
        let mut f = fibre();
        f.append(fibre());
        assert_eq!(f.feature_ids.len(), 6);
        assert_eq!(f.segments[5].2, 5);
        assert_eq!(f.points[2].1, 4);
        assert_eq!(f.points[3].1, 5);
        let mut s = sites();
        s.append(sites());
        assert_eq!(s.len(), 8);
        assert_eq!(s.ids[7], "C");
    }
}
