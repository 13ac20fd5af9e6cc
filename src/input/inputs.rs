//! The input layers of a run, together.

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
    /// The road and canal network (`[layers] network`), when configured.
    pub network: Option<crate::input::network::NetworkLines>,
}
