//! Which metric plane a run computes in (`projection = …`).

use serde::{Deserialize, Serialize};

/// Which metric plane to compute in, as written in a scenario
/// (`projection = "auto"` or `projection = "EPSG:32648"`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ProjectionChoice {
    /// A Transverse Mercator with k0 = 1 on the data's central meridian.
    #[default]
    Auto,
    /// A UTM zone on WGS84, northern (EPSG:326zz) or southern (EPSG:327zz).
    Utm {
        /// Zone 1–60.
        zone: u8,
        /// Northern hemisphere.
        north: bool,
    },
}

impl TryFrom<String> for ProjectionChoice {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        s.parse()
    }
}

impl From<ProjectionChoice> for String {
    fn from(p: ProjectionChoice) -> String {
        p.to_string()
    }
}

impl std::str::FromStr for ProjectionChoice {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("auto") {
            return Ok(ProjectionChoice::Auto);
        }
        let code = t
            .strip_prefix("EPSG:")
            .or_else(|| t.strip_prefix("epsg:"))
            .and_then(|c| c.parse::<u32>().ok());
        match code {
            Some(c @ 32601..=32660) => Ok(ProjectionChoice::Utm {
                zone: (c - 32600) as u8,
                north: true,
            }),
            Some(c @ 32701..=32760) => Ok(ProjectionChoice::Utm {
                zone: (c - 32700) as u8,
                north: false,
            }),
            _ => Err(format!(
                "unknown projection {s:?}: use \"auto\" (a local Transverse Mercator) or a \
                 WGS84 UTM zone such as \"EPSG:32648\" (48N) or \"EPSG:32649\" (49N)"
            )),
        }
    }
}

impl std::fmt::Display for ProjectionChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProjectionChoice::Auto => write!(f, "auto"),
            ProjectionChoice::Utm { zone, north } => {
                write!(
                    f,
                    "EPSG:{}",
                    if *north { 32600 } else { 32700 } + *zone as u32
                )
            }
        }
    }
}
