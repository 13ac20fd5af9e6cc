//! `phusong map`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use phusong::output::maps::{write_maps, MapData};
use phusong::output::qgis::write_qml;

/// Arguments of `phusong map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// Output folder of an earlier `phusong run`. Default: outputs/demo.
    #[arg(value_name = "OUTPUT_DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: &MapArgs, quiet: bool) -> Result<()> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs/demo"));
    let data = MapData::from_outputs(&dir)
        .with_context(|| format!("reading the outputs in {}", dir.display()))?;
    let mut written = write_maps(&data, &dir.join("maps"))
        .with_context(|| format!("writing maps to {}", dir.join("maps").display()))?
        .files;
    written.push(write_qml(&dir, data.fibre_target)?);
    if !quiet {
        eprintln!(
            "{}: {} communes; wrote {} files to {}",
            data.province,
            data.communes.len(),
            written.len(),
            dir.join("maps").display()
        );
    }
    Ok(())
}
