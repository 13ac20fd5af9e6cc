//! Greedy maximum coverage with lazy evaluation.
//!
//! Given sets of elements (here: the households each candidate site would
//! newly cover), choose sets one at a time, each time the set that adds the
//! most elements not yet covered. For a fixed number k of sets this is within
//! a factor (1 − 1/e) ≈ 0.632 of the best possible choice of k sets
//! (Nemhauser, Wolsey & Fisher, "An analysis of approximations for
//! maximizing submodular set functions", Mathematical Programming 14, 1978),
//! and no polynomial algorithm does better unless P = NP (Feige 1998).
//!
//! **Lazy evaluation** (Minoux, "Accelerated greedy algorithms for
//! maximizing submodular set functions", 1978): the gain of a set can only
//! shrink as other sets are chosen, so a gain computed in an earlier round
//! is an upper bound. Sets wait in a max-heap keyed by their last computed
//! gain; the top is recomputed, and chosen if its fresh gain still tops the
//! heap. The result is exactly the plain greedy choice (same sets, same
//! order, ties broken by the lower set index), usually after far fewer
//! gain evaluations.
//!
//! ```
//! use phusong::plan::greedy::{lazy_greedy, Stop};
//! let sets = vec![vec![0, 1, 2], vec![2, 3], vec![3, 4, 5, 6]];
//! let picks = lazy_greedy(&sets, 7, &[], Stop::default());
//! let order: Vec<usize> = picks.iter().map(|p| p.set).collect();
//! assert_eq!(order, vec![2, 0]);          // 4 new, then 3 new; set 1 adds nothing
//! assert_eq!(picks[1].gain, 3);
//! ```

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One chosen set, in the order chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    /// Index of the set.
    pub set: usize,
    /// Elements it newly covered.
    pub gain: u64,
}

/// When to stop choosing (besides "no set adds anything").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stop {
    /// At most this many sets (`None`: no limit).
    pub max_picks: Option<usize>,
    /// Stop once this many elements are newly covered (`None`: no target).
    pub target_gain: Option<u64>,
}

impl Stop {
    fn done(&self, picks: usize, gained: u64) -> bool {
        self.max_picks.is_some_and(|m| picks >= m) || self.target_gain.is_some_and(|t| gained >= t)
    }
}

/// Heap entry: higher gain first, then lower set index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    gain: u64,
    set: usize,
    /// The round in which `gain` was computed.
    round: usize,
}

impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        self.gain.cmp(&o.gain).then(o.set.cmp(&self.set))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

fn gain_of(set: &[u32], covered: &[bool]) -> u64 {
    set.iter().filter(|&&e| !covered[e as usize]).count() as u64
}

fn check_elements(sets: &[Vec<u32>], n_elements: usize, covered: &[bool]) {
    assert!(
        covered.is_empty() || covered.len() == n_elements,
        "covered must be empty or have one flag per element"
    );
    debug_assert!(sets.iter().flatten().all(|&e| (e as usize) < n_elements));
}

/// Greedy maximum coverage with lazy evaluation.
///
/// `sets[i]` lists the elements (`< n_elements`, no duplicates) set `i`
/// covers; `already` flags elements covered before (empty: none). Returns
/// the chosen sets in order with their marginal gains; stops at `stop`, or
/// when no set adds an element.
pub fn lazy_greedy(
    sets: &[Vec<u32>],
    n_elements: usize,
    already: &[bool],
    stop: Stop,
) -> Vec<Pick> {
    lazy_greedy_counted(sets, n_elements, already, stop).0
}

/// [`lazy_greedy`], also returning the number of gain evaluations.
pub fn lazy_greedy_counted(
    sets: &[Vec<u32>],
    n_elements: usize,
    already: &[bool],
    stop: Stop,
) -> (Vec<Pick>, usize) {
    check_elements(sets, n_elements, already);
    let mut covered = if already.is_empty() {
        vec![false; n_elements]
    } else {
        already.to_vec()
    };
    let mut heap: BinaryHeap<Entry> = sets
        .iter()
        .enumerate()
        .map(|(set, s)| Entry {
            gain: gain_of(s, &covered),
            set,
            round: 0,
        })
        .collect();
    let mut evaluations = sets.len();
    let mut picks = Vec::new();
    let mut gained = 0u64;
    while !stop.done(picks.len(), gained) {
        let Some(top) = heap.pop() else { break };
        if top.gain == 0 {
            break;
        }
        if top.round == picks.len() {
            // Fresh: no other set can add more (their stored gains are upper
            // bounds), and equal bounds of lower index would sort first.
            for &e in &sets[top.set] {
                covered[e as usize] = true;
            }
            gained += top.gain;
            picks.push(Pick {
                set: top.set,
                gain: top.gain,
            });
        } else {
            evaluations += 1;
            heap.push(Entry {
                gain: gain_of(&sets[top.set], &covered),
                set: top.set,
                round: picks.len(),
            });
        }
    }
    (picks, evaluations)
}

/// Plain greedy (every gain recomputed every round): the reference for
/// [`lazy_greedy`], which returns the same picks.
pub fn plain_greedy(
    sets: &[Vec<u32>],
    n_elements: usize,
    already: &[bool],
    stop: Stop,
) -> Vec<Pick> {
    check_elements(sets, n_elements, already);
    let mut covered = if already.is_empty() {
        vec![false; n_elements]
    } else {
        already.to_vec()
    };
    let mut chosen = vec![false; sets.len()];
    let mut picks = Vec::new();
    let mut gained = 0u64;
    while !stop.done(picks.len(), gained) {
        let mut best: Option<(u64, usize)> = None;
        for (i, s) in sets.iter().enumerate() {
            if chosen[i] {
                continue;
            }
            let g = gain_of(s, &covered);
            if best.is_none_or(|(b, _)| g > b) {
                best = Some((g, i));
            }
        }
        let Some((g, i)) = best else { break };
        if g == 0 {
            break;
        }
        chosen[i] = true;
        for &e in &sets[i] {
            covered[e as usize] = true;
        }
        gained += g;
        picks.push(Pick { set: i, gain: g });
    }
    picks
}

/// The most elements any `k` sets cover together, by trying every choice
/// (for tests and small instances only: C(n, k) subsets).
pub fn brute_force_best(sets: &[Vec<u32>], n_elements: usize, k: usize) -> u64 {
    fn rec(
        sets: &[Vec<u32>],
        start: usize,
        k: usize,
        count: &mut [u32],
        covered: u64,
        best: &mut u64,
    ) {
        *best = (*best).max(covered);
        if k == 0 {
            return;
        }
        for i in start..sets.len() {
            let mut add = 0;
            for &e in &sets[i] {
                if count[e as usize] == 0 {
                    add += 1;
                }
                count[e as usize] += 1;
            }
            rec(sets, i + 1, k - 1, count, covered + add, best);
            for &e in &sets[i] {
                count[e as usize] -= 1;
            }
        }
    }
    let mut count = vec![0u32; n_elements];
    let mut best = 0;
    rec(sets, 0, k, &mut count, 0, &mut best);
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn total(picks: &[Pick]) -> u64 {
        picks.iter().map(|p| p.gain).sum()
    }

    fn k_picks(k: usize) -> Stop {
        Stop {
            max_picks: Some(k),
            target_gain: None,
        }
    }

    #[test]
    fn disjoint_sets_greedy_is_optimal() {
        // Disjoint sets: greedy takes the k largest, which is optimal.
        let sets: Vec<Vec<u32>> = vec![vec![0], vec![1, 2, 3], vec![4, 5], vec![6, 7, 8, 9]];
        for k in 1..=4 {
            let g = total(&lazy_greedy(&sets, 10, &[], k_picks(k)));
            assert_eq!(g, brute_force_best(&sets, 10, k), "k = {k}");
        }
        let order: Vec<usize> = lazy_greedy(&sets, 10, &[], k_picks(4))
            .iter()
            .map(|p| p.set)
            .collect();
        assert_eq!(order, vec![3, 1, 2, 0]);
    }

    #[test]
    fn nested_sets_greedy_is_optimal() {
        // A chain of nested sets: the largest covers all; one pick suffices.
        let sets: Vec<Vec<u32>> = (1..=6).map(|n| (0..n).collect()).collect();
        for k in 1..=3 {
            let picks = lazy_greedy(&sets, 6, &[], k_picks(k));
            assert_eq!(total(&picks), 6);
            assert_eq!(total(&picks), brute_force_best(&sets, 6, k));
            assert_eq!(picks.len(), 1, "nothing is left after the largest");
        }
    }

    #[test]
    fn one_pick_is_optimal_and_ties_go_to_the_lower_index() {
        let sets = vec![vec![0, 1], vec![2, 3, 4], vec![5, 6, 7], vec![1, 2]];
        let p = lazy_greedy(&sets, 8, &[], k_picks(1));
        assert_eq!(p, vec![Pick { set: 1, gain: 3 }]);
        assert_eq!(total(&p), brute_force_best(&sets, 8, 1));
    }

    #[test]
    fn greedy_is_not_always_optimal_but_within_the_bound() {
        // The classic example: greedy takes the big middle set first.
        let sets = vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![1, 2, 3, 4, 5, 6]];
        let g = total(&lazy_greedy(&sets, 8, &[], k_picks(2)));
        let opt = brute_force_best(&sets, 8, 2);
        assert_eq!((g, opt), (7, 8));
        assert!(g as f64 >= (1.0 - (-1.0f64).exp()) * opt as f64);
    }

    #[test]
    fn target_and_already_covered_elements() {
        let sets = vec![vec![0, 1, 2], vec![3, 4], vec![5]];
        let already = [true, true, false, false, false, false];
        let stop = Stop {
            max_picks: None,
            target_gain: Some(3),
        };
        let p = lazy_greedy(&sets, 6, &already, stop);
        // Set 1 adds 2, then sets 0 and 2 tie at 1: the lower index wins.
        assert_eq!(p, vec![Pick { set: 1, gain: 2 }, Pick { set: 0, gain: 1 }]);
        // Without a stop it takes every useful set and then stops.
        let p = lazy_greedy(&sets, 6, &already, Stop::default());
        assert_eq!(p.len(), 3);
        assert_eq!(total(&p), 4);
    }

    fn instance() -> impl Strategy<Value = (usize, Vec<Vec<u32>>, usize)> {
        (4usize..14, 1usize..9).prop_flat_map(|(n, m)| {
            (
                Just(n),
                proptest::collection::vec(
                    proptest::collection::btree_set(0..n as u32, 0..=n)
                        .prop_map(|s| s.into_iter().collect::<Vec<u32>>()),
                    m,
                ),
                1usize..=m.min(4),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn lazy_equals_plain_and_is_within_the_bound((n, sets, k) in instance()) {
            let lazy = lazy_greedy(&sets, n, &[], k_picks(k));
            let plain = plain_greedy(&sets, n, &[], k_picks(k));
            prop_assert_eq!(&lazy, &plain);
            let opt = brute_force_best(&sets, n, k);
            let g = total(&lazy);
            prop_assert!(g <= opt);
            prop_assert!(g as f64 >= (1.0 - (-1.0f64).exp()) * opt as f64 - 1e-9,
                "greedy {} vs optimum {}", g, opt);
            if k == 1 {
                prop_assert_eq!(g, opt);
            }
            // Marginal gains never increase.
            prop_assert!(lazy.windows(2).all(|w| w[0].gain >= w[1].gain));
        }

        #[test]
        fn lazy_equals_plain_without_limits((n, sets, _k) in instance()) {
            prop_assert_eq!(
                lazy_greedy(&sets, n, &[], Stop::default()),
                plain_greedy(&sets, n, &[], Stop::default())
            );
        }
    }

    #[test]
    fn lazy_saves_evaluations_on_a_larger_instance() {
        // Seeded random instance: 2000 sets over 5000 elements.
        let mut lcg = crate::test_rng::Lcg(42u64);
        let mut rnd = move |m: u64| lcg.below(m);
        let sets: Vec<Vec<u32>> = (0..2000)
            .map(|_| {
                let c = rnd(5000);
                let len = 1 + rnd(60);
                let mut v: Vec<u32> = (0..len).map(|_| ((c + rnd(200)) % 5000) as u32).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let (lazy, evals) = lazy_greedy_counted(&sets, 5000, &[], Stop::default());
        let plain = plain_greedy(&sets, 5000, &[], Stop::default());
        assert_eq!(lazy, plain);
        assert!(evals < sets.len() * lazy.len() / 10, "{evals} evaluations");
    }
}
