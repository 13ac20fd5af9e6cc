//! The mobile technologies a scenario models (4G LTE, 5G NR).

use serde::{Deserialize, Serialize};

/// A mobile technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Technology {
    /// LTE.
    #[serde(rename = "4G")]
    G4,
    /// NR.
    #[serde(rename = "5G")]
    G5,
}

impl Technology {
    /// Both technologies, in report order.
    pub const ALL: [Technology; 2] = [Technology::G4, Technology::G5];

    /// "4G" or "5G".
    pub fn label(self) -> &'static str {
        match self {
            Technology::G4 => "4G",
            Technology::G5 => "5G",
        }
    }

    /// Lower-case column-name stem: "4g" or "5g".
    pub fn stem(self) -> &'static str {
        match self {
            Technology::G4 => "4g",
            Technology::G5 => "5g",
        }
    }

    /// Parse `4G`, `LTE`, `5G`, `NR` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "4G" | "LTE" | "4G/LTE" => Some(Technology::G4),
            "5G" | "NR" | "5G NR" | "5G/NR" => Some(Technology::G5),
            _ => None,
        }
    }
}

impl std::fmt::Display for Technology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
