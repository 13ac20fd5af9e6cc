//! The targets of a provincial plan (`[targets]`).

use serde::{Deserialize, Serialize};

/// Targets of the provincial plan, as shares in [0, 1].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// Share of demand households served by fibre (default 0.80).
    pub fibre_households: f64,
    /// Share of communes reached by fibre (default 1.00).
    pub fibre_communes: f64,
    /// Share of households covered by 4G (default 1.00).
    pub mobile_4g_households: f64,
    /// Share of households covered by 5G (none by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_5g_households: Option<f64>,
    /// Targets per operator, for any operator or for a choice of two or
    /// more (`[[targets.operators]]`; none by default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operators: Vec<OperatorTarget>,
    /// The scenario has no fibre layer: the fibre targets are "not
    /// evaluated" (set when the scenario is loaded; not a TOML key).
    #[serde(skip)]
    pub no_fibre_layer: bool,
    /// The scenario has no sites layer: the 4G/5G targets are "not
    /// evaluated" (set when the scenario is loaded; not a TOML key).
    #[serde(skip)]
    pub no_sites_layer: bool,
}

/// A coverage target per operator (`[[targets.operators]]`): the share of
/// households the named operator's sites of `tech` cover, or (`operator =
/// "any"`) that at least one operator covers, or (`"choice"`) that two or
/// more cover.
///
/// ```toml
/// [[targets.operators]]
/// operator = "Viettel"    # as the sites' `operator` column spells it (any case)
/// tech = "4G"
/// households = 0.95
/// [[targets.operators]]
/// operator = "choice"     # two or more operators
/// tech = "4G"
/// households = 0.5
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorTarget {
    /// An operator of the sites layer, `"any"` or `"choice"`.
    pub operator: String,
    /// The technology (`"4G"` or `"5G"`).
    pub tech: crate::config::Technology,
    /// The target share of households, in [0, 1].
    pub households: f64,
}

impl OperatorTarget {
    /// `any` / `choice` (any case), else `None` for a named operator.
    pub fn group(&self) -> Option<&'static str> {
        let o = self.operator.trim();
        if o.eq_ignore_ascii_case("any") {
            Some("any")
        } else if o.eq_ignore_ascii_case("choice") {
            Some("choice")
        } else {
            None
        }
    }

    /// The target's key in the outputs: `mobile_4g_households_<operator>`
    /// (lowercase, non-alphanumerics as `_`), `…_any_operator`,
    /// `…_choice_of_operators`.
    ///
    /// ```
    /// use phusong::config::targets::OperatorTarget;
    /// use phusong::config::Technology;
    /// let t = |o: &str| OperatorTarget { operator: o.into(), tech: Technology::G4, households: 0.9 };
    /// assert_eq!(t("Viettel").key(), "mobile_4g_households_viettel");
    /// assert_eq!(t("ANY").key(), "mobile_4g_households_any_operator");
    /// assert_eq!(t("choice").key(), "mobile_4g_households_choice_of_operators");
    /// ```
    pub fn key(&self) -> String {
        let who = match self.group() {
            Some("any") => "any_operator".to_string(),
            Some(_) => "choice_of_operators".to_string(),
            None => self
                .operator
                .trim()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect(),
        };
        format!("mobile_{}_households_{who}", self.tech.stem())
    }
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            fibre_households: 0.80,
            fibre_communes: 1.0,
            mobile_4g_households: 1.0,
            mobile_5g_households: None,
            operators: Vec::new(),
            no_fibre_layer: false,
            no_sites_layer: false,
        }
    }
}
