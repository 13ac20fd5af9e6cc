//! The scenario: what a run reads and computes, as written in its TOML file
//! (with the scenarios it inherits from). Plain data: this module depends on
//! no engine module; readers, models and outputs take their parameters
//! from here.
//!
//! ```
//! use phusong::config::{Scenario, Technology};
//! let text = r#"
//! [layers]
//! areas = "communes.geojson"
//! households = "households.csv"
//! fibre = "fibre.geojson"
//! sites = "sites.csv"
//! [targets]
//! fibre_households = 0.9
//! "#;
//! let s = Scenario::from_toml(text, "/data/plan.toml".as_ref())?;
//! assert_eq!(s.name, "plan");
//! assert_eq!(s.targets.fibre_households, 0.9);
//! assert_eq!(s.fibre.drop_m, 150.0);
//! assert_eq!(Technology::parse("LTE"), Some(Technology::G4));
//! # Ok::<(), phusong::Error>(())
//! ```

pub mod check;
pub mod costs;
pub mod edits;
pub mod indicators;
pub mod inheritance;
pub mod layers;
pub mod mobile;
pub mod network;
pub mod outputs;
pub mod projection;
pub mod required;
pub mod scenario;
pub mod targets;
pub mod technology;

pub use check::CheckParams;
pub use costs::Costs;
pub use edits::{AddLayers, PlannedParams, RemoveIds};
pub use indicators::{IndicatorParams, IndicatorTarget, IndicatorWeight};
pub use layers::{AreaFields, ColumnNames, LayerColumns, LayerCrs, LayerKind, Layers};
pub use mobile::{default_radius_m, MobileModelSpec, MobileParams, Receiver};
pub use network::NetworkParams;
pub use outputs::{FibreDistance, FibreParams, OutputParams};
pub use projection::ProjectionChoice;
pub use scenario::Scenario;
pub use targets::{OperatorTarget, Targets};
pub use technology::Technology;
