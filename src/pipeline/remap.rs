//! `phusong map`: re-render the maps of an earlier run from its outputs,
//! reading the scenario's layers exactly as the run read them.

use std::path::{Path, PathBuf};

use crate::config::{LayerKind, Scenario};
use crate::engine::Progress;
use crate::input::edits;
use crate::input::{
    read_areas_with, read_fibre_with, read_households_with, read_options, read_sites_with, Inputs,
};
use crate::output::maps::{scenario_file_of, write_maps, MapData};
use crate::output::qgis::write_qml;
use crate::Result;

/// Read the layers a scenario names strictly (the first bad row or feature
/// is an error), converting each from its CRS to WGS 84 with the scenario's
/// `[crs]` and `[columns]`, and apply its `[add]`, `[remove]` and
/// `[planned]` edits. [`super::load`] is the lenient reading that lists
/// every problem.
pub fn load_strict(scenario: &Scenario, progress: &dyn Progress) -> Result<Inputs> {
    progress.start("read", 4);
    let l = &scenario.layers;
    let opts = |k: LayerKind| read_options(scenario, k, false);
    let areas = read_areas_with(&l.areas, &scenario.areas, &opts(LayerKind::Areas)?)?.data;
    progress.inc(1);
    let households = read_households_with(&l.households, &opts(LayerKind::Households)?)?.data;
    progress.inc(1);
    let mut fibre = match &l.fibre {
        Some(p) => read_fibre_with(p, &opts(LayerKind::Fibre)?)?.data,
        None => Default::default(),
    };
    progress.inc(1);
    let mut sites = match &l.sites {
        Some(p) => read_sites_with(p, &opts(LayerKind::Sites)?)?.data,
        None => Default::default(),
    };
    edits::apply(scenario, &mut fibre, &mut sites)?;
    progress.inc(1);
    progress.finish();
    let network = crate::input::network::read_run_network(scenario)?;
    Ok(Inputs {
        areas,
        households,
        fibre,
        sites,
        network,
    })
}

/// What [`remap`] did.
pub struct Remapped {
    /// The maps' data (province, communes, …).
    pub data: MapData,
    /// The files written.
    pub files: Vec<PathBuf>,
}

/// Re-render the maps of the run whose outputs are in `dir`: the figures
/// from its `communes.geojson` and `summary.json`, the fibre, sites and
/// parent layers from the scenario that `summary.json` names, read and
/// projected as the run read and projected them. Replaces `dir/maps/` and
/// `dir/communes.qml`, the folder whole, only when every map was drawn
/// ([`crate::output::folder`]); the run's other files are kept.
pub fn remap(dir: &Path, progress: &dyn Progress) -> Result<Remapped> {
    use crate::output::folder::{rebase, replace, Product};
    let scenario = Scenario::load(&scenario_file_of(dir)?)?;
    super::validate(&scenario)?;
    let inputs = load_strict(&scenario, progress)?;
    let projection = crate::engine::choose_projection(&scenario, &inputs)?;
    let data = MapData::from_outputs(dir, &scenario, &inputs, projection)?;
    let files = replace(dir, Product::Maps, |staging| {
        let mut files = write_maps(&data, &staging.join("maps"))?.files;
        files.push(write_qml(staging, data.fibre_target)?);
        Ok(rebase(files, staging, dir))
    })?;
    Ok(Remapped { data, files })
}
