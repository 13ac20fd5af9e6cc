//! The indicators beside the network (`[indicators]`, see
//! [`crate::aggregate::indicators`]) added to a run's tables and targets.

use polars::prelude::Column;

use crate::aggregate::indicators::{check, round6, weight, weighted_mean};
use crate::engine::RunResult;
use crate::input::indicators::{read_indicators, IndicatorTable};
use crate::{Error, Result};

/// Read the scenario's indicator table (if it names one) and add it to the
/// run: a column per indicator (and `<name>_target_met` per target) in the
/// commune, parent and province tables, a [`TargetCheck`] per target in the
/// summary, and a warning for communes without a value.
pub fn attach(r: &mut RunResult) -> Result<()> {
    let Some(params) = r.scenario.indicators.clone() else {
        return Ok(());
    };
    let ids: Vec<&str> = r.inputs.areas.items.iter().map(|a| a.id.as_str()).collect();
    let table = read_indicators(&params, &ids)?;
    let use_persons = r.area_counts.iter().any(|c| c.persons > 0);
    let weights: Vec<f64> = r
        .area_counts
        .iter()
        .map(|c| weight(params.weight, c, use_persons))
        .collect();
    let n = ids.len();
    let err = |e: polars::error::PolarsError| Error::table("adding indicators", e);
    let parents = r.inputs.areas.parents();
    let all: Vec<usize> = (0..n).collect();
    for (k, name) in table.names.iter().enumerate() {
        let values = &table.values[k];
        let target = params.targets.get(name);
        r.communes
            .with_column(Column::new(name.as_str().into(), values.clone()))
            .map_err(err)?;
        if let Some(t) = target {
            let met: Vec<Option<bool>> = values
                .iter()
                .map(|v| v.map(|v| v >= t.target - 1e-9))
                .collect();
            r.communes
                .with_column(Column::new(format!("{name}_target_met").into(), met))
                .map_err(err)?;
        }
        if let Some(df) = r.parents.as_mut() {
            let v: Vec<Option<f64>> = parents
                .values()
                .map(|m| weighted_mean(values, &weights, m).map(round6))
                .collect();
            df.with_column(Column::new(name.as_str().into(), v))
                .map_err(err)?;
        }
        let province = weighted_mean(values, &weights, &all);
        r.province
            .with_column(Column::new(
                name.as_str().into(),
                vec![province.map(round6)],
            ))
            .map_err(err)?;
        let missing_values = values.iter().filter(|v| v.is_none()).count();
        if missing_values > 0 {
            r.summary.warnings.push(format!(
                "{}: {missing_values} of {n} communes have no `{name}` value; the district and \
                 province figures use the others",
                table.path.display()
            ));
        }
        if let Some(t) = target {
            r.summary.targets.push(check(
                name,
                t,
                &params.weight,
                use_persons,
                values,
                &weights,
                province,
            ));
        }
    }
    Ok(())
}

/// The indicator table of a run, re-read (for `phusong gaps`).
pub fn read_for_run(r: &RunResult) -> Result<Option<IndicatorTable>> {
    let Some(params) = &r.scenario.indicators else {
        return Ok(None);
    };
    let ids: Vec<&str> = r.inputs.areas.items.iter().map(|a| a.id.as_str()).collect();
    read_indicators(params, &ids).map(Some)
}
