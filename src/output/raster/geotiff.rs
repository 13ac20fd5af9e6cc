//! A minimal GeoTIFF writer for one band of 32-bit floats, written by hand
//! (no `tiff`/GDAL dependency).
//!
//! The file is a classic little-endian TIFF 6.0 with one image: strips of
//! rows, `BitsPerSample` 32, `SampleFormat` 3 (IEEE float), optionally
//! compressed with Deflate (`Compression` 8, zlib streams) and optionally
//! with the floating-point predictor (`Predictor` 3, TIFF Technical Note 3).
//! The georeferencing follows GeoTIFF 1.0 / OGC GeoTIFF 1.1:
//!
//! | tag | content |
//! |---|---|
//! | 33550 `ModelPixelScaleTag` | `(cell, cell, 0)` |
//! | 33922 `ModelTiepointTag` | raster `(0, 0, 0)` → model `(x_min, y_max, 0)` |
//! | 34735 `GeoKeyDirectoryTag` | `GTModelTypeGeoKey` = 1 (projected), `GTRasterTypeGeoKey` = 1 (PixelIsArea), `GTCitationGeoKey` = "WGS 84 / UTM zone 48N", `ProjectedCSTypeGeoKey` = EPSG code, `ProjLinearUnitsGeoKey` = 9001 (metre) |
//! | 34737 `GeoAsciiParamsTag` | the citation |
//! | 42112 `GDAL_METADATA` | XML `<GDALMetadata>` with the provenance items, the band description and unit |
//! | 42113 `GDAL_NODATA` | `nan`, or the sentinel of [`GeoTiffOptions::nodata`] |
//!
//! These are the tags GDAL itself writes for such a raster, so GDAL, QGIS,
//! rasterio and the like open it with the right CRS, extent, no-data value,
//! metadata, band description and unit.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::utm_raster::UtmRaster;
use crate::output::atomic::write_bytes_atomic;
use crate::output::xml::escape as xml_escape;
use crate::{Error, Result};

/// Compression of the pixel data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Uncompressed (`Compression` 1).
    None,
    /// Deflate / zlib (`Compression` 8, "Adobe Deflate"), read by every
    /// GDAL build.
    #[default]
    Deflate,
}

/// How to write a GeoTIFF. `GeoTiffOptions::default()` is Deflate without
/// predictor, NaN as no-data, no band description or unit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GeoTiffOptions {
    /// Compression of the strips.
    pub compression: Compression,
    /// Apply the floating-point predictor (`Predictor` 3) before Deflate.
    /// Supported by GDAL (hence QGIS) and libtiff ≥ 3.8; typically
    /// shrinks a smooth float field by a further third. Ignored without
    /// compression.
    pub float_predictor: bool,
    /// No-data: `None` writes no-data cells as NaN and `GDAL_NODATA` =
    /// `nan`; `Some(v)` (finite, e.g. -9999) writes NaN cells as `v` and
    /// `GDAL_NODATA` = `v`, for tools that cannot handle NaN.
    pub nodata: Option<f32>,
    /// Band description (GDAL's band `DESCRIPTION`, shown by QGIS as the
    /// band name), e.g. "best-server RSRP".
    pub band_description: Option<String>,
    /// Band unit (GDAL's `UNITTYPE`), e.g. "dBm".
    pub unit: Option<String>,
}

/// Write `grid` to `path` as a GeoTIFF with [`GeoTiffOptions::default`]
/// (Deflate, NaN no-data) and `metadata` as GDAL metadata items (shown by
/// `gdalinfo` and in QGIS's layer properties). The file is written
/// atomically.
pub fn write_geotiff(path: &Path, grid: &UtmRaster, metadata: &[(String, String)]) -> Result<()> {
    write_geotiff_with(path, grid, metadata, &GeoTiffOptions::default())
}

/// Write `grid` to `path` as a GeoTIFF with the given options (see
/// [`encode_geotiff`]). The file is written atomically.
pub fn write_geotiff_with(
    path: &Path,
    grid: &UtmRaster,
    metadata: &[(String, String)],
    options: &GeoTiffOptions,
) -> Result<()> {
    let bytes = encode_geotiff(grid, metadata, options).map_err(|e| with_path_context(e, path))?;
    write_bytes_atomic(path, &bytes)
}

fn with_path_context(e: Error, path: &Path) -> Error {
    match e {
        Error::Output(m) => Error::Output(format!("{}: {m}", path.display())),
        other => other,
    }
}

// TIFF field types.
const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const DOUBLE: u16 = 12;

/// Target uncompressed size of a strip.
const STRIP_BYTES: usize = 64 * 1024;

/// The GeoTIFF file content for `grid` (see the module documentation for
/// the layout). Metadata keys and values are XML-escaped; keys should be
/// plain identifiers such as `model` or `threshold_dbm`.
pub fn encode_geotiff(
    grid: &UtmRaster,
    metadata: &[(String, String)],
    options: &GeoTiffOptions,
) -> Result<Vec<u8>> {
    grid.validate()?;
    let utm = grid.utm()?;
    if let Some(v) = options.nodata {
        if !v.is_finite() {
            return Err(Error::Output(format!(
                "GeoTIFF no-data sentinel must be finite, not {v} (use None for NaN)"
            )));
        }
    }
    let layout = Strips::of(grid, options);
    // Encode the strips (in parallel: Deflate dominates the cost).
    let strips: Vec<Vec<u8>> = (0..layout.n_strips)
        .into_par_iter()
        .map(|s| layout.encode(grid, options, s))
        .collect();
    let citation = format!("{}|", utm.name());
    let entries = ifd_entries(grid, metadata, options, &layout, &strips, &citation);
    assemble(grid, entries, &strips)
}

/// How the rows are cut into strips and encoded.
struct Strips {
    rows_per_strip: usize,
    n_strips: usize,
    /// Deflate the strips.
    compressed: bool,
    /// Apply the floating-point predictor (only with compression).
    predictor: bool,
}

impl Strips {
    /// Strips of about [`STRIP_BYTES`] (at least one row each).
    fn of(grid: &UtmRaster, options: &GeoTiffOptions) -> Self {
        let row_bytes = grid.width * 4;
        let rows_per_strip = (STRIP_BYTES / row_bytes).clamp(1, grid.height);
        let compressed = options.compression == Compression::Deflate;
        Strips {
            rows_per_strip,
            n_strips: grid.height.div_ceil(rows_per_strip),
            compressed,
            predictor: compressed && options.float_predictor,
        }
    }

    /// The bytes of strip `s`: its rows as little-endian `f32` (NaN as the
    /// no-data sentinel if any), each row through the predictor if on, the
    /// whole deflated if on.
    fn encode(&self, grid: &UtmRaster, options: &GeoTiffOptions, s: usize) -> Vec<u8> {
        let w = grid.width;
        let r0 = s * self.rows_per_strip;
        let r1 = (r0 + self.rows_per_strip).min(grid.height);
        let mut raw = Vec::with_capacity((r1 - r0) * w * 4);
        for row in r0..r1 {
            let vals = &grid.values[row * w..(row + 1) * w];
            let start = raw.len();
            for &v in vals {
                let v = match options.nodata {
                    Some(nd) if v.is_nan() => nd,
                    _ => v,
                };
                raw.extend_from_slice(&v.to_le_bytes());
            }
            if self.predictor {
                float_predictor_encode(&mut raw[start..]);
            }
        }
        if self.compressed {
            let mut z = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(raw.len() / 2),
                flate2::Compression::fast(),
            );
            z.write_all(&raw).expect("writing to a Vec cannot fail");
            z.finish().expect("writing to a Vec cannot fail")
        } else {
            raw
        }
    }
}

/// The GeoKey directory: header (version 1, revision 1.0, count), then
/// (key, location, count, value) sorted by key; the citation's text is in
/// `GeoAsciiParamsTag`.
fn geokeys(grid: &UtmRaster, citation: &str) -> Vec<u16> {
    vec![
        1,
        1,
        0,
        5,
        1024, // GTModelTypeGeoKey
        0,
        1,
        1,    // ModelTypeProjected
        1025, // GTRasterTypeGeoKey
        0,
        1,
        1,    // RasterPixelIsArea
        1026, // GTCitationGeoKey
        34737,
        citation.len() as u16,
        0,
        3072, // ProjectedCSTypeGeoKey
        0,
        1,
        grid.epsg as u16,
        3076, // ProjLinearUnitsGeoKey
        0,
        1,
        9001, // Linear_Meter
    ]
}

/// The IFD entries, sorted by tag. `StripOffsets` (273) holds zeros: the
/// offsets are known only once the layout is ([`assemble`]).
fn ifd_entries(
    grid: &UtmRaster,
    metadata: &[(String, String)],
    options: &GeoTiffOptions,
    layout: &Strips,
    strips: &[Vec<u8>],
    citation: &str,
) -> Vec<Entry> {
    let nodata_text = match options.nodata {
        None => "nan".to_string(),
        Some(v) => format!("{v}"),
    };
    let gdal_metadata = gdal_metadata_xml(metadata, options);
    let strip_counts: Vec<u32> = strips.iter().map(|s| s.len() as u32).collect();
    let entries = vec![
        Entry::longs(256, &[grid.width as u32]),
        Entry::longs(257, &[grid.height as u32]),
        Entry::shorts(258, &[32]),
        Entry::shorts(259, &[if layout.compressed { 8 } else { 1 }]),
        Entry::shorts(262, &[1]),                     // BlackIsZero
        Entry::longs(273, &vec![0; layout.n_strips]), // StripOffsets, patched later
        Entry::shorts(277, &[1]),
        Entry::longs(278, &[layout.rows_per_strip as u32]),
        Entry::longs(279, &strip_counts),
        Entry::shorts(284, &[1]), // PlanarConfiguration: chunky
        Entry::ascii(305, &format!("phusong {}", env!("CARGO_PKG_VERSION"))),
        Entry::shorts(317, &[if layout.predictor { 3 } else { 1 }]),
        Entry::shorts(339, &[3]), // SampleFormat: IEEE float
        Entry::doubles(33550, &[grid.cell_m, grid.cell_m, 0.0]),
        Entry::doubles(33922, &[0.0, 0.0, 0.0, grid.x_min_m, grid.y_max_m, 0.0]),
        Entry::shorts(34735, &geokeys(grid, citation)),
        Entry::ascii(34737, citation),
        Entry::ascii(42112, &gdal_metadata),
        Entry::ascii(42113, &nodata_text),
    ];
    debug_assert!(entries.windows(2).all(|e| e[0].tag < e[1].tag));
    entries
}

/// The file: header (8) | IFD | out-of-line values (each padded to an even
/// length) | strips, with the strip offsets patched in. An error when it
/// would exceed the 4 GiB of a classic TIFF.
fn assemble(grid: &UtmRaster, mut entries: Vec<Entry>, strips: &[Vec<u8>]) -> Result<Vec<u8>> {
    let ifd_len = 2 + 12 * entries.len() + 4;
    let mut data_len = 0usize;
    for e in &entries {
        if e.data.len() > 4 {
            data_len += e.data.len().next_multiple_of(2);
        }
    }
    let strips_start = 8 + ifd_len + data_len;
    let total = strips_start + strips.iter().map(Vec::len).sum::<usize>();
    if total > u32::MAX as usize {
        let (w, h) = (grid.width, grid.height);
        return Err(Error::Output(format!(
            "GeoTIFF of {w} × {h} cells would exceed the 4 GiB limit of a classic TIFF: \
             use a larger cell size or compression"
        )));
    }
    let mut offset = strips_start as u32;
    let mut offsets = Vec::with_capacity(strips.len());
    for s in strips {
        offsets.push(offset);
        offset += s.len() as u32;
    }
    if let Some(e) = entries.iter_mut().find(|e| e.tag == 273) {
        *e = Entry::longs(273, &offsets);
    }

    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(b"II");
    out.extend_from_slice(&42u16.to_le_bytes());
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    let mut next_data = (8 + ifd_len) as u32;
    for e in &entries {
        out.extend_from_slice(&e.tag.to_le_bytes());
        out.extend_from_slice(&e.typ.to_le_bytes());
        out.extend_from_slice(&e.count.to_le_bytes());
        if e.data.len() <= 4 {
            let mut v = [0u8; 4];
            v[..e.data.len()].copy_from_slice(&e.data);
            out.extend_from_slice(&v);
        } else {
            out.extend_from_slice(&next_data.to_le_bytes());
            next_data += e.data.len().next_multiple_of(2) as u32;
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    for e in &entries {
        if e.data.len() > 4 {
            out.extend_from_slice(&e.data);
            if e.data.len() % 2 == 1 {
                out.push(0);
            }
        }
    }
    debug_assert_eq!(out.len(), strips_start);
    for s in strips {
        out.extend_from_slice(s);
    }
    Ok(out)
}

/// One IFD entry with its value bytes (little-endian).
struct Entry {
    tag: u16,
    typ: u16,
    count: u32,
    data: Vec<u8>,
}

impl Entry {
    fn shorts(tag: u16, v: &[u16]) -> Entry {
        Entry {
            tag,
            typ: SHORT,
            count: v.len() as u32,
            data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    fn longs(tag: u16, v: &[u32]) -> Entry {
        Entry {
            tag,
            typ: LONG,
            count: v.len() as u32,
            data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    fn doubles(tag: u16, v: &[f64]) -> Entry {
        Entry {
            tag,
            typ: DOUBLE,
            count: v.len() as u32,
            data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    /// NUL-terminated 7-bit text; other characters are kept as UTF-8 bytes
    /// (GDAL reads GDAL_METADATA as UTF-8).
    fn ascii(tag: u16, s: &str) -> Entry {
        let mut data: Vec<u8> = s.bytes().filter(|&b| b != 0).collect();
        data.push(0);
        Entry {
            tag,
            typ: ASCII,
            count: data.len() as u32,
            data,
        }
    }
}

/// TIFF Technical Note 3 floating-point predictor, for one row of
/// little-endian `f32`: split the bytes into planes, most significant
/// first, then difference successive bytes.
fn float_predictor_encode(row: &mut [u8]) {
    let n = row.len() / 4;
    let tmp = row.to_vec();
    for i in 0..n {
        for b in 0..4 {
            row[(3 - b) * n + i] = tmp[4 * i + b];
        }
    }
    for k in (1..row.len()).rev() {
        row[k] = row[k].wrapping_sub(row[k - 1]);
    }
}

/// Inverse of [`float_predictor_encode`] (used by the tests).
#[cfg(test)]
fn float_predictor_decode(row: &mut [u8]) {
    for k in 1..row.len() {
        row[k] = row[k].wrapping_add(row[k - 1]);
    }
    let n = row.len() / 4;
    let tmp = row.to_vec();
    for i in 0..n {
        for b in 0..4 {
            row[4 * i + b] = tmp[(3 - b) * n + i];
        }
    }
}

/// The `GDAL_METADATA` XML: dataset items, then the band description and
/// unit as GDAL writes them (`sample="0"` with roles `description` and
/// `unittype`).
fn gdal_metadata_xml(metadata: &[(String, String)], options: &GeoTiffOptions) -> String {
    let mut x = String::from("<GDALMetadata>\n");
    for (k, v) in metadata {
        x.push_str(&format!(
            "  <Item name=\"{}\">{}</Item>\n",
            xml_escape(k),
            xml_escape(v)
        ));
    }
    if let Some(d) = &options.band_description {
        x.push_str(&format!(
            "  <Item name=\"DESCRIPTION\" sample=\"0\" role=\"description\">{}</Item>\n",
            xml_escape(d)
        ));
    }
    if let Some(u) = &options.unit {
        x.push_str(&format!(
            "  <Item name=\"UNITTYPE\" sample=\"0\" role=\"unittype\">{}</Item>\n",
            xml_escape(u)
        ));
    }
    x.push_str("</GDALMetadata>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Read;

    /// A parsed IFD entry: type, count and the value bytes.
    #[derive(Debug)]
    struct Field {
        typ: u16,
        count: u32,
        data: Vec<u8>,
    }

    impl Field {
        fn u32s(&self) -> Vec<u32> {
            match self.typ {
                SHORT => self
                    .data
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]) as u32)
                    .collect(),
                LONG => self
                    .data
                    .chunks(4)
                    .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
                    .collect(),
                t => panic!("not an integer field: type {t}"),
            }
        }
        fn f64s(&self) -> Vec<f64> {
            assert_eq!(self.typ, DOUBLE);
            self.data
                .chunks(8)
                .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
                .collect()
        }
        fn text(&self) -> String {
            assert_eq!(self.typ, ASCII);
            assert_eq!(self.data.last(), Some(&0), "ASCII must be NUL-terminated");
            String::from_utf8(self.data[..self.data.len() - 1].to_vec()).unwrap()
        }
    }

    /// A small independent TIFF reader: header, first IFD, strips.
    fn parse(bytes: &[u8]) -> (BTreeMap<u16, Field>, Vec<f32>) {
        assert_eq!(&bytes[0..4], b"II\x2a\x00");
        let u16_at = |o: usize| u16::from_le_bytes([bytes[o], bytes[o + 1]]);
        let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap());
        let ifd = u32_at(4) as usize;
        assert_eq!(ifd % 2, 0, "IFD offset must be word-aligned");
        let n = u16_at(ifd) as usize;
        let mut fields = BTreeMap::new();
        let mut last_tag = 0;
        for k in 0..n {
            let e = ifd + 2 + 12 * k;
            let tag = u16_at(e);
            assert!(tag > last_tag, "tags must be sorted");
            last_tag = tag;
            let typ = u16_at(e + 2);
            let count = u32_at(e + 4);
            let size = match typ {
                1 | 2 => 1,
                3 => 2,
                4 => 4,
                12 => 8,
                t => panic!("unexpected type {t}"),
            } * count as usize;
            let data = if size <= 4 {
                bytes[e + 8..e + 8 + size].to_vec()
            } else {
                let o = u32_at(e + 8) as usize;
                assert_eq!(o % 2, 0, "value offsets must be word-aligned");
                bytes[o..o + size].to_vec()
            };
            fields.insert(tag, Field { typ, count, data });
        }
        assert_eq!(u32_at(ifd + 2 + 12 * n), 0, "one IFD only");

        let width = fields[&256].u32s()[0] as usize;
        let height = fields[&257].u32s()[0] as usize;
        let compression = fields[&259].u32s()[0];
        let predictor = fields.get(&317).map_or(1, |f| f.u32s()[0]);
        let rps = fields[&278].u32s()[0] as usize;
        let offsets = fields[&273].u32s();
        let counts = fields[&279].u32s();
        assert_eq!(offsets.len(), height.div_ceil(rps));
        let mut values = Vec::with_capacity(width * height);
        for (s, (&o, &c)) in offsets.iter().zip(&counts).enumerate() {
            let chunk = &bytes[o as usize..(o + c) as usize];
            let mut raw = match compression {
                1 => chunk.to_vec(),
                8 => {
                    let mut v = Vec::new();
                    flate2::read::ZlibDecoder::new(chunk)
                        .read_to_end(&mut v)
                        .unwrap();
                    v
                }
                c => panic!("unexpected compression {c}"),
            };
            let rows = rps.min(height - s * rps);
            assert_eq!(raw.len(), rows * width * 4);
            if predictor == 3 {
                for r in raw.chunks_mut(width * 4) {
                    float_predictor_decode(r);
                }
            }
            values.extend(
                raw.chunks(4)
                    .map(|c| f32::from_le_bytes(c.try_into().unwrap())),
            );
        }
        (fields, values)
    }

    fn sample_grid() -> UtmRaster {
        let mut g = UtmRaster::new_nan(32648, 520_000.0, 1_020_000.0, 100.0, 7, 5).unwrap();
        for row in 0..5 {
            for col in 0..7 {
                if (col + row) % 4 != 0 {
                    g.set(col, row, -120.0 + (10 * row + col) as f32 * 0.37);
                }
            }
        }
        g
    }

    fn meta() -> Vec<(String, String)> {
        vec![
            (
                "model".into(),
                "3GPP TR 38.901 UMa <NLOS> & \"shadowing\"".into(),
            ),
            ("covered_dbm".into(), "-110".into()),
        ]
    }

    fn same(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
    }

    #[test]
    fn tags_and_samples_round_trip() {
        let g = sample_grid();
        for (compression, float_predictor) in [
            (Compression::None, false),
            (Compression::Deflate, false),
            (Compression::Deflate, true),
        ] {
            let opts = GeoTiffOptions {
                compression,
                float_predictor,
                band_description: Some("best-server RSRP".into()),
                unit: Some("dBm".into()),
                ..Default::default()
            };
            let bytes = encode_geotiff(&g, &meta(), &opts).unwrap();
            let (f, values) = parse(&bytes);
            assert_eq!(f[&256].u32s(), [7]);
            assert_eq!(f[&257].u32s(), [5]);
            assert_eq!(f[&258].u32s(), [32]);
            assert_eq!(
                f[&259].u32s(),
                [if compression == Compression::None {
                    1
                } else {
                    8
                }]
            );
            assert_eq!(f[&277].u32s(), [1]);
            assert_eq!(f[&317].u32s(), [if float_predictor { 3 } else { 1 }]);
            assert_eq!(f[&339].u32s(), [3]);
            assert_eq!(f[&33550].f64s(), [100.0, 100.0, 0.0]);
            assert_eq!(
                f[&33922].f64s(),
                [0.0, 0.0, 0.0, 520_000.0, 1_020_000.0, 0.0]
            );
            let keys = f[&34735].u32s();
            assert_eq!(keys[..4], [1, 1, 0, 5]);
            let entries: Vec<&[u32]> = keys[4..].chunks(4).collect();
            assert_eq!(entries[0], [1024, 0, 1, 1]);
            assert_eq!(entries[1], [1025, 0, 1, 1]);
            assert_eq!(entries[2][..2], [1026, 34737]);
            assert_eq!(entries[3], [3072, 0, 1, 32648]);
            assert_eq!(entries[4], [3076, 0, 1, 9001]);
            let citation = f[&34737].text();
            assert_eq!(citation, "WGS 84 / UTM zone 48N|");
            assert_eq!(entries[2][2] as usize, citation.len());
            assert_eq!(f[&42113].text(), "nan");
            let xml = f[&42112].text();
            assert!(xml.starts_with("<GDALMetadata>") && xml.ends_with("</GDALMetadata>"));
            assert!(xml.contains(
                "<Item name=\"model\">3GPP TR 38.901 UMa &lt;NLOS&gt; &amp; &quot;shadowing&quot;</Item>"
            ));
            assert!(xml.contains("<Item name=\"covered_dbm\">-110</Item>"));
            assert!(
                xml.contains("<Item name=\"UNITTYPE\" sample=\"0\" role=\"unittype\">dBm</Item>")
            );
            assert_eq!(f[&42112].count as usize, xml.len() + 1);
            assert!(same(&values, &g.values), "{values:?}");
            assert!(values[0].is_nan() && values[3 * 7 + 1].is_nan());
            assert_eq!(values[7 + 2], -120.0 + 12.0 * 0.37);
        }
    }

    #[test]
    fn several_strips_and_sentinel_nodata() {
        // 3,000 columns → 12 KB rows → 5 rows per 64 KiB strip, 3 strips.
        let mut g = UtmRaster::new_nan(32749, 300_000.0, 9_500_000.0, 10.0, 3000, 13).unwrap();
        for (i, v) in g.values.iter_mut().enumerate() {
            if i % 11 != 0 {
                *v = (i as f32 * 0.001).sin() * 30.0 - 90.0;
            }
        }
        let opts = GeoTiffOptions {
            nodata: Some(-9999.0),
            float_predictor: true,
            ..Default::default()
        };
        let (f, values) = parse(&encode_geotiff(&g, &[], &opts).unwrap());
        assert_eq!(f[&278].u32s(), [5]);
        assert_eq!(f[&273].u32s().len(), 3);
        assert_eq!(f[&42113].text(), "-9999");
        assert_eq!(f[&34735].u32s()[4 + 12 + 3], 32749);
        assert_eq!(f[&34737].text(), "WGS 84 / UTM zone 49S|");
        assert_eq!(f[&42112].text(), "<GDALMetadata>\n</GDALMetadata>");
        let expected: Vec<f32> = g
            .values
            .iter()
            .map(|&v| if v.is_nan() { -9999.0 } else { v })
            .collect();
        assert_eq!(values, expected);
    }

    #[test]
    fn predictor_round_trips_special_values() {
        let vals = [
            0.0f32,
            -0.0,
            1.5,
            f32::NAN,
            f32::INFINITY,
            -1e-30,
            3.4e38,
            -87.123,
        ];
        let mut row: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
        let orig = row.clone();
        float_predictor_encode(&mut row);
        assert_ne!(row, orig);
        float_predictor_decode(&mut row);
        assert_eq!(row, orig);
    }

    #[test]
    fn rejects_bad_grids_and_writes_atomically() {
        let mut g = sample_grid();
        g.values.pop();
        assert!(encode_geotiff(&g, &[], &GeoTiffOptions::default()).is_err());
        let g = sample_grid();
        let opts = GeoTiffOptions {
            nodata: Some(f32::NAN),
            ..Default::default()
        };
        assert!(encode_geotiff(&g, &[], &opts).is_err());

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rsrp.tif");
        write_geotiff(&path, &g, &meta()).unwrap();
        let (f, values) = parse(&std::fs::read(&path).unwrap());
        assert_eq!(f[&259].u32s(), [8]);
        assert!(same(&values, &g.values));
        let mut bad = g.clone();
        bad.epsg = 4326;
        assert!(write_geotiff(&path, &bad, &[]).is_err());
        // The earlier file is intact.
        assert!(same(&parse(&std::fs::read(&path).unwrap()).1, &g.values));
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(
            xml_escape("a<b>&'\"\u{1}\n"),
            "a&lt;b&gt;&amp;&apos;&quot; \n"
        );
        assert_eq!(xml_escape("Cà Mau 4G"), "Cà Mau 4G");
    }
}
