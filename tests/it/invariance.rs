//! Results must not depend on the number of threads or on input order.

use crate::common::*;
use phusong::config::Scenario;
use phusong::engine::{compute, NoProgress, RunResult};
use phusong::input::Households;
use phusong::input::Inputs;

/// A deterministic pseudo-random generator for test data.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_f64() * n as f64) as usize % n.max(1)
    }
}

/// A 6×5 grid of communes with jittered shared vertices (so boundaries are
/// not axis-aligned), households, cables and sites around lon 105, lat 9.
pub fn random_case(seed: u64, n_households: usize) -> Case {
    let mut rng = Lcg(seed);
    let (nx, ny) = (6usize, 5usize);
    let step = 0.02;
    let mut v = vec![vec![(0.0, 0.0); ny + 1]; nx + 1];
    for (i, col) in v.iter_mut().enumerate() {
        for (j, p) in col.iter_mut().enumerate() {
            let interior = i > 0 && i < nx && j > 0 && j < ny;
            let jx = if interior {
                (rng.next_f64() - 0.5) * step * 0.6
            } else {
                0.0
            };
            let jy = if interior {
                (rng.next_f64() - 0.5) * step * 0.6
            } else {
                0.0
            };
            *p = (105.0 + i as f64 * step + jx, 9.0 + j as f64 * step + jy);
        }
    }
    let mut areas = Vec::new();
    for i in 0..nx {
        for j in 0..ny {
            let mut a = area(
                &format!("{:03}", (i * ny + j) * 7 % 97),
                vec![v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1]],
            );
            a.parent = Some(format!("D{}", i / 2));
            areas.push(a);
        }
    }
    let mut hh = Vec::new();
    for k in 0..n_households {
        let (x, y) = if k % 50 == 0 {
            // Exactly on a grid vertex (a shared boundary point).
            v[rng.below(nx + 1)][rng.below(ny + 1)]
        } else {
            (104.99 + rng.next_f64() * 0.14, 8.99 + rng.next_f64() * 0.12)
        };
        hh.push((format!("h{k}"), x, y, rng.next_f64() < 0.85));
    }
    let mut lines = Vec::new();
    for _ in 0..8 {
        let mut l = vec![(105.0 + rng.next_f64() * 0.12, 9.0 + rng.next_f64() * 0.1)];
        for _ in 0..5 {
            let (x, y) = l[l.len() - 1];
            l.push((
                x + (rng.next_f64() - 0.5) * 0.02,
                y + (rng.next_f64() - 0.5) * 0.02,
            ));
        }
        lines.push(l);
    }
    let points: Vec<(f64, f64)> = (0..4)
        .map(|_| (105.0 + rng.next_f64() * 0.12, 9.0 + rng.next_f64() * 0.1))
        .collect();
    let mut sites = Vec::new();
    for k in 0..25 {
        let tech = if k % 4 == 0 { "5G" } else { "4G" };
        let r = if tech == "5G" {
            300.0 + 500.0 * rng.next_f64()
        } else {
            800.0 + 2000.0 * rng.next_f64()
        };
        sites.push((
            format!("S{k}"),
            105.0 + rng.next_f64() * 0.12,
            9.0 + rng.next_f64() * 0.1,
            tech,
            r,
        ));
    }
    Case::new(
        &areas_geojson(&areas),
        &households_csv(&hh),
        &fibre_geojson(&lines, &points),
        &sites_csv(&sites),
        "[areas]\nparent_field = \"district\"\n[fibre]\ndrop_m = 400\n",
    )
}

fn run_in_pool(threads: usize, scenario: &Scenario, inputs: Inputs) -> RunResult {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| compute(scenario, inputs, None, &NoProgress).unwrap())
}

/// Per household id: (commune, distance, served, 4G, 4G site, 5G, 5G site).
fn per_household(r: &RunResult) -> std::collections::BTreeMap<String, String> {
    let hh = &r.inputs.households;
    let a = assignment(r);
    (0..hh.len())
        .map(|i| {
            let id = hh.ids.get(i).to_string();
            let site = |s: u32| {
                if s == u32::MAX {
                    String::new()
                } else {
                    r.inputs.sites.ids[s as usize].clone()
                }
            };
            let h = &r.households;
            // Lean runs (no per-household outputs) have flags only.
            let (d, s4, s5) = match h.fibre_distance_m.get(i) {
                Some(d) => (
                    d.to_string(),
                    site(h.g4.best_site[i]),
                    site(h.g5.best_site[i]),
                ),
                None => Default::default(),
            };
            let v = format!(
                "{} {d} {} {} {s4} {} {s5} {} {}",
                a[&id],
                h.fibre_served[i],
                h.g4.covered[i],
                h.g5.covered[i],
                h.g4.good[i],
                h.g5.good[i],
            );
            (id, v)
        })
        .collect()
}

#[test]
fn same_results_for_any_thread_count_and_input_order() {
    same_results(false);
}

/// Lean runs (flags only) visit the households in spatial order, in
/// parallel; the results are still those of any thread count and order.
#[test]
fn lean_runs_same_for_any_thread_count_and_input_order() {
    same_results(true);
}

fn same_results(lean: bool) {
    let case = random_case(42, 30_000);
    let mut scenario = Scenario::load(&case.scenario_path()).unwrap();
    if lean {
        scenario.outputs.households = false;
    }
    let inputs = phusong::pipeline::load_strict(&scenario, &NoProgress).unwrap();
    let one = run_in_pool(1, &scenario, inputs.clone());
    let two = run_in_pool(2, &scenario, inputs.clone());
    let three = run_in_pool(3, &scenario, inputs.clone());

    // Shuffle households, areas and sites.
    let mut rng = Lcg(7);
    let mut shuffled = inputs.clone();
    let n = inputs.households.len();
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let src = &inputs.households;
    let mut h = Households::default();
    for &i in &order {
        h.push(src.ids.get(i), src.lon[i], src.lat[i], src.demand[i], None);
    }
    shuffled.households = h;
    shuffled.areas.items.reverse();
    let areas =
        phusong::input::Areas::new(shuffled.areas.items, &case.path("areas.geojson")).unwrap();
    shuffled.areas = areas;
    let s = &mut shuffled.sites;
    let k = s.len();
    for i in (1..k).rev() {
        let j = rng.below(i + 1);
        s.swap(i, j);
    }
    let shuffled_run = run_in_pool(2, &scenario, shuffled);

    for other in [&two, &three, &shuffled_run] {
        assert!(
            one.communes.equals(&other.communes),
            "commune tables differ"
        );
        assert!(one.province.equals(&other.province));
        assert!(one
            .parents
            .as_ref()
            .unwrap()
            .equals(other.parents.as_ref().unwrap()));
        assert_eq!(per_household(&one), per_household(other));
    }
    // Same input order: identical columns, bit for bit (NaN RSRP included).
    let bits = |r: &RunResult| {
        let h = &r.households;
        let f = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        (
            h.area.clone(),
            h.fibre_distance_m
                .iter()
                .map(|x| x.to_bits())
                .collect::<Vec<_>>(),
            h.fibre_served.clone(),
            (
                h.g4.best_site.clone(),
                f(&h.g4.rsrp_dbm),
                h.g4.covered.clone(),
                h.g4.good.clone(),
            ),
            (
                h.g5.best_site.clone(),
                f(&h.g5.rsrp_dbm),
                h.g5.covered.clone(),
                h.g5.good.clone(),
            ),
        )
    };
    assert!(
        bits(&one) == bits(&two) && bits(&one) == bits(&three),
        "per-household columns differ"
    );
}
