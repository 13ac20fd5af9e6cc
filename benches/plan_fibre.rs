//! `plan fibre` along a road and canal network on a large synthetic
//! province: 528,000 households (about Cà Mau's), the synthetic skeleton
//! of roads and canals as the network, split into edges of at most
//! `node_spacing_m` (90 m: 58,746 edges).
//!
//! Run with `cargo bench --bench plan_fibre` (not beside other builds: the
//! machine is shared). The goal: under 30 s on 2 cores.

use std::sync::OnceLock;

use divan::Bencher;
use phusong::config::Scenario;
use phusong::engine::NoProgress;
use phusong::pipeline::{self, Options, RunResult};
use phusong::plan::plan_fibre;
use phusong::synth::{generate_to_dir, SynthConfig};

fn main() {
    divan::main();
}

struct Province {
    _dir: tempfile::TempDir,
    scenario: Scenario,
    base: RunResult,
}

fn province() -> &'static Province {
    static P: OnceLock<Province> = OnceLock::new();
    P.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let cfg = SynthConfig {
            households: 528_000,
            ..Default::default()
        };
        generate_to_dir(&cfg, dir.path()).expect("synthetic province");
        let toml = "name = \"bench\"\n[layers]\nareas = \"communes.geojson\"\n\
            households = \"households.csv.gz\"\nfibre = \"fibre.geojson\"\nsites = \"sites.csv\"\n\
            network = \"network.geojson\"\n[areas]\nparent_field = \"district\"\n\
            [network]\nnode_spacing_m = 90.0\n[outputs]\nmaps = false\n";
        let path = dir.path().join("bench.toml");
        std::fs::write(&path, toml).expect("scenario");
        let scenario = Scenario::load(&path).expect("scenario");
        let base = pipeline::run(&scenario, &Options::default(), &NoProgress).expect("run");
        let graph = phusong::plan::network_graph::load(&scenario, &base.projection)
            .expect("network")
            .expect("a network layer");
        eprintln!(
            "network: {} nodes, {} edges",
            graph.node_count(),
            graph.edges.len()
        );
        Province {
            _dir: dir,
            scenario,
            base,
        }
    })
}

/// The whole plan: extensions, routes along the network, recount, top-up.
#[divan::bench(sample_count = 3, threads = false)]
fn plan_fibre_on_the_network(b: Bencher) {
    let p = province();
    b.bench(|| {
        let plan = plan_fibre(&p.scenario, &p.base, &NoProgress).unwrap();
        assert!(plan.on_network && !plan.routes.is_empty());
        assert_eq!(plan.gap_households(), 0);
    });
}

/// `[fibre] distance = "network"` on the same province: the graph, the
/// multi-source Dijkstra from the fibre and every household's access point
/// and network distance (the part a run adds under the network rule).
#[divan::bench(sample_count = 3, threads = false)]
fn fibre_distance_along_the_network(b: Bencher) {
    use phusong::coverage::fibre_network::FibreNetwork;
    use phusong::index::SegmentIndex;
    let p = province();
    let proj = &p.base.projection;
    let hh = &p.base.inputs.households;
    let xy: Vec<[f64; 2]> = (0..hh.len())
        .map(|i| proj.forward(hh.lon[i], hh.lat[i]))
        .collect();
    let straight = &p.base.households.fibre_distance_m;
    let fibre = SegmentIndex::new(phusong::engine::fibre_elements(proj, &p.base.inputs.fibre));
    b.bench(|| {
        let graph = phusong::plan::network_graph::load(&p.scenario, proj)
            .unwrap()
            .unwrap();
        let net = FibreNetwork::new(&graph, &fibre, 30.0, p.scenario.fibre.drop_m);
        let s = net.evaluate_all(&xy, straight);
        assert_eq!(s.len(), xy.len());
        s.iter().filter(|s| s.served).count()
    });
}

/// The same province under `[fibre] distance = "network"`, run once.
fn along_the_network() -> &'static (Scenario, RunResult) {
    static A: OnceLock<(Scenario, RunResult)> = OnceLock::new();
    A.get_or_init(|| {
        let p = province();
        let mut s = p.scenario.clone();
        s.fibre.distance = phusong::config::FibreDistance::Network;
        let base = pipeline::run(&s, &Options::default(), &NoProgress).expect("run");
        (s, base)
    })
}

/// The whole plan under `[fibre] distance = "network"`: every routing
/// counted along the network, and the rounds that add network nodes while
/// a commune is below the target.
#[divan::bench(sample_count = 3, threads = false)]
fn plan_fibre_under_the_network_rule(b: Bencher) {
    let (scenario, base) = along_the_network();
    b.bench(|| {
        let plan = plan_fibre(scenario, base, &NoProgress).unwrap();
        assert!(plan.on_network && plan.fibre_join_m.is_some());
        assert!(plan.served_after > plan.served_before);
        plan.served_after
    });
}
