//! What the plans propose per commune: every row of `phusong plan sites`
//! (`chosen_sites.csv`) and `phusong plan fibre` (`extensions.csv`) summed
//! per commune code, and where to find the plans along a scenario chain.
//!
//! A plan's households gained are counted in the commune its row names
//! (where a site stands, where an extension ends), so the per-commune sums
//! are exactly the sums of the plans' CSV rows. Readers look columns up by
//! name and ignore columns they do not know, so plans with added columns
//! still read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::aggregate::targets::Network;
use crate::config::Technology;
use crate::input::table::{parse_opt_f64, Table};
use crate::{Error, Result};

/// Everything the plans propose in one commune.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommunePlan {
    /// New 4G sites.
    pub sites_4g: u64,
    /// New 5G sites.
    pub sites_5g: u64,
    /// Households the new 4G sites cover (`gain_households`).
    pub gain_4g: f64,
    /// Households the new 5G sites cover.
    pub gain_5g: f64,
    /// Cost of the new 4G sites, USD.
    pub sites_4g_usd: f64,
    /// Cost of the new 5G sites, USD.
    pub sites_5g_usd: f64,
    /// Fibre extensions.
    pub extensions: u64,
    /// Fibre length to build, metres: the routes of `routes.csv` beside the
    /// plan when it is there, else the extensions' straight lengths.
    pub fibre_m: f64,
    /// Demand households they serve (`households_served`).
    pub fibre_households: f64,
    /// Cost of the extensions (cable and drops), USD.
    pub fibre_usd: f64,
    /// Whether the commune meets a target (by key) once a plan is built, as
    /// the plan itself computed it (`plan_communes.csv`, when the plan
    /// wrote one): true when any plan says so, plans only add.
    pub meets: BTreeMap<String, bool>,
}

impl CommunePlan {
    /// New sites of both technologies.
    pub fn sites(&self) -> u64 {
        self.sites_4g + self.sites_5g
    }

    /// Households gained, all plans together (fibre and mobile).
    pub fn households_gained(&self) -> f64 {
        self.gain_4g + self.gain_5g + self.fibre_households
    }

    /// Total cost, USD.
    pub fn cost_usd(&self) -> f64 {
        self.sites_4g_usd + self.sites_5g_usd + self.fibre_usd
    }

    /// What the plans extending `network` propose here: (description,
    /// households gained, cost), `None` when nothing.
    pub fn for_network(&self, network: Network) -> Option<(String, f64, f64)> {
        match network {
            Network::Fibre if self.extensions > 0 => Some((
                format!(
                    "{} fibre extension{}, {:.1} km",
                    self.extensions,
                    plural(self.extensions),
                    self.fibre_m / 1000.0
                ),
                self.fibre_households,
                self.fibre_usd,
            )),
            Network::Mobile(Technology::G4) if self.sites_4g > 0 => Some((
                format!("{} new 4G site{}", self.sites_4g, plural(self.sites_4g)),
                self.gain_4g,
                self.sites_4g_usd,
            )),
            Network::Mobile(Technology::G5) if self.sites_5g > 0 => Some((
                format!("{} new 5G site{}", self.sites_5g, plural(self.sites_5g)),
                self.gain_5g,
                self.sites_5g_usd,
            )),
            _ => None,
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The plans read, summed per commune code.
#[derive(Debug, Clone, Default)]
pub struct Plans {
    /// Per commune code.
    pub communes: BTreeMap<String, CommunePlan>,
    /// The plan files read.
    pub files: Vec<PathBuf>,
}

impl Plans {
    /// The commune's plan, if any row names it.
    pub fn of(&self, code: &str) -> Option<&CommunePlan> {
        self.communes.get(code)
    }

    /// The province's totals (the sums of every row read).
    pub fn total(&self) -> CommunePlan {
        let mut t = CommunePlan::default();
        for c in self.communes.values() {
            t.sites_4g += c.sites_4g;
            t.sites_5g += c.sites_5g;
            t.gain_4g += c.gain_4g;
            t.gain_5g += c.gain_5g;
            t.sites_4g_usd += c.sites_4g_usd;
            t.sites_5g_usd += c.sites_5g_usd;
            t.extensions += c.extensions;
            t.fibre_m += c.fibre_m;
            t.fibre_households += c.fibre_households;
            t.fibre_usd += c.fibre_usd;
        }
        t
    }
}

fn first_existing(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// The folders holding the plans of scenario `name` and of the plans made
/// on top of them: `root/<name>/`, then for each `plan-sites/` or
/// `plan-fibre/` there with a generated `scenario.toml`, the folder of
/// that scenario's name (`plan fibre` on `outputs/demo/plan-sites/scenario.toml`
/// writes to `outputs/demo-sites/plan-fibre/`), and so on.
pub fn plan_dirs_along_chain(root: &Path, name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue = vec![name.to_string()];
    while let Some(n) = queue.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        let dir = root.join(&n);
        for sub in ["plan-sites", "plan-fibre"] {
            if let Some(next) = generated_name(&dir.join(sub).join("scenario.toml")) {
                queue.push(next);
            }
        }
        out.push(dir);
    }
    out
}

/// The `name` of a generated scenario file, when it has one.
fn generated_name(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: toml::Table = text.parse().ok()?;
    value.get("name")?.as_str().map(str::to_string)
}

/// Read the plans in each of `dirs`: `plan-sites/chosen_sites.csv` and
/// `plan-fibre/extensions.csv` (or the same files directly in the folder),
/// each file once. Absent files are skipped; a present file with a bad
/// value is an error naming the file and line.
pub fn read_plans(dirs: &[PathBuf]) -> Result<Plans> {
    let mut plans = Plans::default();
    let mut seen = BTreeSet::new();
    let mut once =
        |p: &PathBuf| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()));
    for dir in dirs {
        if let Some(p) = first_existing(dir, &["plan-sites/chosen_sites.csv", "chosen_sites.csv"]) {
            if once(&p) {
                read_sites_plan(&p, &mut plans)?;
                read_commune_table(&p, &mut plans)?;
                plans.files.push(p);
            }
        }
        if let Some(p) = first_existing(dir, &["plan-fibre/extensions.csv", "extensions.csv"]) {
            if once(&p) {
                read_fibre_plan(&p, &mut plans)?;
                read_routes(&p, &mut plans)?;
                read_commune_table(&p, &mut plans)?;
                plans.files.push(p);
            }
        }
    }
    Ok(plans)
}

fn number(p: &Path, line: u64, name: &str, cell: Option<&str>) -> Result<f64> {
    Ok(parse_opt_f64(p, line, name, cell)?.unwrap_or(0.0))
}

fn read_sites_plan(path: &Path, plans: &mut Plans) -> Result<()> {
    let mut t = Table::open(path)?;
    let code = t.require("commune_code", &["commune_code"])?;
    let cost = t.require("cost_usd", &["cost_usd"])?;
    let tech = t.find(&["tech"]);
    let gain = t.find(&["gain_households"]);
    let p = path.to_path_buf();
    t.for_each(|line, rec| {
        let tech_text = tech.and_then(|c| rec.get(c)).unwrap_or("4G");
        let tech = Technology::parse(tech_text).ok_or_else(|| {
            Error::input(
                &p,
                format!("line {line}"),
                format!("`tech` must be 4G or 5G, found {tech_text:?}"),
            )
        })?;
        let cost_usd = number(&p, line, "cost_usd", rec.get(cost))?;
        let households = match gain {
            Some(c) => number(&p, line, "gain_households", rec.get(c))?,
            None => 0.0,
        };
        let c = plans
            .communes
            .entry(rec.get(code).unwrap_or("").to_string())
            .or_default();
        match tech {
            Technology::G4 => {
                c.sites_4g += 1;
                c.gain_4g += households;
                c.sites_4g_usd += cost_usd;
            }
            Technology::G5 => {
                c.sites_5g += 1;
                c.gain_5g += households;
                c.sites_5g_usd += cost_usd;
            }
        }
        Ok(())
    })
}

fn read_fibre_plan(path: &Path, plans: &mut Plans) -> Result<()> {
    let mut t = Table::open(path)?;
    let code = t.require("commune_code", &["commune_code"])?;
    let cost = t.require("cost_usd", &["cost_usd"])?;
    let length = t.find(&["length_m"]);
    let served = t.find(&["households_served"]);
    let p = path.to_path_buf();
    t.for_each(|line, rec| {
        let cost_usd = number(&p, line, "cost_usd", rec.get(cost))?;
        let length_m = match length {
            Some(c) => number(&p, line, "length_m", rec.get(c))?,
            None => 0.0,
        };
        let households = match served {
            Some(c) => number(&p, line, "households_served", rec.get(c))?,
            None => 0.0,
        };
        let c = plans
            .communes
            .entry(rec.get(code).unwrap_or("").to_string())
            .or_default();
        c.extensions += 1;
        c.fibre_m += length_m;
        c.fibre_households += households;
        c.fibre_usd += cost_usd;
        Ok(())
    })
}

/// The length of the `routes.csv` beside a fibre plan, when there is one:
/// the routes are what gets built (shared trunk counted once; under
/// `[fibre] distance = "network"` along the roads and canals), while an
/// extension's `length_m` is its straight stub. A commune with routes takes
/// their length as its fibre length.
fn read_routes(plan_file: &Path, plans: &mut Plans) -> Result<()> {
    let path = plan_file.with_file_name("routes.csv");
    if !path.is_file() {
        return Ok(());
    }
    let mut t = Table::open(&path)?;
    let code = t.require("commune_code", &["commune_code"])?;
    let length = t.require("length_m", &["length_m"])?;
    let mut per_commune: BTreeMap<String, f64> = BTreeMap::new();
    t.for_each(|line, rec| {
        let length_m = number(&path, line, "length_m", rec.get(length))?;
        *per_commune
            .entry(rec.get(code).unwrap_or("").to_string())
            .or_default() += length_m;
        Ok(())
    })?;
    for (code, length_m) in per_commune {
        if let Some(c) = plans.communes.get_mut(&code) {
            c.fibre_m = length_m;
        }
    }
    Ok(())
}

/// The `meets_<target>` columns of the `plan_communes.csv` beside a plan
/// file, when there is one (absent file or columns: nothing to read).
fn read_commune_table(plan_file: &Path, plans: &mut Plans) -> Result<()> {
    let path = plan_file.with_file_name("plan_communes.csv");
    if !path.is_file() {
        return Ok(());
    }
    let mut t = Table::open(&path)?;
    let code = t.require("commune_code", &["commune_code"])?;
    let keys = [
        "fibre_households",
        "fibre_communes",
        "mobile_4g_households",
        "mobile_5g_households",
    ];
    let cols: Vec<(&str, usize)> = keys
        .iter()
        .filter_map(|k| Some((*k, t.find(&[&format!("meets_{k}")])?)))
        .collect();
    t.for_each(|_, rec| {
        let c = plans
            .communes
            .entry(rec.get(code).unwrap_or("").to_string())
            .or_default();
        for (key, col) in &cols {
            let v = match rec.get(*col).map(str::trim) {
                Some("true") => true,
                Some("false") => false,
                _ => continue,
            };
            let m = c.meets.entry(key.to_string()).or_insert(false);
            *m |= v;
        }
        Ok(())
    })
}
