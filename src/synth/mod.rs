//! # Synthetic demo province
//!
//! A deterministic generator of a synthetic province that looks like Cà Mau
//! (the southern tip of the Mekong delta): an irregular outline of about
//! 5,300 km², communes that tile it exactly (neighbours share bit-identical
//! vertices), districts dissolved from them, households clustered along
//! roads, canals and in towns, a fibre network that leaves some remote
//! communes out, and 4G/5G cell sites.
//!
//! The same [`SynthConfig`] always gives byte-identical files, on every
//! platform and with any number of threads: the generator uses its own
//! PRNG (SplitMix64 seeding xoshiro256**) and its own `exp`/`ln`/`sin`/`cos`,
//! and rounds every boundary vertex exactly once.
//!
//! Files written by [`generate_to_dir`] (UTF-8, WGS84 lon/lat):
//!
//! | file | content |
//! | --- | --- |
//! | `communes.geojson` | Polygon/MultiPolygon per commune: `code` (5 digits), `name`, `district` |
//! | `districts.geojson` | the dissolved districts: `code` (3 digits), `name` |
//! | `households.csv.gz` | `id,lon,lat,demand,persons` |
//! | `fibre.geojson` | LineStrings `id` ("F0001"), `kind` (backbone/branch/spur); Points `id` ("C001"), `kind` = cabinet |
//! | `sites.csv` | `id,lon,lat,tech,height_m,azimuth_deg`: one row per sector, three sectors per site at 120° (ids "S4G-0001", "S5G-001"; tech "4G"/"5G") |
//! | `indicators.csv` | `code,name,epayment_share,smartphone_share`: per commune, e-payment 30–70%, smartphone 60–90% (one readiness factor per commune) |
//!
//! ```no_run
//! use phusong::synth::{generate_to_dir, SynthConfig};
//!
//! let cfg = SynthConfig { households: 50_000, ..SynthConfig::default() };
//! let summary = generate_to_dir(&cfg, std::path::Path::new("demo")).unwrap();
//! println!("{} communes, {:.0} km²", summary.communes, summary.area_km2);
//! ```

mod fibre;
mod households;
mod indicators;
mod names;
mod network;
mod outline;
mod places;
mod plane;
mod rings;
mod rng;
mod scenario;
mod sites;
mod tiling;
mod write;

pub use scenario::scenario_toml;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use rayon::prelude::*;

use crate::output::atomic::write_atomic;
use crate::{Error, Result};
use plane::{Grid, PointIndex, Proj, SegIndex};
use rings::{Poly, P7};
use rng::sq;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthConfig {
    /// Seed of every random choice; the same configuration always gives the
    /// same files.
    pub seed: u64,
    /// Number of households (about 0.1 % of them just outside the province).
    pub households: usize,
    /// Number of communes (at least `districts`, at most 1,000).
    pub communes: usize,
    /// Number of districts (1 to 9; the nine real pre-2025 Cà Mau districts,
    /// the most important first when fewer are asked for).
    pub districts: usize,
    /// Number of 4G sites.
    pub sites_4g: usize,
    /// Number of 5G sites.
    pub sites_5g: usize,
}

impl Default for SynthConfig {
    /// Seed 2025, 300,000 households, 100 communes in 9 districts, 1,000 4G
    /// and 100 5G sites.
    fn default() -> Self {
        SynthConfig {
            seed: 2025,
            households: 300_000,
            communes: 100,
            districts: 9,
            sites_4g: 1000,
            sites_5g: 100,
        }
    }
}

/// A file written by [`generate_to_dir`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct SynthFile {
    /// File name inside the output folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Key figures of a generated province.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SynthSummary {
    /// The seed used.
    pub seed: u64,
    /// Area of the province (sum of the commune polygons), km², in the
    /// generator's local equirectangular plane.
    pub area_km2: f64,
    /// Number of communes.
    pub communes: usize,
    /// Number of districts.
    pub districts: usize,
    /// Fewest distinct vertices of a commune polygon.
    pub commune_vertices_min: usize,
    /// Median distinct vertices of a commune polygon.
    pub commune_vertices_median: usize,
    /// Most distinct vertices of a commune polygon.
    pub commune_vertices_max: usize,
    /// Number of households written.
    pub households: usize,
    /// Households placed just outside the province (in no commune).
    pub households_outside: usize,
    /// Households with demand = 1.
    pub demand_households: usize,
    /// Share of households with demand = 1.
    pub demand_share: f64,
    /// Total persons.
    pub persons: u64,
    /// Number of fibre LineStrings.
    pub fibre_lines: usize,
    /// Total fibre length, km.
    pub fibre_km: f64,
    /// Number of distribution cabinets.
    pub cabinets: usize,
    /// Codes of the communes with no fibre element in or crossing them.
    pub communes_without_fibre: Vec<String>,
    /// Share of demand households within 150 m of a fibre line.
    pub demand_within_150m_of_fibre: f64,
    /// Number of 4G sites.
    pub sites_4g: usize,
    /// Number of 5G sites.
    pub sites_5g: usize,
    /// Share of inside households within 4 km of a 4G site.
    pub households_within_4km_of_4g: f64,
    /// The files written, in order.
    pub files: Vec<SynthFile>,
}

/// The names of the files written by [`generate_to_dir`].
pub const FILES: [&str; 8] = crate::output::folder::SYNTH_FILES;

fn validate(cfg: &SynthConfig) -> Result<()> {
    if !(1..=9).contains(&cfg.districts) {
        return Err(Error::config(
            "synth",
            format!("synth: districts must be 1 to 9, not {}", cfg.districts),
        ));
    }
    if cfg.communes < cfg.districts || cfg.communes > 1000 {
        return Err(Error::config(
            "synth",
            format!(
                "synth: communes must be between districts ({}) and 1000, not {}",
                cfg.districts, cfg.communes
            ),
        ));
    }
    if cfg.households > 5_000_000 {
        return Err(Error::config(
            "synth",
            format!(
                "synth: at most 5,000,000 households, not {}",
                cfg.households
            ),
        ));
    }
    if cfg.sites_4g > 100_000 || cfg.sites_5g > 100_000 {
        return Err(Error::config(
            "synth",
            "synth: at most 100,000 sites per technology",
        ));
    }
    Ok(())
}

/// Everything the generator computes, before writing.
pub(crate) struct Province {
    proj: Proj,
    grid: Grid,
    comm: Vec<u32>,
    communes: Vec<names::CommuneName>,
    commune_polys: BTreeMap<u32, Vec<Poly>>,
    district_polys: BTreeMap<u32, Vec<Poly>>,
    province_polys: Vec<Poly>,
    districts: Vec<usize>,
    households: Vec<households::Household>,
    fibre: fibre::Fibre,
    sites: Vec<sites::Site>,
    /// The roads, canals and streets households and fibre follow.
    skeleton: Vec<network::Line>,
}

/// Generate the province in memory.
pub(crate) fn build(cfg: &SynthConfig) -> Result<Province> {
    validate(cfg)?;
    let proj = Proj::new();
    let t = tiling::build(cfg.seed, &proj, cfg.districts, cfg.communes)?;
    let chains = rings::chains(&t.grid, &t.comm, &proj);
    let commune_polys = rings::trace(&chains, |c| c);
    let district_polys = rings::trace(&chains, |c| t.district_of[c as usize]);
    let province_polys = rings::trace(&chains, |c| u32::from(c > 0))
        .remove(&1)
        .ok_or_else(|| Error::config("synth", "synth: empty province"))?;
    let communes = names::name_communes(&t, &proj);

    let towns_xy = places::town_xy(&proj);
    let grid = t.grid;
    let remote: Vec<f32> = (0..grid.len())
        .into_par_iter()
        .map(|k| {
            if t.comm[k] == 0 {
                0.0
            } else {
                places::remoteness(&proj, &towns_xy, grid.center(k)) as f32
            }
        })
        .collect();
    let core = network::core_mask(&grid, &t.comm);
    let skel = network::skeleton(cfg.seed, &proj, &grid, &t.comm, &core);

    // The province outline in metres, for households just outside it.
    let prov_xy: Vec<Vec<(f64, f64)>> = province_polys
        .iter()
        .map(|p| p[0].iter().map(|&q| proj.e7_to_xy(q)).collect())
        .collect();
    let mut segs = Vec::new();
    for r in &prov_xy {
        for w in r.windows(2) {
            segs.push((w[0], w[1]));
        }
    }
    let bbox = (
        grid.x0 - 2_000.0,
        grid.y0 - 2_000.0,
        grid.x0 + grid.nx as f64 * grid.cell + 2_000.0,
        grid.y0 + grid.ny as f64 * grid.cell + 2_000.0,
    );
    let outline_idx = SegIndex::new(segs, bbox, 1_000.0);
    let households = households::generate(
        cfg.seed,
        cfg.households,
        &grid,
        &core,
        &remote,
        &skel,
        &prov_xy,
        &outline_idx,
    );
    let fibre = fibre::generate(cfg.seed, &grid, &t.comm, t.n_communes(), &remote, &skel);
    let sites = sites::generate(
        cfg.seed,
        cfg.sites_4g,
        cfg.sites_5g,
        &grid,
        &core,
        &remote,
        &households,
        &skel,
    );
    Ok(Province {
        proj,
        grid,
        comm: t.comm,
        communes,
        commune_polys,
        district_polys,
        province_polys,
        districts: t.districts,
        households,
        fibre,
        sites,
        skeleton: skel.lines,
    })
}

/// Generate the synthetic province described by `cfg` and write its files
/// ([`FILES`]) into `dir` (created if needed), keeping its other files
/// (a scenario, a README): the folder is replaced only when every file
/// was written ([`crate::output::folder`]). Returns the key figures.
///
/// Errors: [`Error::Config`] for an unusable configuration (districts
/// outside 1–9, communes outside districts–1000, more than 5 million
/// households); [`Error::Io`] when a file cannot be written.
pub fn generate_to_dir(cfg: &SynthConfig, dir: &Path) -> Result<SynthSummary> {
    use crate::output::folder::{replace, Product};
    replace(dir, Product::Synth, |staging| generate_into(cfg, staging))
}

fn generate_into(cfg: &SynthConfig, dir: &Path) -> Result<SynthSummary> {
    let p = build(cfg)?;
    let proj = p.proj;
    let e7 = |q: (f64, f64)| proj.to_e7(q.0, q.1);

    // communes.geojson
    let district_name = |d: u32| places::DISTRICTS[p.districts[d as usize - 1]].name;
    let features: Vec<String> = p
        .communes
        .iter()
        .map(|c| {
            let mut s = format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"code\":{},\"name\":{},\"district\":{}}},\"geometry\":",
                write::json_str(&c.code),
                write::json_str(&c.name),
                write::json_str(district_name(c.district)),
            );
            write::push_polys(&mut s, &p.commune_polys[&c.label]);
            s.push('}');
            s
        })
        .collect();
    let communes_json = write::feature_collection(&features);

    // districts.geojson
    let features: Vec<String> = p
        .district_polys
        .iter()
        .map(|(&d, polys)| {
            let def = &places::DISTRICTS[p.districts[d as usize - 1]];
            let mut s = format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"code\":{},\"name\":{}}},\"geometry\":",
                write::json_str(def.code),
                write::json_str(def.name),
            );
            write::push_polys(&mut s, polys);
            s.push('}');
            s
        })
        .collect();
    let districts_json = write::feature_collection(&features);

    // fibre.geojson (coordinates rounded once; consecutive duplicates dropped)
    let fibre_lines: Vec<Vec<P7>> = p
        .fibre
        .lines
        .iter()
        .map(|l| {
            let mut v: Vec<P7> = l.pts.iter().map(|&q| e7(q)).collect();
            v.dedup();
            v
        })
        .collect();
    let mut features: Vec<String> = Vec::new();
    for (i, (l, pts)) in p.fibre.lines.iter().zip(&fibre_lines).enumerate() {
        let mut s = format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"F{:04}\",\"kind\":\"{}\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":",
            i + 1,
            l.kind.as_str()
        );
        write::push_line(&mut s, pts);
        s.push_str("}}");
        features.push(s);
    }
    let cabinets: Vec<P7> = p.fibre.cabinets.iter().map(|&q| e7(q)).collect();
    for (i, &c) in cabinets.iter().enumerate() {
        let mut s = format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"C{:03}\",\"kind\":\"cabinet\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":",
            i + 1
        );
        write::push_pos(&mut s, c);
        s.push_str("}}");
        features.push(s);
    }
    let fibre_json = write::feature_collection(&features);

    let sites_csv = sites_csv(&p);
    let hh_csv = households_csv(&p);

    // Write everything.
    let path = |n: &str| dir.join(n);
    write_atomic(&path(FILES[0]), |w| w.write_all(communes_json.as_bytes()))?;
    write_atomic(&path(FILES[1]), |w| w.write_all(districts_json.as_bytes()))?;
    write_atomic(&path(FILES[2]), |w| {
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .operating_system(255)
            .write(w, flate2::Compression::new(6));
        gz.write_all(hh_csv.as_bytes())?;
        gz.finish()?;
        Ok(())
    })?;
    write_atomic(&path(FILES[3]), |w| w.write_all(fibre_json.as_bytes()))?;
    write_atomic(&path(FILES[4]), |w| w.write_all(sites_csv.as_bytes()))?;
    let indicators_csv = indicators::indicators_csv(cfg.seed, &p.communes);
    write_atomic(&path(FILES[5]), |w| w.write_all(indicators_csv.as_bytes()))?;
    write_atomic(&path(FILES[6]), |w| {
        w.write_all(network_json(&p).as_bytes())
    })?;
    write_atomic(&path(FILES[7]), |w| {
        w.write_all(scenario::scenario_toml(cfg.seed).as_bytes())
    })?;
    let mut files = Vec::new();
    for n in FILES {
        let f = path(n);
        let bytes = std::fs::metadata(&f).map_err(|e| Error::io(&f, e))?.len();
        files.push(SynthFile {
            name: n.to_string(),
            bytes,
        });
    }

    Ok(summarise(cfg, &p, &fibre_lines, &cabinets, files))
}

/// `sites.csv`: three sectors per site.
fn sites_csv(p: &Province) -> String {
    let proj = p.proj;
    let mut sites_csv = String::from("id,lon,lat,tech,height_m,azimuth_deg\n");
    let (mut n4, mut n5) = (0usize, 0usize);
    for (k, s) in p.sites.iter().enumerate() {
        let (lon, lat) = proj.to_lonlat(s.x, s.y);
        let id = if s.five_g {
            n5 += 1;
            format!("S5G-{n5:03}")
        } else {
            n4 += 1;
            format!("S4G-{n4:04}")
        };
        // Three sectors 120° apart, the first at a site-specific bearing
        // (a deterministic spread, as real sites are not all aligned).
        let first_az = (k * 37) % 120;
        for sector in 0..3 {
            sites_csv.push_str(&id);
            sites_csv.push(',');
            write::push_scaled_fixed(&mut sites_csv, (lon * 1e6).round() as i64, 6);
            sites_csv.push(',');
            write::push_scaled_fixed(&mut sites_csv, (lat * 1e6).round() as i64, 6);
            let _ = writeln!(
                sites_csv,
                ",{},{},{}",
                if s.five_g { "5G" } else { "4G" },
                s.height_m,
                first_az + 120 * sector
            );
        }
    }
    sites_csv
}

/// `households.csv` (gzipped when written).
fn households_csv(p: &Province) -> String {
    let proj = p.proj;
    let mut hh_csv = String::with_capacity(p.households.len() * 34 + 32);
    hh_csv.push_str("id,lon,lat,demand,persons\n");
    for (i, h) in p.households.iter().enumerate() {
        let (lon, lat) = proj.to_lonlat(h.x, h.y);
        let _ = write!(hh_csv, "{},", i + 1);
        write::push_scaled_fixed(&mut hh_csv, (lon * 1e6).round() as i64, 6);
        hh_csv.push(',');
        write::push_scaled_fixed(&mut hh_csv, (lat * 1e6).round() as i64, 6);
        let _ = writeln!(hh_csv, ",{},{}", u8::from(h.demand), h.persons);
    }
    hh_csv
}

/// `network.geojson`: the skeleton's lines (kind `road` for main and
/// secondary roads and town streets, `canal` for canals), the synthetic
/// rights of way `plan fibre` routes along.
fn network_json(p: &Province) -> String {
    let features: Vec<String> = p
        .skeleton
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let mut pts: Vec<P7> = l.pts.iter().map(|&q| p.proj.to_e7(q.0, q.1)).collect();
            pts.dedup();
            (pts.len() >= 2).then(|| {
                let kind = match l.kind {
                    network::LineKind::Canal => "canal",
                    _ => "road",
                };
                let mut s = format!(
                    "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"N{:05}\",\"kind\":\"{kind}\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":",
                    i + 1
                );
                write::push_line(&mut s, &pts);
                s.push_str("}}");
                s
            })
        })
        .collect();
    write::feature_collection(&features)
}

/// Area in m² of twice-areas in (1e-7 degree)² in the local plane.
fn area_m2(proj: &Proj, area2: i128) -> f64 {
    area2 as f64 * 0.5 * 1e-14 * proj.kx * plane::KY
}

fn summarise(
    cfg: &SynthConfig,
    p: &Province,
    fibre_lines: &[Vec<P7>],
    cabinets: &[P7],
    files: Vec<SynthFile>,
) -> SynthSummary {
    use geo::{BoundingRect, Intersects};
    let proj = p.proj;
    let area2: i128 = p
        .commune_polys
        .values()
        .map(|v| rings::shape_area2(v))
        .sum();
    let mut verts: Vec<usize> = p
        .commune_polys
        .values()
        .map(|v| rings::vertex_count(v))
        .collect();
    verts.sort_unstable();
    let inside: Vec<&households::Household> = p.households.iter().filter(|h| !h.outside).collect();
    let demand: Vec<&households::Household> = p.households.iter().filter(|h| h.demand).collect();

    // Fibre reach and length, from the rounded coordinates.
    let fibre_xy: Vec<Vec<(f64, f64)>> = fibre_lines
        .iter()
        .map(|l| l.iter().map(|&q| proj.e7_to_xy(q)).collect())
        .collect();
    let mut segs = Vec::new();
    let mut km = 0.0;
    for l in &fibre_xy {
        for w in l.windows(2) {
            segs.push((w[0], w[1]));
            km += (sq(w[1].0 - w[0].0) + sq(w[1].1 - w[0].1)).sqrt() / 1000.0;
        }
    }
    let g = p.grid;
    let bbox = (
        g.x0 - 5_000.0,
        g.y0 - 5_000.0,
        g.x0 + g.nx as f64 * g.cell + 5_000.0,
        g.y0 + g.ny as f64 * g.cell + 5_000.0,
    );
    let seg_idx = SegIndex::new(segs, bbox, 500.0);
    let reached = demand
        .par_iter()
        .filter(|h| seg_idx.within((h.x, h.y), 150.0))
        .count();
    let mut site_idx = PointIndex::new(bbox, 4_000.0);
    for s in p.sites.iter().filter(|s| !s.five_g) {
        site_idx.insert((s.x, s.y));
    }
    let covered = inside
        .par_iter()
        .filter(|h| site_idx.within((h.x, h.y), 4_000.0))
        .count();

    // Communes with no fibre element in or crossing them (exact, lon/lat).
    let to_ll = |q: P7| geo::Coord {
        x: q[0] as f64 / plane::E7,
        y: q[1] as f64 / plane::E7,
    };
    let geo_lines: Vec<geo::LineString<f64>> = fibre_lines
        .iter()
        .map(|l| l.iter().map(|&q| to_ll(q)).collect())
        .collect();
    let line_boxes: Vec<Option<geo::Rect<f64>>> =
        geo_lines.iter().map(|l| l.bounding_rect()).collect();
    let geo_points: Vec<geo::Point<f64>> = cabinets.iter().map(|&q| to_ll(q).into()).collect();
    let without: Vec<String> = p
        .communes
        .par_iter()
        .filter(|c| {
            let mp = to_multipolygon(&p.commune_polys[&c.label]);
            let Some(bb) = mp.bounding_rect() else {
                return true;
            };
            let hit_line = geo_lines
                .iter()
                .zip(&line_boxes)
                .any(|(l, b)| b.is_some_and(|b| b.intersects(&bb)) && l.intersects(&mp));
            let hit_point = geo_points
                .iter()
                .any(|pt| bb.intersects(pt) && pt.intersects(&mp));
            !(hit_line || hit_point)
        })
        .map(|c| c.code.clone())
        .collect();
    let _ = &p.comm;
    let _ = &p.province_polys;

    SynthSummary {
        seed: cfg.seed,
        area_km2: area_m2(&proj, area2) / 1e6,
        communes: p.communes.len(),
        districts: p.district_polys.len(),
        commune_vertices_min: verts.first().copied().unwrap_or(0),
        commune_vertices_median: verts.get(verts.len() / 2).copied().unwrap_or(0),
        commune_vertices_max: verts.last().copied().unwrap_or(0),
        households: p.households.len(),
        households_outside: p.households.len() - inside.len(),
        demand_households: demand.len(),
        demand_share: demand.len() as f64 / p.households.len().max(1) as f64,
        persons: p.households.iter().map(|h| h.persons as u64).sum(),
        fibre_lines: fibre_lines.len(),
        fibre_km: km,
        cabinets: cabinets.len(),
        communes_without_fibre: without,
        demand_within_150m_of_fibre: reached as f64 / demand.len().max(1) as f64,
        sites_4g: p.sites.iter().filter(|s| !s.five_g).count(),
        sites_5g: p.sites.iter().filter(|s| s.five_g).count(),
        households_within_4km_of_4g: covered as f64 / inside.len().max(1) as f64,
        files,
    }
}

/// A shape as a `geo::MultiPolygon` in lon/lat degrees.
pub(crate) fn to_multipolygon(polys: &[Poly]) -> geo::MultiPolygon<f64> {
    let ring = |r: &Vec<P7>| -> geo::LineString<f64> {
        r.iter()
            .map(|q| geo::Coord {
                x: q[0] as f64 / plane::E7,
                y: q[1] as f64 / plane::E7,
            })
            .collect()
    };
    geo::MultiPolygon(
        polys
            .iter()
            .map(|p| geo::Polygon::new(ring(&p[0]), p[1..].iter().map(ring).collect()))
            .collect(),
    )
}
