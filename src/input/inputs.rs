//! The four input layers of a run, together.

use crate::input::{Areas, Fibre, Households, Sites};

/// The four input layers of a run, as read (WGS84 lon/lat).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Areas (communes), sorted by code.
    pub areas: Areas,
    /// Households, in file order.
    pub households: Households,
    /// Fibre network.
    pub fibre: Fibre,
    /// Cell sites, in file order.
    pub sites: Sites,
}
