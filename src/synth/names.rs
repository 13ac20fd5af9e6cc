//! Names and codes of the synthetic communes and districts.

use std::collections::BTreeSet;

use super::places::{DISTRICTS, TOWNS};
use super::plane::Proj;
use super::tiling::Tiling;

/// Name, code and district of one commune label.
#[derive(Debug, Clone)]
pub(crate) struct CommuneName {
    /// Commune label in the raster.
    pub label: u32,
    /// 5-digit code.
    pub code: String,
    pub name: String,
    /// District label (1..=k).
    pub district: u32,
}

const FIRST: &[&str] = &[
    "Tân", "Phú", "Khánh", "Hòa", "An", "Long", "Thạnh", "Vĩnh", "Hưng", "Lợi", "Phước", "Bình",
];
const SECOND: &[&str] = &[
    "Bình", "Lộc", "Thành", "Phú", "Hưng", "Hải", "Mỹ", "Điền", "Thuận", "Tiến", "Lợi", "Hòa",
];
const SUFFIX: &[&str] = &["", " Đông", " Tây", " Nam", " Bắc"];

/// Generated commune names ("Xã Tân Lộc Nam", …) not in `taken`.
fn extra_names(taken: &BTreeSet<String>) -> impl Iterator<Item = String> + '_ {
    SUFFIX
        .iter()
        .flat_map(|s| {
            FIRST
                .iter()
                .flat_map(move |a| SECOND.iter().map(move |b| (a, b, s)))
        })
        .filter(|(a, b, _)| a != b)
        .map(|(a, b, s)| format!("Xã {a} {b}{s}"))
        .chain((1..).map(|n| format!("Xã Mới {n}")))
        .filter(move |n| !taken.contains(n))
}

/// Name every commune, ordered by code.
pub(crate) fn name_communes(t: &Tiling, proj: &Proj) -> Vec<CommuneName> {
    let n = t.n_communes();
    let mut name: Vec<Option<String>> = vec![None; n + 1];
    let mut urban_rank: Vec<u32> = vec![u32::MAX; n + 1];
    let mut taken: BTreeSet<String> = BTreeSet::new();
    // Urban units first.
    for (dl, &di) in t.districts.iter().enumerate() {
        let d = &DISTRICTS[di];
        let dlab = dl as u32 + 1;
        let mine: Vec<u32> = (1..=n as u32)
            .filter(|&c| t.district_of[c as usize] == dlab)
            .collect();
        if di == 0 {
            // The city: the most central communes are wards.
            let wards = ((mine.len() * d.urban.len()) as f64 / d.communes as f64).round() as usize;
            let wards = wards.clamp(1, d.urban.len());
            let mut by_rho: Vec<u32> = mine.clone();
            let rho_at = |c: u32| {
                let s = t.seeds[c as usize];
                t.grid.cell_at(s.0, s.1).map_or(0.0, |k| t.rho[k])
            };
            by_rho.sort_by(|&a, &b| rho_at(b).total_cmp(&rho_at(a)).then(a.cmp(&b)));
            for (r, &c) in by_rho.iter().take(wards).enumerate() {
                name[c as usize] = Some(d.urban[r].to_string());
                urban_rank[c as usize] = r as u32;
            }
        } else {
            for town in TOWNS.iter().filter(|tw| tw.district == di) {
                let Some(u) = town.urban else { continue };
                let (x, y) = proj.to_xy(town.lon, town.lat);
                let Some(k) = t.grid.cell_at(x, y) else {
                    continue;
                };
                let c = t.comm[k];
                if c == 0 || t.district_of[c as usize] != dlab || name[c as usize].is_some() {
                    continue;
                }
                name[c as usize] = Some(d.urban[u].to_string());
                urban_rank[c as usize] = u as u32;
            }
        }
    }
    for nm in name.iter().flatten() {
        taken.insert(nm.clone());
    }
    for &di in &t.districts {
        for nm in DISTRICTS[di].rural {
            taken.insert(nm.to_string());
        }
    }
    // Rural communes: north to south, west to east, in list order.
    let mut extra = {
        let taken_all = taken.clone();
        extra_names(&taken_all)
            .take(n)
            .collect::<Vec<_>>()
            .into_iter()
    };
    for (dl, &di) in t.districts.iter().enumerate() {
        let dlab = dl as u32 + 1;
        let mut rural: Vec<u32> = (1..=n as u32)
            .filter(|&c| t.district_of[c as usize] == dlab && name[c as usize].is_none())
            .collect();
        rural.sort_by(|&a, &b| {
            let (pa, pb) = (t.seeds[a as usize], t.seeds[b as usize]);
            pb.1.total_cmp(&pa.1).then(pa.0.total_cmp(&pb.0))
        });
        let mut list = DISTRICTS[di].rural.iter();
        for c in rural {
            let nm = match list.next() {
                Some(s) => s.to_string(),
                None => extra.next().expect("endless names"),
            };
            name[c as usize] = Some(nm);
        }
    }
    // Codes: districts in code order, urban units first, then rural.
    let mut order: Vec<u32> = (1..=n as u32).collect();
    order.sort_by_key(|&c| {
        let s = t.seeds[c as usize];
        (
            t.district_of[c as usize],
            urban_rank[c as usize],
            std::cmp::Reverse((s.1 * 10.0).round() as i64),
            (s.0 * 10.0).round() as i64,
        )
    });
    order
        .into_iter()
        .enumerate()
        .map(|(i, c)| CommuneName {
            label: c,
            code: format!("{:05}", 32002 + 3 * i),
            name: name[c as usize].clone().expect("every commune named"),
            district: t.district_of[c as usize],
        })
        .collect()
}
