//! `phusong map`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use phusong::pipeline;

use crate::cli::progress::Bars;

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
    let done = pipeline::remap(&dir, &Bars::new(quiet))
        .with_context(|| format!("re-rendering the maps of {}", dir.display()))?;
    if !quiet {
        eprintln!(
            "{}: {} communes; wrote {} files to {}",
            done.data.province,
            done.data.communes.len(),
            done.files.len(),
            dir.join("maps").display()
        );
    }
    Ok(())
}
