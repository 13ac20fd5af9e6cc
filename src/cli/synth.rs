//! `phusong synth`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use phusong::synth::{generate_to_dir, SynthConfig};

/// Arguments of `phusong synth`.
#[derive(Debug, Args)]
#[command(
    long_about = "Generate a synthetic province that looks like Cà Mau: an irregular outline of \
about 5,300 km², communes in districts that tile it exactly (neighbours share identical boundary \
vertices), households clustered along canals, roads and towns, a fibre network and 4G/5G sites. \
The same seed gives byte-identical files. The committed demo in data/ is `phusong synth --seed 2025`.

Writes communes.geojson, districts.geojson, households.csv.gz, fibre.geojson, sites.csv, \
indicators.csv, network.geojson and scenario.toml into --out; run it with \
`phusong run DIR/scenario.toml`."
)]
pub struct SynthArgs {
    /// Random seed; the same seed gives byte-identical files.
    #[arg(long, default_value_t = 2025)]
    pub seed: u64,
    /// Number of households.
    #[arg(long, default_value_t = 300_000)]
    pub households: usize,
    /// Number of communes.
    #[arg(long, default_value_t = 100)]
    pub communes: usize,
    /// Number of 4G sites.
    #[arg(long, default_value_t = 1000)]
    pub sites_4g: usize,
    /// Number of 5G sites.
    #[arg(long, default_value_t = 100)]
    pub sites_5g: usize,
    /// Output folder (existing files of the same names are replaced).
    #[arg(long, default_value = "data")]
    pub out: PathBuf,
}

pub fn run(args: &SynthArgs, quiet: bool) -> Result<()> {
    let cfg = SynthConfig {
        seed: args.seed,
        households: args.households,
        communes: args.communes,
        sites_4g: args.sites_4g,
        sites_5g: args.sites_5g,
        ..SynthConfig::default()
    };
    let summary = generate_to_dir(&cfg, &args.out).with_context(|| {
        format!(
            "generating the synthetic province into {}",
            args.out.display()
        )
    })?;
    if !quiet {
        eprintln!("{}", serde_json::to_string_pretty(&summary)?);
        eprintln!(
            "wrote the synthetic province to {}; run it with `phusong run {}`",
            args.out.display(),
            args.out.join("scenario.toml").display()
        );
    }
    Ok(())
}
