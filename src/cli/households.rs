//! `phusong households from-counts | from-grid`.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use geo::BoundingRect;
use phusong::config::AreaFields;
use phusong::households::{
    check_overlap, place_from_counts, place_from_grid, read_count_areas, read_settlements,
    write_households_csv, CountColumns, GridOptions, Weights,
};
use phusong::input::geotiff::read_geotiff;
use phusong::input::read_areas;

/// Arguments of `phusong households`.
#[derive(Debug, Args)]
pub struct HouseholdsArgs {
    #[command(subcommand)]
    pub command: HouseholdsCommand,
}

/// The two ways to build a households layer.
#[derive(Debug, Subcommand)]
pub enum HouseholdsCommand {
    /// Place households from counts per area (e.g. the 2019 census per commune).
    #[command(long_about = FROM_COUNTS_ABOUT)]
    FromCounts(FromCountsArgs),
    /// Place households from a population grid (WorldPop / GHSL GeoTIFF).
    #[command(long_about = FROM_GRID_ABOUT)]
    FromGrid(FromGridArgs),
}

const FROM_COUNTS_ABOUT: &str = "Place households from counts per area: exactly the given number \
of points strictly inside each area (tested with the same point-in-polygon as `phusong run`, on \
the coordinates as written), spread uniformly, or by a population grid (--grid) or a \
settlements/buildings layer (--settlements) so that points fall where people live. The counts are \
properties of the areas, or columns of a CSV joined on the area code (--counts). Persons come \
from a total per area (--persons) or households by size 1…7+ (--sizes, as the census gives them); \
demand from a rate (--demand-rate, default 1.0) or a per-area column (--demand-column), exactly \
round(rate × households) per area. Deterministic for --seed, whatever the number of threads.

Writes the households CSV `phusong run` reads: id,lon,lat,demand[,persons],source_area (gzip when \
the name ends in .gz). Nothing is written on error.

Example (the real Cà Mau demo, see data/camau/make.sh):
  phusong households from-counts communes_pre2025.geojson --id commune_id_2009 \\
      --count households_2019 --counts census.csv --sizes hh_size1,…,hh_size7plus \\
      --out households.csv.gz";

const FROM_GRID_ABOUT: &str = "Households from a population GeoTIFF alone (WorldPop's 100 m `ppp` \
grids: persons per cell, float, NoData): per cell, persons ÷ household size households (rounded \
up or down at random, so the expected total is exact), each uniform in its cell. With --areas, \
each cell belongs to the area holding its centre, points stay strictly inside it, cells outside \
every area are left out (and counted), and --size-column gives a household size per area. \
GeoTIFF: strips or tiles, Deflate/LZW/none, integer or float, one band, EPSG:4326 or a \
projected EPSG CRS (UTM) in its GeoKeys; read with the pure-Rust `tiff` crate (no GDAL).";

/// Arguments of `phusong households from-counts`.
#[derive(Debug, Args)]
pub struct FromCountsArgs {
    /// Areas with the counts (GeoJSON or Shapefile, any CRS phusong reads).
    pub areas: PathBuf,
    /// Property with the area code (and join column of --counts).
    #[arg(long, default_value = "code")]
    pub id: String,
    /// Column (or property) with the households per area: whole numbers ≥ 0.
    #[arg(long, default_value = "households")]
    pub count: String,
    /// CSV of counts joined on --id (else the areas' own properties).
    #[arg(long, value_name = "FILE.csv")]
    pub counts: Option<PathBuf>,
    /// Column with the persons per area (shared out evenly).
    #[arg(long)]
    pub persons: Option<String>,
    /// Columns with households of 1, 2, …, k+ persons, comma-separated.
    #[arg(long, value_delimiter = ',', conflicts_with = "persons")]
    pub sizes: Vec<String>,
    /// Share of households that want fixed broadband.
    #[arg(long, default_value_t = 1.0)]
    pub demand_rate: f64,
    /// Column with a per-area demand share (replaces --demand-rate).
    #[arg(long)]
    pub demand_column: Option<String>,
    /// Population GeoTIFF weighting where households fall in each area.
    #[arg(long, value_name = "GRID.tif", conflicts_with = "settlements")]
    pub grid: Option<PathBuf>,
    /// Settlement points or building footprints weighting where households fall.
    #[arg(long, value_name = "FILE")]
    pub settlements: Option<PathBuf>,
    /// Property of the settlements with their weight (default 1 per point, area per footprint).
    #[arg(long)]
    pub settlement_weight: Option<String>,
    /// Radius around a settlement in which its households are spread, metres.
    #[arg(long, default_value_t = 150.0)]
    pub jitter_m: f64,
    /// Random seed.
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
    /// Output CSV (.csv or .csv.gz).
    #[arg(long, default_value = "households.csv.gz")]
    pub out: PathBuf,
}

/// Arguments of `phusong households from-grid`.
#[derive(Debug, Args)]
pub struct FromGridArgs {
    /// Population GeoTIFF (persons per cell).
    pub grid: PathBuf,
    /// Persons per household (the 2019 census: 3.6 for Vietnam, 3.9 for Cà Mau).
    #[arg(long, default_value_t = 3.6)]
    pub household_size: f64,
    /// Areas to keep households in (and to name them in `source_area`).
    #[arg(long)]
    pub areas: Option<PathBuf>,
    /// Property with the area code.
    #[arg(long, default_value = "code")]
    pub id: String,
    /// Property of the areas with their persons per household.
    #[arg(long, requires = "areas")]
    pub size_column: Option<String>,
    /// Share of households that want fixed broadband.
    #[arg(long, default_value_t = 1.0)]
    pub demand_rate: f64,
    /// Random seed.
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
    /// Output CSV (.csv or .csv.gz).
    #[arg(long, default_value = "households.csv.gz")]
    pub out: PathBuf,
}

pub fn run(args: &HouseholdsArgs, quiet: bool) -> Result<()> {
    match &args.command {
        HouseholdsCommand::FromCounts(a) => from_counts(a, quiet),
        HouseholdsCommand::FromGrid(a) => from_grid(a, quiet),
    }
}

fn from_counts(a: &FromCountsArgs, quiet: bool) -> Result<()> {
    if !(0.0..=1.0).contains(&a.demand_rate) {
        bail!(
            "--demand-rate must be between 0 and 1, got {}",
            a.demand_rate
        );
    }
    let columns = CountColumns {
        id: a.id.clone(),
        households: a.count.clone(),
        persons: a.persons.clone(),
        sizes: a.sizes.clone(),
        demand_rate: a.demand_column.clone(),
    };
    let (areas, missing) =
        read_count_areas(&a.areas, a.counts.as_deref(), &columns, a.demand_rate)?;
    let weights = match (&a.grid, &a.settlements) {
        (Some(g), _) => {
            let grid = read_geotiff(g)?;
            check_overlap(g, &grid, bbox(areas.iter().map(|x| &x.geometry)))?;
            Weights::Grid(grid)
        }
        (None, Some(s)) => read_settlements(s, a.settlement_weight.as_deref(), a.jitter_m)?,
        (None, None) => Weights::Uniform,
    };
    let placed = place_from_counts(&areas, &weights, a.seed)
        .with_context(|| a.areas.display().to_string())?;
    write_households_csv(&a.out, &placed.households)
        .with_context(|| format!("writing {}", a.out.display()))?;
    if !quiet {
        if !missing.is_empty() {
            eprintln!(
                "warning: {} areas have no count and get no households: {}",
                missing.len(),
                list(&missing)
            );
        }
        if !placed.uniform_areas.is_empty() {
            eprintln!(
                "warning: {} areas have no populated cell or settlement inside and were filled \
                 uniformly: {}",
                placed.uniform_areas.len(),
                list(&placed.uniform_areas)
            );
        }
        eprintln!(
            "wrote {} households in {} areas to {}",
            placed.households.len(),
            areas.iter().filter(|x| x.households > 0).count(),
            a.out.display()
        );
    }
    Ok(())
}

fn from_grid(a: &FromGridArgs, quiet: bool) -> Result<()> {
    if !(0.0..=1.0).contains(&a.demand_rate) {
        bail!(
            "--demand-rate must be between 0 and 1, got {}",
            a.demand_rate
        );
    }
    let grid = read_geotiff(&a.grid)?;
    let opts = GridOptions {
        seed: a.seed,
        household_size: a.household_size,
        demand_rate: a.demand_rate,
    };
    let placed = match &a.areas {
        Some(path) => {
            let fields = AreaFields {
                id_field: a.id.clone(),
                name_field: a.id.clone(),
                ..AreaFields::default()
            };
            let areas = read_areas(path, &fields)?;
            check_overlap(
                &a.grid,
                &grid,
                bbox(areas.items.iter().map(|x| &x.geometry)),
            )?;
            let sizes: Vec<Option<f64>> = match &a.size_column {
                Some(c) => {
                    let m = phusong::households::counts_table::area_numbers(path, &a.id, c)?;
                    areas.items.iter().map(|x| m.get(&x.id).copied()).collect()
                }
                None => vec![None; areas.len()],
            };
            place_from_grid(&grid, Some((&areas, &sizes)), &opts)
        }
        None => place_from_grid(&grid, None, &opts),
    }
    .with_context(|| format!("placing households from {}", a.grid.display()))?;
    write_households_csv(&a.out, &placed.households)
        .with_context(|| format!("writing {}", a.out.display()))?;
    if !quiet {
        if placed.persons_outside > 0.0 {
            eprintln!(
                "note: {:.0} of {:.0} persons are in cells whose centre is in no area and were \
                 left out",
                placed.persons_outside, placed.persons_in_grid
            );
        }
        eprintln!(
            "wrote {} households from {} populated cells ({:.0} persons) to {}",
            placed.households.len(),
            placed.cells,
            placed.persons_in_grid,
            a.out.display()
        );
    }
    Ok(())
}

fn bbox<'a>(geoms: impl Iterator<Item = &'a geo::MultiPolygon<f64>>) -> [f64; 4] {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for r in geoms.filter_map(|g| g.bounding_rect()) {
        b = [
            b[0].min(r.min().x),
            b[1].min(r.min().y),
            b[2].max(r.max().x),
            b[3].max(r.max().y),
        ];
    }
    b
}

fn list(ids: &[String]) -> String {
    let mut s = ids.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > 20 {
        s.push_str(", …");
    }
    s
}
