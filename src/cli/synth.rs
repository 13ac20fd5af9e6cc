//! `phusong synth`.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

/// Arguments of `phusong synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Random seed; the same seed gives byte-identical files.
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
    /// Number of households.
    #[arg(long, default_value_t = 300_000)]
    pub households: usize,
    /// Output folder.
    #[arg(long, default_value = "data")]
    pub out: PathBuf,
}

pub fn run(args: &SynthArgs, quiet: bool) -> Result<()> {
    let _ = (args, quiet);
    anyhow::bail!("synth is not wired yet")
}
