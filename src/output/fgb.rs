//! FlatGeobuf output (<https://flatgeobuf.org>): a point layer from a
//! table with `lon` and `lat` columns, in WGS84 (EPSG:4326), with a packed
//! Hilbert R-tree spatial index so that QGIS and GDAL draw and query
//! millions of points fast. The other columns become typed fields
//! (booleans, integers, reals, strings; empty cells are null).
//!
//! The file is the one the `flatgeobuf` crate's `FgbWriter` writes, byte
//! for byte (a test compares them), assembled here from the crate's
//! generated FlatBuffers tables and its packed R-tree: the features are
//! encoded in parallel, already in Hilbert order, and written from memory
//! (`FgbWriter` copies each one back from a temporary file with a seek
//! and a read, two system calls per household).

use std::io::Write;
use std::path::Path;

use flatbuffers::FlatBufferBuilder;
use flatgeobuf::packed_r_tree::{NodeItem, PackedRTree};
use flatgeobuf::{
    Column, ColumnArgs, ColumnType, Crs, CrsArgs, Feature, FeatureArgs, Geometry, GeometryArgs,
    GeometryType, Header, HeaderArgs,
};
use std::collections::HashMap;

use geozero::ColumnValue;
use polars::prelude::{AnyValue, DataFrame, DataType, Float64Type, Series};
use rayon::prelude::*;

use crate::output::arrow_column::{real, Arr, ArrowColumn};
use crate::output::atomic::write_atomic;
use crate::{Error, Result};

fn column_type(t: &DataType) -> ColumnType {
    match t {
        DataType::Boolean => ColumnType::Bool,
        DataType::Int8 | DataType::Int16 | DataType::Int32 => ColumnType::Int,
        DataType::UInt8 | DataType::UInt16 | DataType::UInt32 => ColumnType::UInt,
        DataType::Int64 => ColumnType::Long,
        DataType::UInt64 => ColumnType::ULong,
        DataType::Float32 | DataType::Float64 => ColumnType::Double,
        _ => ColumnType::String,
    }
}

fn value(v: &AnyValue<'_>) -> Option<ColumnValue<'static>> {
    Some(match *v {
        AnyValue::Boolean(b) => ColumnValue::Bool(b),
        AnyValue::Int8(x) => ColumnValue::Int(x.into()),
        AnyValue::Int16(x) => ColumnValue::Int(x.into()),
        AnyValue::Int32(x) => ColumnValue::Int(x),
        AnyValue::UInt8(x) => ColumnValue::UInt(x.into()),
        AnyValue::UInt16(x) => ColumnValue::UInt(x.into()),
        AnyValue::UInt32(x) => ColumnValue::UInt(x),
        AnyValue::Int64(x) => ColumnValue::Long(x),
        AnyValue::UInt64(x) => ColumnValue::ULong(x),
        AnyValue::Float32(x) if x.is_finite() => ColumnValue::Double(x.into()),
        AnyValue::Float64(x) if x.is_finite() => ColumnValue::Double(x),
        _ => return None,
    })
}

fn fgb_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Output(format!("{}: writing FlatGeobuf: {e}", path.display()))
}

/// One field column: read in place from its (single-chunk) arrow array,
/// or any other type cell by cell through polars' `AnyValue`.
enum Field<'a> {
    Typed(ArrowColumn<'a>),
    Other(&'a Series),
}

impl<'a> Field<'a> {
    /// `s` must be in one chunk ([`Series::rechunk`]); else cell by cell.
    fn of(s: &'a Series) -> Field<'a> {
        ArrowColumn::of(s).map_or(Field::Other(s), Field::Typed)
    }

    /// The bytes property `k` of row `i` takes (0 when null).
    fn encoded_len(&self, i: usize) -> std::io::Result<usize> {
        Ok(match self {
            Field::Typed(ArrowColumn::Bool(a)) => {
                if a.get(i).is_some() {
                    2 + 1
                } else {
                    0
                }
            }
            Field::Typed(ArrowColumn::Str(a)) => a.get(i).map_or(0, |t| 2 + 4 + t.len()),
            Field::Typed(ArrowColumn::F64(a)) => {
                if f64_cell(a, i).is_some() {
                    2 + 8
                } else {
                    0
                }
            }
            Field::Other(s) => {
                let mut scratch = Vec::new();
                self.put_other(s, i, 0, &mut scratch)?;
                scratch.len()
            }
        })
    }

    /// Write property `k` of row `i` at `out[*at..]` as the crate's
    /// `FeatureWriter` encodes it (column index, then the value,
    /// little-endian; nothing when null) and advance `at`.
    fn put(&self, i: usize, k: usize, out: &mut [u8], at: &mut usize) -> std::io::Result<()> {
        let mut put = |bytes: &[u8]| {
            out[*at..*at + bytes.len()].copy_from_slice(bytes);
            *at += bytes.len();
        };
        let key = (k as u16).to_le_bytes();
        match self {
            Field::Typed(ArrowColumn::Bool(a)) => {
                if let Some(b) = a.get(i) {
                    put(&key);
                    put(&[b as u8]);
                }
            }
            Field::Typed(ArrowColumn::Str(a)) => {
                if let Some(t) = a.get(i) {
                    put(&key);
                    put(&(t.len() as u32).to_le_bytes());
                    put(t.as_bytes());
                }
            }
            Field::Typed(ArrowColumn::F64(a)) => {
                if let Some(x) = f64_cell(a, i) {
                    put(&key);
                    put(&x.to_le_bytes());
                }
            }
            Field::Other(s) => {
                let mut scratch = Vec::new();
                self.put_other(s, i, k, &mut scratch)?;
                put(&scratch);
            }
        }
        Ok(())
    }

    /// Property `k` of row `i` of a column read cell by cell, appended.
    fn put_other(&self, s: &Series, i: usize, k: usize, out: &mut Vec<u8>) -> std::io::Result<()> {
        let v = s.get(i).map_err(std::io::Error::other)?;
        let cv = match &v {
            AnyValue::String(t) => Some(ColumnValue::String(t)),
            AnyValue::StringOwned(t) => Some(ColumnValue::String(t.as_str())),
            other => value(other),
        };
        if let Some(cv) = cv {
            push_property(out, k, &cv);
        }
        Ok(())
    }
}

/// A real cell, `None` when null or not finite (written as null).
#[inline]
fn f64_cell(a: &Arr<Float64Type>, i: usize) -> Option<f64> {
    real(a, i).filter(|x| x.is_finite())
}

/// The order in which the `flatgeobuf` writer stores points: descending
/// Hilbert value of the point within the layer's extent (its
/// `packed_r_tree::hilbert_sort`, a stable sort, so ties keep the input
/// order). Adding the features in this order leaves the writer's own sort
/// a single linear pass, and the file the same byte for byte.
pub fn hilbert_order(x: &[f64], y: &[f64]) -> Vec<u32> {
    const HILBERT_MAX: f64 = ((1u32 << 16) - 1) as f64;
    let (mut x0, mut y0, mut x1, mut y1) = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    for (&a, &b) in x.iter().zip(y) {
        // As the crate's `NodeItem::expand_xy`.
        if a < x0 {
            x0 = a;
        }
        if b < y0 {
            y0 = b;
        }
        if a > x1 {
            x1 = a;
        }
        if b > y1 {
            y1 = b;
        }
    }
    let (w, h) = (x1 - x0, y1 - y0);
    // The crate's key: the centre of the point's box, (x + x) / 2 = x.
    let keys: Vec<u32> = x
        .par_iter()
        .zip(y)
        .map(|(&a, &b)| {
            let hx = (HILBERT_MAX * ((a + a) / 2.0 - x0) / w).floor() as u32;
            let hy = (HILBERT_MAX * ((b + b) / 2.0 - y0) / h).floor() as u32;
            hilbert(hx, hy)
        })
        .collect();
    let mut order: Vec<u32> = (0..x.len() as u32).collect();
    // Stable, as the crate's sort.
    order.par_sort_by_key(|&i| std::cmp::Reverse(keys[i as usize]));
    order
}

/// The position of `(x, y)` (16 bits each) along a Hilbert curve: the
/// public-domain algorithm of <https://github.com/rawrunprotected/hilbert_curves>
/// that the `flatgeobuf` crate uses (a private function there).
fn hilbert(x: u32, y: u32) -> u32 {
    let mut a = x ^ y;
    let mut b = 0xFFFF ^ a;
    let mut c = 0xFFFF ^ (x | y);
    let mut d = x & (y ^ 0xFFFF);
    let mut aa = a | (b >> 1);
    let mut bb = (a >> 1) ^ a;
    let mut cc = ((c >> 1) ^ (b & (d >> 1))) ^ c;
    let mut dd = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
    (a, b, c, d) = (aa, bb, cc, dd);
    aa = (a & (a >> 2)) ^ (b & (b >> 2));
    bb = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
    cc ^= (a & (c >> 2)) ^ (b & (d >> 2));
    dd ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
    (a, b, c, d) = (aa, bb, cc, dd);
    aa = (a & (a >> 4)) ^ (b & (b >> 4));
    bb = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
    cc ^= (a & (c >> 4)) ^ (b & (d >> 4));
    dd ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
    (a, b, c, d) = (aa, bb, cc, dd);
    cc ^= (a & (c >> 8)) ^ (b & (d >> 8));
    dd ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
    a = cc ^ (cc >> 1);
    b = dd ^ (dd >> 1);
    let mut i0 = x ^ y;
    let mut i1 = b | (0xFFFF ^ (i0 | a));
    for (shift, mask) in [
        (8, 0x00FF_00FF),
        (4, 0x0F0F_0F0F),
        (2, 0x3333_3333),
        (1, 0x5555_5555),
    ] {
        i0 = (i0 | (i0 << shift)) & mask;
        i1 = (i1 | (i1 << shift)) & mask;
    }
    (i1 << 1) | i0
}

/// Append one property (column index, then the value, little-endian)
/// as the crate's `FeatureWriter` encodes it.
fn push_property(out: &mut Vec<u8>, k: usize, v: &ColumnValue<'_>) {
    out.extend_from_slice(&(k as u16).to_le_bytes());
    match v {
        ColumnValue::Byte(v) => out.push(*v as u8),
        ColumnValue::UByte(v) => out.push(*v),
        ColumnValue::Bool(v) => out.push(*v as u8),
        ColumnValue::Short(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::UShort(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::Int(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::UInt(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::Long(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::ULong(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::Float(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::Double(v) => out.extend_from_slice(&v.to_le_bytes()),
        ColumnValue::String(v) | ColumnValue::Json(v) | ColumnValue::DateTime(v) => {
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(v.as_bytes());
        }
        ColumnValue::Binary(v) => {
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
            out.extend_from_slice(v);
        }
    }
}

/// The bytes of a point feature whose properties take `props_len` bytes,
/// as the crate's writer lays it out with the FlatBuffers builder (the
/// layout depends on that length only): the bytes with zero coordinates
/// and properties, and where the coordinates and the properties go.
struct Template {
    bytes: Vec<u8>,
    xy_at: usize,
    props_at: usize,
}

impl Template {
    fn new(props_len: usize) -> std::io::Result<Template> {
        let mut fbb = FlatBufferBuilder::new();
        let xy = fbb.create_vector(&[0.0f64, 0.0]);
        let geometry = Geometry::create(
            &mut fbb,
            &GeometryArgs {
                xy: Some(xy),
                ..Default::default()
            },
        );
        let properties = fbb.create_vector(&vec![0u8; props_len]);
        let feature = Feature::create(
            &mut fbb,
            &FeatureArgs {
                geometry: Some(geometry),
                properties: Some(properties),
                ..Default::default()
            },
        );
        fbb.finish_size_prefixed(feature, None);
        let bytes = fbb.finished_data().to_vec();
        // Where the crate's own reader finds them.
        let at = |p: *const u8| p as usize - bytes.as_ptr() as usize;
        let f = flatgeobuf::size_prefixed_root_as_feature(&bytes).map_err(std::io::Error::other)?;
        let missing = || std::io::Error::other("FlatGeobuf feature template");
        let xy_at = at(f
            .geometry()
            .and_then(|g| g.xy())
            .ok_or_else(missing)?
            .bytes()
            .as_ptr());
        let props_at = at(f.properties().ok_or_else(missing)?.bytes().as_ptr());
        Ok(Template {
            bytes,
            xy_at,
            props_at,
        })
    }
}

/// Encode row `i` (its properties take `props_len` bytes) into `out`,
/// exactly `template.bytes.len()` long.
fn encode_feature(
    out: &mut [u8],
    t: &Template,
    xy: [f64; 2],
    fields: &[Field<'_>],
    i: usize,
    props_len: usize,
) -> std::io::Result<()> {
    out.copy_from_slice(&t.bytes);
    out[t.xy_at..t.xy_at + 8].copy_from_slice(&xy[0].to_le_bytes());
    out[t.xy_at + 8..t.xy_at + 16].copy_from_slice(&xy[1].to_le_bytes());
    let mut at = t.props_at;
    for (k, field) in fields.iter().enumerate() {
        field.put(i, k, out, &mut at)?;
    }
    if at != t.props_at + props_len {
        return Err(std::io::Error::other("FlatGeobuf properties length"));
    }
    Ok(())
}

/// The size-prefixed `Header` table of a point layer: its name, columns,
/// extent and number of features, EPSG:4326, an index of node size 16.
fn header_bytes(
    name: &str,
    columns: &[(&str, ColumnType)],
    extent: &NodeItem,
    n: usize,
) -> Vec<u8> {
    let mut fbb = FlatBufferBuilder::new();
    // In the order the crate's writer creates them.
    let name = fbb.create_string(name);
    let crs = Crs::create(
        &mut fbb,
        &CrsArgs {
            code: 4326,
            ..Default::default()
        },
    );
    let columns: Vec<_> = columns
        .iter()
        .map(|&(c, type_)| {
            let name = Some(fbb.create_string(c));
            Column::create(
                &mut fbb,
                &ColumnArgs {
                    name,
                    type_,
                    nullable: true,
                    ..Default::default()
                },
            )
        })
        .collect();
    let columns = fbb.create_vector(&columns);
    let envelope = fbb.create_vector(&[extent.min_x, extent.min_y, extent.max_x, extent.max_y]);
    let header = Header::create(
        &mut fbb,
        &HeaderArgs {
            name: Some(name),
            envelope: Some(envelope),
            geometry_type: GeometryType::Point,
            columns: Some(columns),
            features_count: n as u64,
            index_node_size: PackedRTree::DEFAULT_NODE_SIZE,
            crs: Some(crs),
            ..Default::default()
        },
    );
    fbb.finish_size_prefixed(header, None);
    fbb.finished_data().to_vec()
}

/// Rows per batch of features encoded (in parallel) and written: the
/// features are streamed through one reused buffer of about this many
/// households (≈ 13 MB on the demo's), not held whole in memory.
const BATCH_ROWS: usize = 1 << 16;
/// Rows per parallel task within a batch.
const CHUNK_ROWS: usize = 1 << 12;

/// The bytes each row's properties take (counted column by column), and
/// a feature template for each distinct length.
type PropertyLengths = (Vec<u32>, HashMap<u32, Template>);

fn property_lengths(fields: &[Field<'_>], n: usize) -> std::io::Result<PropertyLengths> {
    let mut props_len = vec![0u32; n];
    for field in fields {
        props_len
            .par_iter_mut()
            .enumerate()
            .with_min_len(1 << 14)
            .try_for_each(|(i, l)| -> std::io::Result<()> {
                *l += field.encoded_len(i)? as u32;
                Ok(())
            })?;
    }
    let mut lens: Vec<u32> = props_len.clone();
    lens.par_sort_unstable();
    lens.dedup();
    let templates = lens
        .iter()
        .map(|&l| Ok((l, Template::new(l as usize)?)))
        .collect::<std::io::Result<_>>()?;
    Ok((props_len, templates))
}

/// The index: one leaf per feature in file order (`order`), with its
/// offset in the feature section; `None` without features.
fn packed_tree(
    order: &[u32],
    offsets: &[u64],
    [lon, lat]: [&[f64]; 2],
    extent: &NodeItem,
) -> std::result::Result<Option<PackedRTree>, flatgeobuf::Error> {
    if order.is_empty() {
        return Ok(None);
    }
    let leaves: Vec<NodeItem> = order
        .par_iter()
        .zip(offsets)
        .map(|(&i, &offset)| {
            let (x, y) = (lon[i as usize], lat[i as usize]);
            NodeItem {
                offset,
                ..NodeItem::bounds(x, y, x, y)
            }
        })
        .collect();
    PackedRTree::build(&leaves, extent, PackedRTree::DEFAULT_NODE_SIZE).map(Some)
}

/// Write `table` as a FlatGeobuf point layer named `name` at `path`
/// (atomically): the geometry from the `lon` and `lat` columns, every
/// other column a field of the matching type.
///
/// Column by column, the bytes each row's properties take are counted
/// first; with them each feature's size (see [`Template`]) and offset are
/// known, so the header and the packed R-tree are written first and the
/// features then encoded, in Hilbert order, batch by batch.
pub fn write_points_fgb(path: &Path, name: &str, table: &DataFrame) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| fgb_error(path, e);
    let coord = |c: &str| -> Result<Vec<f64>> {
        let col = table
            .column(c)
            .and_then(|s| s.f64().map(|a| a.into_no_null_iter().collect()))
            .map_err(|e| err(&e))?;
        Ok(col)
    };
    let (lon, lat) = (coord("lon")?, coord("lat")?);
    let columns: Vec<_> = table
        .columns()
        .iter()
        .filter(|c| c.name() != "lon" && c.name() != "lat")
        .collect();
    let series: Vec<Series> = columns
        .iter()
        .map(|c| c.as_materialized_series().rechunk())
        .collect();
    let fields: Vec<Field<'_>> = series.iter().map(Field::of).collect();
    let n = lon.len();
    let (props_len, templates) = property_lengths(&fields, n).map_err(|e| err(&e))?;
    let order = hilbert_order(&lon, &lat);
    // Offset of each feature (in file order) in the feature section, and
    // the section's end.
    let mut offsets = Vec::with_capacity(n + 1);
    let mut offset = 0u64;
    offsets.push(0);
    for &i in &order {
        offset += templates[&props_len[i as usize]].bytes.len() as u64;
        offsets.push(offset);
    }
    let mut extent = NodeItem::create(0);
    for (&x, &y) in lon.iter().zip(&lat) {
        extent.expand_xy(x, y);
    }
    let names: Vec<(&str, ColumnType)> = columns
        .iter()
        .map(|c| (c.name().as_str(), column_type(c.dtype())))
        .collect();
    let header = header_bytes(name, &names, &extent, n);
    let tree = packed_tree(&order, &offsets[..n], [&lon, &lat], &extent).map_err(|e| err(&e))?;
    let encode = |rows: std::ops::Range<usize>, out: &mut [u8]| -> std::io::Result<()> {
        let base = offsets[rows.start];
        for j in rows {
            let i = order[j] as usize;
            let (a, b) = (
                (offsets[j] - base) as usize,
                (offsets[j + 1] - base) as usize,
            );
            let len = props_len[i];
            encode_feature(
                &mut out[a..b],
                &templates[&len],
                [lon[i], lat[i]],
                &fields,
                i,
                len as usize,
            )?;
        }
        Ok(())
    };
    write_atomic(path, |w| {
        let magic = [b'f', b'g', b'b', flatgeobuf::VERSION, b'f', b'g', b'b', 0];
        w.write_all(&magic)?;
        w.write_all(&header)?;
        if let Some(tree) = &tree {
            let mut w: &mut dyn Write = w;
            tree.stream_write(&mut w)?;
        }
        let batches: Vec<usize> = (0..n).step_by(BATCH_ROWS).chain([n]).collect();
        let most = batches
            .windows(2)
            .map(|b| offsets[b[1]] - offsets[b[0]])
            .max()
            .unwrap_or(0);
        let mut buf = vec![0u8; most as usize];
        for b in batches.windows(2) {
            let (start, end) = (b[0], b[1]);
            let bytes = (offsets[end] - offsets[start]) as usize;
            // Disjoint pieces of the buffer, one per chunk of rows.
            let mut pieces = Vec::new();
            let mut rest = &mut buf[..bytes];
            for c in (start..end).step_by(CHUNK_ROWS) {
                let e = (c + CHUNK_ROWS).min(end);
                let (piece, tail) = rest.split_at_mut((offsets[e] - offsets[c]) as usize);
                pieces.push((c..e, piece));
                rest = tail;
            }
            pieces
                .into_par_iter()
                .try_for_each(|(rows, piece)| encode(rows, piece))?;
            w.write_all(&buf[..bytes])?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::geoparquet::Point;
    use flatgeobuf::packed_r_tree::hilbert_sort;
    use flatgeobuf::{FgbCrs, FgbWriter, FgbWriterOptions};
    use geozero::PropertyProcessor;
    use polars::prelude::Column as PlColumn;

    /// The file as the crate's own writer makes it (what this module
    /// wrote before), cell by cell through polars' `get`.
    fn crate_fgb(name: &str, table: &DataFrame) -> Vec<u8> {
        let lon: Vec<f64> = table
            .column("lon")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let lat: Vec<f64> = table
            .column("lat")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let fields: Vec<_> = table
            .columns()
            .iter()
            .filter(|c| c.name() != "lon" && c.name() != "lat")
            .collect();
        let options = FgbWriterOptions {
            write_index: true,
            crs: FgbCrs {
                code: 4326,
                ..Default::default()
            },
            ..Default::default()
        };
        let mut fgb = FgbWriter::create_with_options(name, GeometryType::Point, options).unwrap();
        for c in &fields {
            fgb.add_column(c.name(), column_type(c.dtype()), |_, col| {
                col.nullable = true;
            });
        }
        for (i, (&x, &y)) in lon.iter().zip(&lat).enumerate() {
            let cells: Vec<AnyValue<'_>> = fields.iter().map(|c| c.get(i).unwrap()).collect();
            fgb.add_feature_geom(Point(x, y), |feat| {
                for (k, (c, v)) in fields.iter().zip(&cells).enumerate() {
                    let text;
                    let cv = match v {
                        AnyValue::String(s) => ColumnValue::String(s),
                        AnyValue::StringOwned(s) => {
                            text = s.to_string();
                            ColumnValue::String(&text)
                        }
                        other => match value(other) {
                            Some(cv) => cv,
                            None => continue,
                        },
                    };
                    let _ = feat.property(k, c.name(), &cv);
                }
            })
            .unwrap();
        }
        let mut out = Vec::new();
        fgb.write(&mut out).unwrap();
        out
    }

    /// Byte for byte the crate writer's file: strings, booleans and reals
    /// with nulls and NaN, other types, repeated points, no rows.
    #[test]
    fn same_bytes_as_the_crate_writer() {
        let dir = tempfile::tempdir().unwrap();
        // 140,000 rows: three batches of features, many chunks each.
        for n in [0usize, 1, 3, 17, 5000, 40_000, 140_000] {
            let lon: Vec<f64> = (0..n)
                .map(|i| 104.5 + ((i * 7919) % 1000) as f64 / 997.0)
                .collect();
            let lat: Vec<f64> = (0..n)
                .map(|i| 8.5 + ((i * 104_729) % 1000) as f64 / 991.0)
                .collect();
            let ids: Vec<String> = (0..n).map(|i| format!("hộ-{i}")).collect();
            let table = DataFrame::new(
                n,
                vec![
                    PlColumn::new("id".into(), ids),
                    PlColumn::new("lon".into(), lon),
                    PlColumn::new("lat".into(), lat),
                    PlColumn::new(
                        "commune".into(),
                        (0..n)
                            .map(|i| (i % 5 != 0).then(|| format!("c{}", i % 9)))
                            .collect::<Vec<_>>(),
                    ),
                    PlColumn::new(
                        "demand".into(),
                        (0..n).map(|i| i % 3 == 0).collect::<Vec<_>>(),
                    ),
                    PlColumn::new(
                        "flag".into(),
                        (0..n)
                            .map(|i| (i % 4 != 1).then_some(i % 2 == 0))
                            .collect::<Vec<_>>(),
                    ),
                    PlColumn::new(
                        "dist".into(),
                        (0..n)
                            .map(|i| match i % 6 {
                                0 => None,
                                1 => Some(f64::NAN),
                                _ => Some(i as f64 / 10.0),
                            })
                            .collect::<Vec<_>>(),
                    ),
                    PlColumn::new("count".into(), (0..n).map(|i| i as u32).collect::<Vec<_>>()),
                    PlColumn::new(
                        "rsrp".into(),
                        (0..n)
                            .map(|i| (i % 7 != 0).then(|| -(i as f32) / 3.0))
                            .collect::<Vec<_>>(),
                    ),
                ],
            )
            .unwrap();
            let path = dir.path().join(format!("h{n}.fgb"));
            write_points_fgb(&path, "households", &table).unwrap();
            let ours = std::fs::read(&path).unwrap();
            assert!(ours == crate_fgb("households", &table), "n = {n}");
        }
    }

    /// The order equals the crate's own sort, ties (repeated points)
    /// included.
    #[test]
    fn hilbert_order_is_the_crate_order() {
        let mut lcg = crate::test_rng::Lcg(7u64);
        let mut rnd = move || lcg.unit();
        for n in [0usize, 1, 2, 5, 1000, 20_000] {
            let mut x: Vec<f64> = (0..n).map(|_| 104.5 + rnd()).collect();
            let mut y: Vec<f64> = (0..n).map(|_| 8.5 + rnd()).collect();
            // Repeated points and a column of equal x.
            for i in (0..n).step_by(7) {
                x[i] = x[i / 2];
                y[i] = y[i / 2];
            }
            if n > 3 {
                x[1] = x[0];
            }
            let mut nodes: Vec<NodeItem> = (0..n)
                .map(|i| {
                    let mut node = NodeItem::create(i as u64);
                    node.expand_xy(x[i], y[i]);
                    node
                })
                .collect();
            let mut extent = NodeItem::create(0);
            nodes.iter().for_each(|nd| extent.expand(nd));
            hilbert_sort(&mut nodes, &extent);
            let crate_order: Vec<u32> = nodes.iter().map(|nd| nd.offset as u32).collect();
            assert_eq!(hilbert_order(&x, &y), crate_order, "n = {n}");
        }
        // One point, or all equal: zero extent.
        assert_eq!(hilbert_order(&[1.0, 1.0], &[2.0, 2.0]), vec![0, 1]);
    }
}
