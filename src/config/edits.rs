//! The layer edits a scenario makes to its base's layers: `[add]`,
//! `[remove]` and `[planned]` (applied by [`crate::input::edits`]).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Layers added to the base scenario's (`[add]`): each file is read like
/// the layer of the same name and appended to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddLayers {
    /// Sites files (same formats and columns as `layers.sites`).
    pub sites: Vec<PathBuf>,
    /// Fibre files (same formats as `layers.fibre`).
    pub fibre: Vec<PathBuf>,
}

impl AddLayers {
    /// True when nothing is added.
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.fibre.is_empty()
    }
}

/// Elements removed by id (`[remove]`): every sector row of a site id, every
/// fibre feature with that id. An id that no layer holds is an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemoveIds {
    /// Site ids.
    pub sites: Vec<String>,
    /// Fibre feature ids.
    pub fibre: Vec<String>,
}

impl RemoveIds {
    /// True when nothing is removed.
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.fibre.is_empty()
    }
}

/// Planned elements (`[planned]`): sites and fibre features whose `status`
/// is `planned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlannedParams {
    /// Include them (default true); false drops them, as if their rows
    /// were not in the files (`phusong run --planned exclude`).
    pub include: bool,
}

impl Default for PlannedParams {
    fn default() -> Self {
        PlannedParams { include: true }
    }
}

impl PlannedParams {
    /// True for the default (`include = true`).
    pub fn is_default(&self) -> bool {
        *self == PlannedParams::default()
    }
}
