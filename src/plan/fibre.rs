//! `plan fibre`: fibre extensions that reach every commune and bring each
//! commune to the household target.
//!
//! An extension is a **straight line** in the run's projected (metric)
//! plane from the nearest point of the fibre to a target point; it says
//! which households to reach. The routes to build join the targets to the
//! fibre per commune ([`crate::plan::routes`]; along the road and canal
//! network when the scenario has one). Under the default straight rule a
//! household counts as served when it is within the scenario's `drop_m`
//! of a line: the rule of `run` ([`crate::coverage::FibreModel`]). Under
//! `[fibre] distance = "network"` the routes' households are counted along
//! the network by the run's own rule (`plan::network_count`), and
//! step 3 below is replaced by rounds that add, per commune below the
//! target, the network nodes that serve its unserved households
//! (`network_rounds`). Every line is snapped to the coordinates written
//! to `planned_fibre.geojson` (10⁻⁷°) before it is evaluated, so a `run` of
//! the generated scenario counts exactly the households the plan counts.
//!
//! Three steps, in this order in the ranked plan:
//! 1. **reach_commune**: for every commune the network does not reach, the
//!    shortest line from the existing network to the commune polygon (the
//!    closest pair of points, found between the polygon's vertices and the
//!    network and between the network's end points and the polygon's
//!    edges), continued 1 m into the commune so that `run` counts it
//!    reached.
//! 2. **cluster**: for the same communes, a line from the network (now
//!    with step 1's lines) to the largest cluster of its unserved demand
//!    households (households linked when at most `drop_m` apart), ending at
//!    the cluster's member nearest its centroid.
//! 3. **households**: while a commune is below the household target,
//!    greedily add the extension that newly serves the most demand
//!    households of communes below the target per km. Candidates are lines
//!    from the nearest network point to the centroid of the unserved demand
//!    households of each commune in each grid cell of side drop_m/√2 (so a
//!    candidate always serves its whole cell, and the loop always ends);
//!    when an extension is added, candidates closer to it than to the rest
//!    of the network branch from it instead. Gains are evaluated lazily
//!    (as in [`crate::plan::greedy`]): a gain only shrinks while the line
//!    stays, and a candidate whose line changes is re-evaluated at once.
//!
//! When every commune meets the target, so does the province (each
//! commune's share rounds up separately).

use std::collections::{BTreeMap, BinaryHeap, HashSet};

use geo::InteriorPoint;
use rayon::prelude::*;

use crate::aggregate::{gap_to_target, share};
use crate::config::{FibreDistance, Scenario};
use crate::engine::{NoProgress, Progress, RunResult, UNASSIGNED};
use crate::index::Containment;
use crate::network::Graph;
pub use crate::plan::fibre_routes::Route;
use crate::plan::fibre_routes::{route_records, Routed};
use crate::plan::geometry::{centroid, clusters, dist, medoid, Network, PointIndex};
use crate::plan::network_count::{NetworkCount, NodeTarget};
use crate::plan::routes::{Piece, Router};
use crate::projection::Projection;
use crate::{Error, Result};

/// Cut-offs of [`plan_fibre_with`] (beside the household target).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FibreOptions {
    /// Stop before the plan's cost (routes and drops) exceeds this, USD:
    /// the longest prefix of the ranked extensions whose routes fit
    /// (found by bisection; without the top-up).
    pub budget_usd: Option<f64>,
    /// Stop adding household extensions that cost more than this per
    /// newly served household (straight estimate: length × route_factor ×
    /// fibre_per_km_usd / households + drop_usd), USD.
    pub max_usd_per_household: Option<f64>,
}

/// The rule that ended a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopRule {
    /// Every commune meets the target (or the requested number of sites).
    Target,
    /// No candidate serves anyone more.
    Exhausted,
    /// The next step would exceed `--budget-usd`.
    Budget,
    /// The next step costs more than `--max-usd-per-household`.
    MaxUsdPerHousehold,
    /// `--max-sites` sites chosen.
    MaxSites,
}

impl StopRule {
    /// "target", "exhausted", "budget", "max_usd_per_household", "max_sites".
    pub fn label(self) -> &'static str {
        match self {
            StopRule::Target => "target",
            StopRule::Exhausted => "exhausted",
            StopRule::Budget => "budget",
            StopRule::MaxUsdPerHousehold => "max_usd_per_household",
            StopRule::MaxSites => "max_sites",
        }
    }
}

/// Why an extension is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionKind {
    /// Reaches a commune the network does not reach.
    ReachCommune,
    /// Reaches the largest cluster of unserved households of such a commune.
    Cluster,
    /// Serves households of a commune below the household target.
    Households,
}

impl ExtensionKind {
    /// "reach_commune", "cluster" or "households".
    pub fn label(self) -> &'static str {
        match self {
            ExtensionKind::ReachCommune => "reach_commune",
            ExtensionKind::Cluster => "cluster",
            ExtensionKind::Households => "households",
        }
    }
}

/// One planned fibre extension (a straight line).
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    /// 1 for the first.
    pub rank: usize,
    /// Id of the planned fibre feature.
    pub id: String,
    /// Code of the commune it is for.
    pub commune_code: String,
    /// Name of that commune.
    pub commune_name: String,
    /// Why.
    pub kind: ExtensionKind,
    /// Start on the network, lon/lat.
    pub from: [f64; 2],
    /// End, lon/lat.
    pub to: [f64; 2],
    /// Straight-line length, metres.
    pub length_m: f64,
    /// Demand households it newly serves (any commune).
    pub households_served: u64,
    /// Cost: route length × cost per km + drops, USD.
    pub cost_usd: f64,
    /// Running total of `length_m`.
    pub cumulative_length_m: f64,
    /// Running total of `cost_usd`.
    pub cumulative_cost_usd: f64,
    /// Demand households served in the province after it, as a share.
    pub province_share: f64,
}

/// Before/after figures of one commune.
#[derive(Debug, Clone, PartialEq)]
pub struct CommunePlan {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Demand households.
    pub demand: u64,
    /// Served before the plan.
    pub served_before: u64,
    /// Served after.
    pub served_after: u64,
    /// Reached by fibre before the plan.
    pub reached_before: bool,
    /// Metres of its route (network and straight).
    pub length_m: f64,
    /// Metres of its route per kind (network kinds, `straight`).
    pub m_by_kind: BTreeMap<String, f64>,
    /// Cost of its route and drops, USD.
    pub cost_usd: f64,
}

/// The result of [`plan_fibre`].
#[derive(Debug, Clone)]
pub struct FibrePlan {
    /// The extensions in rank order.
    pub extensions: Vec<Extension>,
    /// Per commune, in the areas' order.
    pub communes: Vec<CommunePlan>,
    /// Demand households in the communes.
    pub demand: u64,
    /// Served before.
    pub served_before: u64,
    /// Served after.
    pub served_after: u64,
    /// The household target share.
    pub target_households: f64,
    /// The route factor the costs used.
    pub route_factor: f64,
    /// The unit costs used.
    pub costs: crate::config::Costs,
    /// The routes to build, per commune ([`crate::plan::routes`]).
    pub routes: Vec<Route>,
    /// Whether they follow a network layer.
    pub on_network: bool,
    /// The rule that ended the plan.
    pub stop: StopRule,
    /// Findings: unreachable parts, far networks (one line each).
    pub warnings: Vec<String>,
    /// The per-commune table ([`crate::plan::communes`]).
    pub table: Vec<crate::plan::communes::CommuneRow>,
    /// The scenario's drop distance, metres.
    pub drop_m: f64,
    /// Under `[fibre] distance = "network"` (households counted along the
    /// network): the fibre join distance, metres; `None` under the
    /// straight rule.
    pub fibre_join_m: Option<f64>,
}

impl FibrePlan {
    /// Total straight-line length of the extensions, metres.
    pub fn length_m(&self) -> f64 {
        self.extensions.iter().map(|e| e.length_m).sum()
    }
    /// Total length of the routes, metres.
    pub fn route_length_m(&self) -> f64 {
        self.routes.iter().map(|r| r.length_m).sum()
    }
    /// Total cost of the routes and drops, USD.
    pub fn cost_usd(&self) -> f64 {
        self.routes.iter().map(|r| r.cost_usd).sum()
    }
    /// Cost of the cable alone, USD.
    pub fn cable_usd(&self) -> f64 {
        self.routes.iter().map(|r| r.cable_usd).sum()
    }
    /// Demand households the communes still lack to meet the target.
    pub fn gap_households(&self) -> u64 {
        self.communes
            .iter()
            .map(|c| gap_to_target(self.target_households, c.demand, c.served_after))
            .sum()
    }
    /// Communes meeting the household target after the plan.
    pub fn communes_meeting_after(&self) -> usize {
        self.communes
            .iter()
            .filter(|c| gap_to_target(self.target_households, c.demand, c.served_after) == 0)
            .count()
    }
    /// Communes meeting it before.
    pub fn communes_meeting_before(&self) -> usize {
        self.communes
            .iter()
            .filter(|c| gap_to_target(self.target_households, c.demand, c.served_before) == 0)
            .count()
    }
}

/// Round degrees to 10⁻⁷ (≈ 1 cm), the precision of the written lines.
fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

/// Snap a projected point to written lon/lat and back.
fn snap(proj: &Projection, p: [f64; 2]) -> ([f64; 2], [f64; 2]) {
    let [lon, lat] = proj.inverse(p[0], p[1]);
    let ll = [round7(lon), round7(lat)];
    (ll, proj.forward(ll[0], ll[1]))
}

/// A line from the network: (start lon/lat, start xy, end lon/lat, end xy,
/// length in metres), snapped to the written coordinates.
type Line = ([f64; 2], [f64; 2], [f64; 2], [f64; 2], f64);

/// An extension as planned: (commune, kind, from, to (lon/lat), length,
/// households newly served).
type Planned = (usize, ExtensionKind, [f64; 2], [f64; 2], f64, u64);

/// The planner's state: the growing network and who is served.
struct State<'a> {
    proj: &'a Projection,
    drop_m: f64,
    network: Network,
    /// Unserved demand households in communes (local index → xy, commune).
    xy: Vec<[f64; 2]>,
    commune: Vec<u32>,
    index: PointIndex,
    served: Vec<bool>,
    /// Per commune (the areas' order): served count now, demand.
    served_c: Vec<u64>,
    demand_c: Vec<u64>,
    target: f64,
    /// Feature id of the last line added to the network.
    feature: u32,
}

impl<'a> State<'a> {
    /// The state before any extension: `network` (the existing one), the
    /// demand households in communes that `base` leaves unserved, and the
    /// per-commune counts of `base`. New features are numbered after the
    /// existing ones.
    fn new(scenario: &Scenario, base: &'a RunResult, network: Network) -> Self {
        let proj = &base.projection;
        let hh = &base.inputs.households;
        let unserved: Vec<usize> = (0..hh.len())
            .filter(|&i| {
                hh.demand[i]
                    && base.households.area[i] != UNASSIGNED
                    && !base.households.fibre_served[i]
            })
            .collect();
        let xy: Vec<[f64; 2]> = unserved
            .iter()
            .map(|&i| proj.forward(hh.lon[i], hh.lat[i]))
            .collect();
        let commune: Vec<u32> = unserved.iter().map(|&i| base.households.area[i]).collect();
        State {
            proj,
            drop_m: scenario.fibre.drop_m,
            network,
            index: PointIndex::new(xy.iter().enumerate().map(|(k, &p)| (p, k as u32))),
            served: vec![false; xy.len()],
            served_c: base.area_counts.iter().map(|c| c.fibre_served).collect(),
            demand_c: base.area_counts.iter().map(|c| c.demand).collect(),
            xy,
            commune,
            target: scenario.targets.fibre_households,
            feature: u32::try_from(base.inputs.fibre.feature_ids.len())
                .unwrap_or(u32::MAX - 1_000_000),
        }
    }

    fn below(&self, c: usize) -> bool {
        gap_to_target(self.target, self.demand_c[c], self.served_c[c]) > 0
    }

    /// Add the line a→b (already snapped) to the network as the next
    /// feature, returning newly served households.
    fn apply(&mut self, a: [f64; 2], b: [f64; 2]) -> u64 {
        self.feature += 1;
        let mut n = 0;
        for k in self.index.near_segment(a, b, self.drop_m) {
            if !self.served[k as usize] {
                self.served[k as usize] = true;
                self.served_c[self.commune[k as usize] as usize] += 1;
                n += 1;
            }
        }
        self.network.add(a, b, self.feature);
        n
    }

    /// The line from the network to `target` (snapped), with its length.
    fn line_to(&self, target: [f64; 2]) -> Option<Line> {
        let (p, _) = self.network.nearest(target)?;
        let (ll_a, a) = snap(self.proj, p);
        let (ll_b, b) = snap(self.proj, target);
        Some((ll_a, a, ll_b, b, dist(a, b)))
    }
}

fn build(st: &State, c: u32, target: [f64; 2]) -> Option<Cand> {
    let line = st.line_to(target)?;
    let set = st.index.near_segment(line.1, line.3, st.drop_m);
    Some(Cand {
        commune: c,
        target,
        line,
        set,
        version: 0,
        chosen: false,
    })
}

fn gain(st: &State, cand: &Cand) -> u64 {
    cand.set
        .iter()
        .filter(|&&k| !st.served[k as usize] && st.below(st.commune[k as usize] as usize))
        .count() as u64
}

fn ratio(g: u64, len: f64) -> f64 {
    g as f64 / len.max(1.0)
}

/// A candidate of step 3.
struct Cand {
    commune: u32,
    target: [f64; 2],
    line: Line,
    set: Vec<u32>,
    version: u32,
    chosen: bool,
}

#[derive(PartialEq)]
struct Entry {
    ratio: f64,
    cand: usize,
    version: u32,
    round: usize,
    gain: u64,
}
impl Eq for Entry {}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.ratio.total_cmp(&o.ratio).then(o.cand.cmp(&self.cand))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// Plan fibre on top of `base`, the run of `scenario`, without cut-offs.
pub fn plan_fibre(
    scenario: &Scenario,
    base: &RunResult,
    progress: &dyn Progress,
) -> Result<FibrePlan> {
    plan_fibre_with(scenario, base, &FibreOptions::default(), progress)
}

/// Plan fibre on top of `base`: the ranked extensions (the three steps
/// above), then their routes ([`crate::plan::routes`]), the households
/// the routes serve counted again, and — when a commune is still below the
/// target — household extensions added on the routes (joined to the
/// commune's route). `opts` cuts the plan short.
pub fn plan_fibre_with(
    scenario: &Scenario,
    base: &RunResult,
    opts: &FibreOptions,
    progress: &dyn Progress,
) -> Result<FibrePlan> {
    let original = existing_network(scenario, base)?;
    let graph = crate::plan::network_graph::load(scenario, &base.projection)?;
    let count = match (&graph, scenario.fibre.distance) {
        (Some(g), FibreDistance::Network) => Some(NetworkCount::new(base, g)),
        _ => None,
    };
    let mut st = State::new(scenario, base, original.clone());
    let served_before_c = st.served_c.clone();
    let unreached: Vec<usize> = (0..base.inputs.areas.len())
        .filter(|&c| !base.area_reached[c])
        .collect();
    let mut out = reach_communes(&mut st, base, &original, &unreached)?;
    out.extend(cluster_extensions(&mut st, &unreached));
    let ctx = RouteCtx {
        scenario,
        base,
        original: &original,
        graph: graph.as_ref(),
        count: count.as_ref(),
    };
    let (mut routed, mut stop) = if count.is_some() {
        network_rounds(&ctx, &mut out, opts, progress)
    } else {
        let (more, capped) = household_extensions(&mut st, progress, scenario, opts);
        out.extend(more);
        let below = (0..st.demand_c.len()).any(|c| st.below(c));
        let stop = match (below, capped) {
            (false, _) => StopRule::Target,
            (true, true) => StopRule::MaxUsdPerHousehold,
            (true, false) => StopRule::Exhausted,
        };
        (ctx.route(&out, !capped), stop)
    };
    if let Some(budget) = opts.budget_usd {
        if routed.cost_usd(scenario, graph.as_ref()) > budget {
            // The longest prefix that fits (bisection).
            let (mut lo, mut hi) = (0usize, out.len());
            let mut best = ctx.route(&out[..0], false);
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                let r = ctx.route(&out[..mid], false);
                if r.cost_usd(scenario, graph.as_ref()) <= budget {
                    lo = mid;
                    best = r;
                } else {
                    hi = mid - 1;
                }
            }
            out.truncate(lo);
            routed = best;
            stop = StopRule::Budget;
        }
    }
    if let Some(per) = &routed.per_extension {
        // Counted along the network: each extension's households are those
        // credited to it, so that they add up to the routes' counts.
        for (x, &n) in out.iter_mut().zip(per) {
            x.5 = n;
        }
    }
    let mut plan = ranked_plan(scenario, base, &st, &served_before_c, out);
    attach(&mut plan, base, graph.as_ref(), routed);
    plan.stop = stop;
    Ok(plan)
}

/// Under the network rule: route `out`, count along the network, and while
/// a commune is below the target add, as household extensions, the network
/// nodes that serve its unserved households once the fibre reaches them
/// (most households per metre along the network first, until they cover
/// the commune's gap); repeat until every commune meets the target, no node
/// is left (`exhausted`), or the next node costs more per household than
/// `--max-usd-per-household`. Every round's chosen nodes join the fibre,
/// so the rounds end. Returns the last routing and the rule that ended it.
fn network_rounds(
    ctx: &RouteCtx,
    out: &mut Vec<Planned>,
    opts: &FibreOptions,
    progress: &dyn Progress,
) -> (Routed, StopRule) {
    let (scenario, proj) = (ctx.scenario, &ctx.base.projection);
    let costs = &scenario.costs;
    let mut started = false;
    let mut last_gap = 0u64;
    loop {
        let mut routed = ctx.route(out, true);
        let (Some(nc), Some(counted), Some(g)) = (ctx.count, routed.counted.as_ref(), ctx.graph)
        else {
            return (routed, StopRule::Exhausted);
        };
        let gaps: Vec<u64> = (0..counted.served_c.len())
            .map(|c| nc.gap(c, counted.served_c[c]))
            .collect();
        let gap: u64 = gaps.iter().sum();
        if !started {
            progress.start("fibre plan (along the network)", gap);
            started = true;
        } else {
            progress.inc(last_gap.saturating_sub(gap));
        }
        last_gap = gap;
        if gap == 0 {
            progress.finish();
            return (routed, StopRule::Target);
        }
        let mut by_commune: BTreeMap<u32, Vec<NodeTarget>> = BTreeMap::new();
        for t in &counted.targets {
            by_commune.entry(t.commune).or_default().push(*t);
        }
        // A metre to a node the network does not join is a straight one.
        let cost_m = |t: &NodeTarget| {
            if t.along_m.is_finite() {
                t.along_m
            } else {
                t.straight_m * costs.route_factor
            }
        };
        // Extensions start on the fibre as routed so far, or on an earlier
        // extension of the round.
        let mut grown = ctx.original.clone();
        for (_, pieces, _) in &routed.communes {
            for p in pieces {
                grown.add(p.a, p.b, u32::MAX);
            }
        }
        let (mut added, mut capped) = (0usize, false);
        for (c, ts) in by_commune.iter_mut() {
            let need = gaps[*c as usize];
            ts.sort_by(|a, b| {
                let ra = a.households as f64 / cost_m(a).max(1.0);
                let rb = b.households as f64 / cost_m(b).max(1.0);
                rb.total_cmp(&ra).then(a.node.cmp(&b.node))
            });
            let mut got = 0;
            for t in ts.iter() {
                if got >= need {
                    break;
                }
                if let Some(max) = opts.max_usd_per_household {
                    let usd = cost_m(t) / 1000.0 * costs.fibre_per_km_usd / t.households as f64
                        + costs.drop_usd;
                    if usd > max {
                        capped = true;
                        break;
                    }
                }
                let (ll_b, b) = snap(proj, g.xy[t.node as usize]);
                let Some((p, _)) = grown.nearest(b) else {
                    continue;
                };
                let (ll_a, a) = snap(proj, p);
                out.push((
                    *c as usize,
                    ExtensionKind::Households,
                    ll_a,
                    ll_b,
                    dist(a, b),
                    t.households,
                ));
                // Later targets may branch from this one (as in step 3).
                grown.add(a, b, u32::MAX);
                got += t.households;
                added += 1;
            }
        }
        if added == 0 {
            progress.finish();
            far_warnings(ctx.base, nc, &gaps, &mut routed);
            let stop = if capped {
                StopRule::MaxUsdPerHousehold
            } else {
                StopRule::Exhausted
            };
            return (routed, stop);
        }
    }
}

/// One warning for the communes left below the target with households no
/// fibre along the network can serve (farther than `drop_m` from every
/// road or canal): how many communes and households, the three with the
/// most, and what they still lack.
fn far_warnings(base: &RunResult, nc: &NetworkCount, gaps: &[u64], routed: &mut Routed) {
    let Some(counted) = routed.counted.as_ref() else {
        return;
    };
    let mut far: Vec<(u64, usize)> = counted
        .far_c
        .iter()
        .enumerate()
        .filter(|&(c, &n)| n > 0 && gaps[c] > 0)
        .map(|(c, &n)| (n, c))
        .collect();
    if far.is_empty() {
        return;
    }
    far.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let households: u64 = far.iter().map(|f| f.0).sum();
    let areas = &base.inputs.areas.items;
    let examples: Vec<String> = far
        .iter()
        .take(3)
        .map(|&(n, c)| {
            let gap = nc.gap(c, counted.served_c[c]);
            format!(
                "{} ({}): {n} such, {gap} short of the target",
                areas[c].name, areas[c].id
            )
        })
        .collect();
    let more = match far.len() {
        n if n > 3 => format!("; and {} more communes", n - 3),
        _ => String::new(),
    };
    routed.warnings.push(format!(
        "{} communes stay below the fibre target with {households} unserved demand households \
         farther than [fibre] drop_m = {} m from every road or canal, which no fibre along the \
         network can serve (e.g. {}{more}); plan_communes.csv has every commune",
        far.len(),
        base.scenario.fibre.drop_m,
        examples.join("; ")
    ));
}

/// What routing needs besides the extensions.
struct RouteCtx<'a> {
    scenario: &'a Scenario,
    base: &'a RunResult,
    original: &'a Network,
    graph: Option<&'a Graph>,
    /// Under the network rule: the households counted along the network.
    count: Option<&'a NetworkCount<'a>>,
}

impl RouteCtx<'_> {
    /// Route the extensions `out` commune by commune and count the
    /// households the routes serve. With `more`: under the straight rule,
    /// add household extensions while a commune is below the target; under
    /// the network rule, list the next node targets.
    fn route(&self, out: &[Planned], more: bool) -> Routed {
        let (scenario, base) = (self.scenario, self.base);
        let proj = &base.projection;
        let mut router = Router::new(
            proj,
            self.graph,
            self.original.clone(),
            scenario.network.attach_m,
            scenario.costs.route_factor,
        );
        let mut order: Vec<usize> = Vec::new();
        for x in out {
            if !order.contains(&x.0) {
                order.push(x.0);
            }
        }
        let mut per: Vec<(usize, Vec<Piece>, u64)> = order
            .iter()
            .map(|&c| {
                let targets: Vec<[f64; 2]> = out
                    .iter()
                    .filter(|x| x.0 == c)
                    .map(|x| proj.forward(x.3[0], x.3[1]))
                    .collect();
                let name = &base.inputs.areas.items[c];
                let name = format!("{} {}", name.id, name.name);
                (c, router.route(&name, &targets), 0)
            })
            .collect();
        if let Some(nc) = self.count {
            return self.count_along(nc, out, per, router.warnings, more);
        }
        let mut st = State::new(scenario, base, self.original.clone());
        for (_, pieces, n) in per.iter_mut() {
            for p in pieces.iter() {
                *n += st.apply(p.a, p.b);
            }
        }
        if more {
            let none = FibreOptions::default();
            let (extra, _) = household_extensions(&mut st, &NoProgress, scenario, &none);
            for (c, _, from, to, _, n) in extra {
                let piece = Piece {
                    a: proj.forward(from[0], from[1]),
                    b: proj.forward(to[0], to[1]),
                    kind: None,
                };
                match per.iter_mut().find(|x| x.0 == c) {
                    Some(x) => {
                        x.1.push(piece);
                        x.2 += n;
                    }
                    None => per.push((c, vec![piece], n)),
                }
            }
        }
        Routed {
            communes: per,
            served_c: st.served_c,
            warnings: router.warnings,
            counted: None,
            per_extension: None,
        }
    }

    /// The routes `per` of the extensions `out`, counted along the network
    /// (with the next node targets when `targets`): each route's households
    /// and each extension's share of them (a household to the nearest end
    /// of its route's extensions).
    fn count_along(
        &self,
        nc: &NetworkCount,
        out: &[Planned],
        mut per: Vec<(usize, Vec<Piece>, u64)>,
        mut warnings: Vec<String>,
        targets: bool,
    ) -> Routed {
        let proj = &self.base.projection;
        let pieces: Vec<&[Piece]> = per.iter().map(|x| x.1.as_slice()).collect();
        let counted = nc.count(&pieces, targets);
        let mut per_extension = vec![0u64; out.len()];
        for (r, x) in per.iter_mut().enumerate() {
            x.2 = counted.gained[r].len() as u64;
            let ends: Vec<(usize, [f64; 2])> = out
                .iter()
                .enumerate()
                .filter(|(_, e)| e.0 == x.0)
                .map(|(i, e)| (i, proj.forward(e.3[0], e.3[1])))
                .collect();
            for &k in &counted.gained[r] {
                let p = nc.xy[k as usize];
                let nearest = ends
                    .iter()
                    .min_by(|a, b| dist(a.1, p).total_cmp(&dist(b.1, p)).then(a.0.cmp(&b.0)));
                if let Some(&(i, _)) = nearest {
                    per_extension[i] += 1;
                }
            }
        }
        let areas = &self.base.inputs.areas.items;
        for (c, &lost) in counted.lost_c.iter().enumerate() {
            if lost > 0 {
                warnings.push(format!(
                    "commune {} ({}): {lost} households served by the straight distance before \
                     (their road or canal was on a part the fibre did not join) are measured along \
                     the network once the planned fibre joins it, and are farther than drop_m",
                    areas[c].name, areas[c].id
                ));
            }
        }
        Routed {
            communes: per,
            served_c: counted.served_c.clone(),
            warnings,
            counted: Some(counted),
            per_extension: Some(per_extension),
        }
    }
}

/// Fill `plan`'s routes, warnings, per-commune figures and table from
/// `routed`.
fn attach(plan: &mut FibrePlan, base: &RunResult, graph: Option<&Graph>, routed: Routed) {
    use crate::plan::communes::{meets_targets, CommuneRow};
    for (c, route) in route_records(base, graph, &routed, plan.served_before, plan.demand) {
        let cp = &mut plan.communes[c];
        cp.length_m = route.length_m;
        cp.cost_usd = route.cost_usd;
        cp.m_by_kind = route.m_by_kind.clone();
        plan.routes.push(route);
    }
    for (cp, &s) in plan.communes.iter_mut().zip(&routed.served_c) {
        cp.served_after = s;
    }
    plan.served_after = routed.served_c.iter().sum();
    plan.on_network = graph.is_some();
    plan.warnings = routed.warnings;
    let routed_c: Vec<&str> = plan
        .routes
        .iter()
        .map(|r| r.commune_code.as_str())
        .collect();
    plan.table = plan
        .communes
        .iter()
        .enumerate()
        .map(|(c, cp)| {
            let mut counts = base.area_counts[c];
            counts.fibre_served = cp.served_after;
            let reached = cp.reached_before || routed_c.contains(&cp.code.as_str());
            CommuneRow {
                code: cp.code.clone(),
                name: cp.name.clone(),
                plan: "fibre",
                new_sites: 0,
                m_by_kind: cp.m_by_kind.clone(),
                households_gained: cp.served_after.saturating_sub(cp.served_before),
                cost_usd: cp.cost_usd,
                meets: meets_targets(&base.scenario, &counts, reached),
            }
        })
        .collect();
}

/// The existing fibre network of `base` in the projected plane: its cable
/// segments, then its distribution points (as zero-length elements). An
/// empty layer is an error: there is nothing to extend.
fn existing_network(scenario: &Scenario, base: &RunResult) -> Result<Network> {
    let elements = crate::engine::fibre_elements(&base.projection, &base.inputs.fibre);
    if elements.is_empty() {
        return Err(Error::Data(format!(
            "{}: the fibre layer is empty; plan fibre extends an existing network",
            scenario.layers.fibre_or_missing().display()
        )));
    }
    Ok(Network::new(elements))
}

/// Step 1 (reach_commune): for each of the `unreached` communes, the
/// shortest line from the `original` network to its polygon, continued
/// into the commune (1, 5, 25 or 100 m, the first that `run` counts
/// inside; else to an interior point). Adds each line to `st`; returns
/// them in the order of `unreached`.
fn reach_communes(
    st: &mut State,
    base: &RunResult,
    original: &Network,
    unreached: &[usize],
) -> Result<Vec<Planned>> {
    let proj = st.proj;
    let areas = &base.inputs.areas;
    let mut out = Vec::new();
    for &c in unreached {
        let mp = proj.forward_multipolygon(&areas.items[c].geometry);
        let Some((p, q, _)) = original.nearest_to_polygon(&mp) else {
            continue;
        };
        let (ll_a, a) = snap(proj, p);
        let inside = |ll: [f64; 2]| base.area_index.containment(c, ll) != Containment::Outside;
        let d = dist(p, q);
        let mut end = None;
        if d > 1e-6 {
            for eps in [1.0, 5.0, 25.0, 100.0] {
                let t = [
                    q[0] + (q[0] - p[0]) / d * eps,
                    q[1] + (q[1] - p[1]) / d * eps,
                ];
                let (ll_b, b) = snap(proj, t);
                if inside(ll_b) {
                    end = Some((ll_b, b));
                    break;
                }
            }
        }
        let (ll_b, b) = match end {
            Some(e) => e,
            None => {
                // A thin or odd shape: run to a point inside the commune.
                let ip = mp.interior_point().ok_or_else(|| {
                    Error::Data(format!("commune {} has no interior", areas.items[c].id))
                })?;
                snap(proj, [ip.x(), ip.y()])
            }
        };
        let n = st.apply(a, b);
        out.push((c, ExtensionKind::ReachCommune, ll_a, ll_b, dist(a, b), n));
    }
    Ok(out)
}

/// Step 2 (cluster): for each of the `unreached` communes, a line from the
/// network (with step 1's lines) to the medoid of the largest cluster of
/// its still unserved households. Every line is added to `st`; only those
/// that serve someone are returned (in the order of `unreached`).
fn cluster_extensions(st: &mut State, unreached: &[usize]) -> Vec<Planned> {
    let mut out = Vec::new();
    for &c in unreached {
        let members: Vec<u32> = (0..st.xy.len() as u32)
            .filter(|&k| st.commune[k as usize] == c as u32 && !st.served[k as usize])
            .collect();
        if members.is_empty() {
            continue;
        }
        let pts: Vec<[f64; 2]> = members.iter().map(|&k| st.xy[k as usize]).collect();
        let groups = clusters(&pts, st.drop_m);
        let m = medoid(&pts, &groups[0]);
        let Some((ll_a, a, ll_b, b, len)) = st.line_to(pts[m as usize]) else {
            continue;
        };
        let n = st.apply(a, b);
        if n > 0 {
            out.push((c, ExtensionKind::Cluster, ll_a, ll_b, len, n));
        }
    }
    out
}

/// Step 3 (households): the lazy greedy over the candidates of
/// [`household_candidates`], taking the best households-per-metre line
/// while a commune is below the target and a line still gains. Chosen
/// lines are added to `st` and returned in the order chosen; candidates
/// near a chosen line are rebuilt from it ([`rebuild_near`]).
fn household_extensions(
    st: &mut State,
    progress: &dyn Progress,
    scenario: &Scenario,
    opts: &FibreOptions,
) -> (Vec<Planned>, bool) {
    let n_communes = st.demand_c.len();
    let mut cands = household_candidates(st, progress);
    let mut heap: BinaryHeap<Entry> = cands
        .iter()
        .enumerate()
        .map(|(i, cd)| {
            let g = gain(st, cd);
            Entry {
                ratio: ratio(g, cd.line.4),
                cand: i,
                version: 0,
                round: 0,
                gain: g,
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut round = 0usize;
    while (0..n_communes).any(|c| st.below(c)) {
        let Some(top) = heap.pop() else { break };
        let cd = &cands[top.cand];
        if cd.chosen || cd.version != top.version {
            continue;
        }
        if top.round != round {
            let g = gain(st, cd);
            heap.push(Entry {
                ratio: ratio(g, cd.line.4),
                round,
                gain: g,
                ..top
            });
            continue;
        }
        if top.gain == 0 {
            break;
        }
        let (ll_a, a, ll_b, b, len) = cd.line;
        if let Some(max) = opts.max_usd_per_household {
            // The best households-per-metre line is also the cheapest per
            // household (cost/household = length × unit / gain + drop).
            if scenario.costs.extension_usd(len, top.gain) / top.gain as f64 > max {
                progress.finish();
                return (out, true);
            }
        }
        let c = cd.commune as usize;
        cands[top.cand].chosen = true;
        let n = st.apply(a, b);
        progress.inc(top.gain);
        out.push((c, ExtensionKind::Households, ll_a, ll_b, len, n));
        round += 1;
        rebuild_near(st, &mut cands, &mut heap, (a, b), round);
    }
    progress.finish();
    (out, false)
}

/// The candidates of step 3: one line per (commune, grid cell of side
/// drop_m/√2) to the centroid of the cell's unserved demand households of
/// communes below the target, in (commune, cell) order. Starts `progress`
/// on the households the communes lack.
fn household_candidates(st: &State, progress: &dyn Progress) -> Vec<Cand> {
    let cell = st.drop_m / std::f64::consts::SQRT_2 * 0.999;
    let mut cells: BTreeMap<(u32, i64, i64), Vec<u32>> = BTreeMap::new();
    for k in 0..st.xy.len() {
        let c = st.commune[k];
        if st.served[k] || !st.below(c as usize) {
            continue;
        }
        let p = st.xy[k];
        cells
            .entry((
                c,
                (p[0] / cell).floor() as i64,
                (p[1] / cell).floor() as i64,
            ))
            .or_default()
            .push(k as u32);
    }
    let total_need: u64 = (0..st.demand_c.len())
        .map(|c| gap_to_target(st.target, st.demand_c[c], st.served_c[c]))
        .sum();
    progress.start("fibre plan", total_need);
    cells
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter_map(|((c, _, _), ks)| {
            // Centroid of the cell's households (order-independent).
            let target = centroid(ks.iter().map(|&k| st.xy[k as usize]));
            build(st, c, target)
        })
        .collect()
}

/// After the line `new` (a→b) joined the network in round `round`: the
/// unchosen candidates whose target is now closer to it than their line is
/// long branch from it instead: rebuild them (with a new version) and
/// push their new entries on `heap`.
fn rebuild_near(
    st: &State,
    cands: &mut [Cand],
    heap: &mut BinaryHeap<Entry>,
    (a, b): ([f64; 2], [f64; 2]),
    round: usize,
) {
    let changed: Vec<usize> = cands
        .par_iter()
        .enumerate()
        .filter(|(_, cd)| {
            !cd.chosen && crate::index::segment_distance_2(a, b, cd.target).sqrt() < cd.line.4
        })
        .map(|(i, _)| i)
        .collect();
    let rebuilt: Vec<(usize, Option<Cand>)> = changed
        .into_par_iter()
        .map(|i| (i, build(st, cands[i].commune, cands[i].target)))
        .collect();
    for (i, nc) in rebuilt {
        let Some(mut nc) = nc else { continue };
        nc.version = cands[i].version + 1;
        let g = gain(st, &nc);
        heap.push(Entry {
            ratio: ratio(g, nc.line.4),
            cand: i,
            version: nc.version,
            round,
            gain: g,
        });
        cands[i] = nc;
    }
}

/// The ranked plan: the extensions `out` in order with ids (`PLAN-F-0001`,
/// with `x` appended while an existing feature has the id), costs and
/// running totals, and the before/after figures per commune (`st` after
/// every extension, `served_before_c` before).
fn ranked_plan(
    scenario: &Scenario,
    base: &RunResult,
    st: &State,
    served_before_c: &[u64],
    out: Vec<Planned>,
) -> FibrePlan {
    let costs = &scenario.costs;
    let areas = &base.inputs.areas;
    let demand: u64 = st.demand_c.iter().sum();
    let served_before: u64 = served_before_c.iter().sum();
    let existing: HashSet<&str> = base
        .inputs
        .fibre
        .feature_ids
        .iter()
        .map(String::as_str)
        .collect();
    let mut extensions = Vec::with_capacity(out.len());
    let (mut cum_len, mut cum_cost, mut cum_served) = (0.0, 0.0, served_before);
    let communes: Vec<CommunePlan> = areas
        .items
        .iter()
        .enumerate()
        .map(|(c, a)| CommunePlan {
            code: a.id.clone(),
            name: a.name.clone(),
            demand: st.demand_c[c],
            served_before: served_before_c[c],
            served_after: st.served_c[c],
            reached_before: base.area_reached[c],
            length_m: 0.0,
            m_by_kind: BTreeMap::new(),
            cost_usd: 0.0,
        })
        .collect();
    for (k, (c, kind, from, to, len, n)) in out.into_iter().enumerate() {
        let cost = costs.extension_usd(len, n);
        cum_len += len;
        cum_cost += cost;
        cum_served += n;
        let mut id = format!("PLAN-F-{:04}", k + 1);
        while existing.contains(id.as_str()) {
            id.push('x');
        }
        extensions.push(Extension {
            rank: k + 1,
            id,
            commune_code: areas.items[c].id.clone(),
            commune_name: areas.items[c].name.clone(),
            kind,
            from,
            to,
            length_m: len,
            households_served: n,
            cost_usd: cost,
            cumulative_length_m: cum_len,
            cumulative_cost_usd: cum_cost,
            province_share: share(cum_served, demand),
        });
    }
    FibrePlan {
        extensions,
        communes,
        demand,
        served_before,
        served_after: cum_served,
        target_households: st.target,
        route_factor: costs.route_factor,
        costs: costs.clone(),
        routes: Vec::new(),
        on_network: false,
        stop: StopRule::Target,
        warnings: Vec::new(),
        table: Vec::new(),
        drop_m: scenario.fibre.drop_m,
        fibre_join_m: (scenario.fibre.distance == FibreDistance::Network)
            .then_some(scenario.network.fibre_join_m),
    }
}
