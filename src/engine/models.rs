//! The mobile coverage model of each technology, as the scenario sets it.

use crate::config::{default_radius_m, MobileModelSpec, Scenario, Technology};
use crate::coverage::{FixedRadius, LinkBudget, MobileModel};
use crate::input::Sites;
use crate::Result;

/// The mobile model of `tech` for a scenario.
pub fn build_mobile(
    scenario: &Scenario,
    sites: &Sites,
    projected: &[[f64; 2]],
    tech: Technology,
) -> Result<Box<dyn MobileModel>> {
    let spec = scenario.mobile.spec(tech);
    let rows = (0..sites.len()).filter(move |&i| sites.tech[i] == tech);
    match &spec {
        MobileModelSpec::FixedRadius { radius_m } => {
            let default_r = radius_m.unwrap_or_else(|| default_radius_m(tech));
            let items = rows.map(|i| {
                (
                    i as u32,
                    projected[i],
                    sites.radius_m[i].unwrap_or(default_r),
                )
            });
            Ok(Box::new(FixedRadius::new(tech, items, default_r)))
        }
        MobileModelSpec::LinkBudget { receiver, .. } => {
            let cfg = crate::coverage::radio::radio_config(&spec, tech)
                .map_err(|e| crate::Error::config(format!("mobile.{tech}.radio"), e))?
                .ok_or_else(|| {
                    crate::Error::config(
                        format!("mobile.{tech}.radio"),
                        "link-budget model without radio settings",
                    )
                })?;
            if let Some(r) = cfg.model.fixed_radius_m() {
                // The radio layer's `fixed_radius` is the plain radius model:
                // the same code path as `model = "fixed-radius"`.
                let items = rows.map(|i| (i as u32, projected[i], sites.radius_m[i].unwrap_or(r)));
                return Ok(Box::new(FixedRadius::new(tech, items, r)));
            }
            let items = rows.map(|i| (i as u32, projected[i], sites.sector[i]));
            let path = scenario.layers.sites_or_missing().display().to_string();
            // `phusong check` names the line (pipeline::check); here the
            // rows are those after the edits, so only the id is meaningful.
            let model = LinkBudget::new(tech, cfg, *receiver, items, |row| {
                format!("{path}: site {:?}", sites.ids[row as usize])
            })?;
            Ok(Box::new(model))
        }
    }
}
