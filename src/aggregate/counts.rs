//! Per-area counters, summed in parallel. Integer sums are associative, so
//! the totals are identical for any number of threads and any input order.

use std::ops::AddAssign;

/// Counts for one area (or for a parent area, or the province).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Households.
    pub households: u64,
    /// Households with demand for fixed broadband.
    pub demand: u64,
    /// Demand households served by fibre.
    pub fibre_served: u64,
    /// Households served by fibre, with or without demand.
    pub fibre_served_any: u64,
    /// Households covered by 4G.
    pub covered_4g: u64,
    /// Households with good 4G.
    pub good_4g: u64,
    /// Demand households covered by 4G.
    pub covered_4g_demand: u64,
    /// Households covered by 5G.
    pub covered_5g: u64,
    /// Households with good 5G.
    pub good_5g: u64,
    /// Demand households covered by 5G.
    pub covered_5g_demand: u64,
    /// Persons (when the input has them).
    pub persons: u64,
    /// Persons in demand households served by fibre.
    pub persons_fibre: u64,
    /// Persons covered by 4G.
    pub persons_4g: u64,
    /// Persons covered by 5G.
    pub persons_5g: u64,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.households += o.households;
        self.demand += o.demand;
        self.fibre_served += o.fibre_served;
        self.fibre_served_any += o.fibre_served_any;
        self.covered_4g += o.covered_4g;
        self.good_4g += o.good_4g;
        self.covered_4g_demand += o.covered_4g_demand;
        self.covered_5g += o.covered_5g;
        self.good_5g += o.good_5g;
        self.covered_5g_demand += o.covered_5g_demand;
        self.persons += o.persons;
        self.persons_fibre += o.persons_fibre;
        self.persons_4g += o.persons_4g;
        self.persons_5g += o.persons_5g;
    }
}

/// What the engine knows about one household, as the aggregation needs it.
#[derive(Debug, Clone, Copy)]
pub struct HouseholdFlags {
    /// Wants fixed broadband.
    pub demand: bool,
    /// Served by fibre.
    pub fibre: bool,
    /// 4G covered / good.
    pub g4: (bool, bool),
    /// 5G covered / good.
    pub g5: (bool, bool),
    /// Persons (0 when unknown).
    pub persons: u32,
}

impl Counts {
    /// Add one household.
    #[inline]
    pub fn add(&mut self, h: &HouseholdFlags) {
        let b = |x: bool| x as u64;
        let p = h.persons as u64;
        self.households += 1;
        self.demand += b(h.demand);
        self.fibre_served += b(h.demand && h.fibre);
        self.fibre_served_any += b(h.fibre);
        self.covered_4g += b(h.g4.0);
        self.good_4g += b(h.g4.1);
        self.covered_4g_demand += b(h.demand && h.g4.0);
        self.covered_5g += b(h.g5.0);
        self.good_5g += b(h.g5.1);
        self.covered_5g_demand += b(h.demand && h.g5.0);
        self.persons += p;
        self.persons_fibre += if h.demand && h.fibre { p } else { 0 };
        self.persons_4g += if h.g4.0 { p } else { 0 };
        self.persons_5g += if h.g5.0 { p } else { 0 };
    }
}

/// A share `num / den`, 0 when `den` is 0.
pub fn share(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}
