//! A per-commune indicator table for the demo (`indicators.csv`): the share
//! of people with an e-payment account (30–70%) and with a smartphone
//! (60–90%), plausible for Cà Mau, from the seed (one shared "digital
//! readiness" factor per commune, so that the two go together).

use std::fmt::Write as _;

use super::names::CommuneName;
use super::rng::Rng;

/// The CSV text: `code,name,epayment_share,smartphone_share`, one row per
/// commune in code order, shares with 3 decimals.
pub(crate) fn indicators_csv(seed: u64, communes: &[CommuneName]) -> String {
    let mut rng = Rng::new(seed, 0x1D1C_A705);
    let mut sorted: Vec<&CommuneName> = communes.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    let mut s = String::from("code,name,epayment_share,smartphone_share\n");
    for c in sorted {
        let readiness = rng.f64();
        let (u, v) = (rng.f64(), rng.f64());
        let epay = 0.30 + 0.40 * (0.7 * readiness + 0.3 * u);
        let phone = 0.60 + 0.30 * (0.7 * readiness + 0.3 * v);
        let name = if c.name.contains([',', '"']) {
            format!("\"{}\"", c.name.replace('"', "\"\""))
        } else {
            c.name.clone()
        };
        let _ = writeln!(s, "{},{name},{:.3},{:.3}", c.code, epay, phone);
    }
    s
}
