//! GeoTIFFs written in the tests: strips through the `tiff` encoder (LZW,
//! Deflate), tiles through a small hand-written TIFF builder.

use std::io::{Cursor, Write};

use tiff::encoder::{colortype, Compression, DeflateLevel, TiffEncoder};
use tiff::tags::Tag;

use super::*;

/// GeoKeys for EPSG:4326 (geographic) or a projected EPSG code.
pub(crate) fn geokeys_for(epsg: u16, pixel_is_point: bool) -> Vec<u16> {
    let raster = if pixel_is_point { 2 } else { 1 };
    if epsg == 4326 {
        vec![
            1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, raster, 2048, 0, 1, 4326,
        ]
    } else {
        vec![
            1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, raster, 3072, 0, 1, epsg,
        ]
    }
}

/// One IFD entry: tag, TIFF type, count, little-endian payload.
struct Entry(u16, u16, u32, Vec<u8>);

fn shorts(tag: u16, v: &[u16]) -> Entry {
    Entry(
        tag,
        3,
        v.len() as u32,
        v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    )
}
fn longs(tag: u16, v: &[u32]) -> Entry {
    Entry(
        tag,
        4,
        v.len() as u32,
        v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    )
}
fn doubles(tag: u16, v: &[f64]) -> Entry {
    Entry(
        tag,
        12,
        v.len() as u32,
        v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    )
}
fn ascii(tag: u16, s: &str) -> Entry {
    let mut b = s.as_bytes().to_vec();
    b.push(0);
    Entry(tag, 2, b.len() as u32, b)
}

/// A tiled little-endian Float64 GeoTIFF (Deflate when `deflate`), tiles of
/// `tile × tile` cells, partial tiles at the right and bottom padded.
pub(crate) fn tiled_f64(
    w: u32,
    h: u32,
    tile: u32,
    values: &[f64],
    geo: Option<(&[f64], &[f64], Vec<u16>)>,
    nodata: Option<&str>,
    deflate: bool,
) -> Vec<u8> {
    let (tx, ty) = (w.div_ceil(tile), h.div_ceil(tile));
    let mut chunks = Vec::new();
    for tr in 0..ty {
        for tc in 0..tx {
            let mut raw = Vec::new();
            for r in 0..tile {
                for c in 0..tile {
                    let (x, y) = (tc * tile + c, tr * tile + r);
                    let v = if x < w && y < h {
                        values[(y * w + x) as usize]
                    } else {
                        0.0
                    };
                    raw.extend(v.to_le_bytes());
                }
            }
            if deflate {
                let mut z =
                    flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
                z.write_all(&raw).unwrap();
                raw = z.finish().unwrap();
            }
            chunks.push(raw);
        }
    }
    let mut entries = vec![
        longs(256, &[w]),
        longs(257, &[h]),
        shorts(258, &[64]),
        shorts(259, &[if deflate { 8 } else { 1 }]),
        shorts(262, &[1]),
        shorts(277, &[1]),
        shorts(284, &[1]),
        longs(322, &[tile]),
        longs(323, &[tile]),
        longs(324, &vec![0; chunks.len()]),
        longs(
            325,
            &chunks.iter().map(|c| c.len() as u32).collect::<Vec<_>>(),
        ),
        shorts(339, &[3]),
    ];
    if let Some((scale, tie, keys)) = geo {
        entries.push(doubles(33550, scale));
        entries.push(doubles(33922, tie));
        entries.push(shorts(34735, &keys));
    }
    if let Some(nd) = nodata {
        entries.push(ascii(42113, nd));
    }
    build(entries, &chunks)
}

/// Lay out header, chunk data, IFD and out-of-line values; the entry with
/// tag 324 (TileOffsets) is patched with the chunks' offsets.
fn build(mut entries: Vec<Entry>, chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"II*\0\0\0\0\0".to_vec();
    let mut offsets = Vec::new();
    for c in chunks {
        offsets.push(out.len() as u32);
        out.extend(c);
        if out.len() % 2 == 1 {
            out.push(0);
        }
    }
    for e in &mut entries {
        if e.0 == 324 {
            e.3 = offsets.iter().flat_map(|x| x.to_le_bytes()).collect();
        }
    }
    entries.sort_by_key(|e| e.0);
    let ifd_at = out.len() as u32;
    out[4..8].copy_from_slice(&ifd_at.to_le_bytes());
    let ifd_len = 2 + 12 * entries.len() as u32 + 4;
    let mut extra = Vec::new();
    let mut ifd = (entries.len() as u16).to_le_bytes().to_vec();
    for e in &entries {
        ifd.extend(e.0.to_le_bytes());
        ifd.extend(e.1.to_le_bytes());
        ifd.extend(e.2.to_le_bytes());
        if e.3.len() <= 4 {
            let mut v = e.3.clone();
            v.resize(4, 0);
            ifd.extend(v);
        } else {
            ifd.extend((ifd_at + ifd_len + extra.len() as u32).to_le_bytes());
            extra.extend(&e.3);
            if extra.len() % 2 == 1 {
                extra.push(0);
            }
        }
    }
    ifd.extend(0u32.to_le_bytes());
    out.extend(ifd);
    out.extend(extra);
    out
}

/// A striped Float32 GeoTIFF through the `tiff` crate's encoder.
pub(crate) fn striped_f32(
    w: u32,
    h: u32,
    values: &[f32],
    geo: Option<(&[f64], &[f64], Vec<u16>)>,
    nodata: Option<&str>,
    compression: Compression,
) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut enc = TiffEncoder::new(&mut buf)
            .unwrap()
            .with_compression(compression);
        let mut img = enc.new_image::<colortype::Gray32Float>(w, h).unwrap();
        img.rows_per_strip(3).unwrap();
        if let Some((scale, tie, keys)) = geo {
            img.encoder()
                .write_tag(Tag::ModelPixelScaleTag, scale)
                .unwrap();
            img.encoder().write_tag(Tag::ModelTiepointTag, tie).unwrap();
            img.encoder()
                .write_tag(Tag::GeoKeyDirectoryTag, &keys[..])
                .unwrap();
        }
        if let Some(nd) = nodata {
            img.encoder().write_tag(Tag::GdalNodata, nd).unwrap();
        }
        img.write_data(values).unwrap();
    }
    buf.into_inner()
}

fn write(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("grid.tif");
    std::fs::write(&p, bytes).unwrap();
    (dir, p)
}

fn pattern(w: u32, h: u32) -> Vec<f64> {
    (0..w * h).map(|i| f64::from(i % 97) * 0.5).collect()
}

#[test]
fn strips_lzw_and_deflate_with_nodata_in_wgs84() {
    let (w, h) = (13, 7);
    let mut vals: Vec<f32> = pattern(w, h).iter().map(|&v| v as f32).collect();
    vals[5] = -99999.0;
    for comp in [Compression::Lzw, Compression::Deflate(DeflateLevel::Fast)] {
        let geo = (
            &[0.001, 0.001, 0.0][..],
            &[0.0, 0.0, 0.0, 105.0, 9.2, 0.0][..],
            geokeys_for(4326, false),
        );
        let (_d, p) = write(&striped_f32(w, h, &vals, Some(geo), Some("-99999"), comp));
        let g = read_geotiff(&p).unwrap();
        assert_eq!((g.width, g.height), (13, 7));
        assert!(g.crs.is_wgs84());
        assert_eq!((g.x0, g.y0, g.dx, g.dy), (105.0, 9.2, 0.001, 0.001));
        assert!(g.get(5, 0).is_nan());
        for (i, v) in vals.iter().enumerate().filter(|(i, _)| *i != 5) {
            assert_eq!(g.values[i], *v);
        }
        let b = g.cell_box(2, 1);
        assert!((b[0] - 105.002).abs() < 1e-12 && (b[3] - 9.199).abs() < 1e-12);
        assert_eq!(g.cell_at(105.0025, 9.1985), Some((2, 1)));
        assert_eq!(g.cell_at(104.9, 9.1985), None);
    }
}

#[test]
fn tiles_with_partial_edge_tiles_deflate_and_plain_in_utm() {
    let (w, h) = (40, 30);
    let vals = pattern(w, h);
    for deflate in [true, false] {
        let geo = (
            &[100.0, 100.0, 0.0][..],
            &[0.0, 0.0, 0.0, 500_000.0, 1_020_000.0, 0.0][..],
            geokeys_for(32648, false),
        );
        let (_d, p) = write(&tiled_f64(w, h, 16, &vals, Some(geo), None, deflate));
        let g = read_geotiff(&p).unwrap();
        assert_eq!((g.width, g.height), (40, 30));
        assert_eq!(g.crs.label(), Crs::from_epsg(32648).unwrap().label());
        for r in 0..30 {
            for c in 0..40 {
                assert_eq!(f64::from(g.get(c, r)), vals[r * 40 + c], "cell {c},{r}");
            }
        }
    }
}

#[test]
fn pixel_is_point_is_shifted_half_a_cell() {
    let geo = (
        &[10.0, 10.0, 0.0][..],
        &[0.0, 0.0, 0.0, 1000.0, 2000.0, 0.0][..],
        geokeys_for(32648, true),
    );
    let (_d, p) = write(&tiled_f64(4, 4, 16, &[1.0; 16], Some(geo), None, false));
    let g = read_geotiff(&p).unwrap();
    assert_eq!((g.x0, g.y0), (995.0, 2005.0));
}

#[test]
fn bad_grids_are_named() {
    let vals = [1.0f32; 12];
    let (_d, p) = write(&striped_f32(
        4,
        3,
        &vals,
        None,
        None,
        Compression::Uncompressed,
    ));
    let e = read_geotiff(&p).unwrap_err().to_string();
    assert!(
        e.contains("grid.tif") && e.contains("not georeferenced"),
        "{e}"
    );

    let geo = (
        &[1.0, 1.0, 0.0][..],
        &[0.0; 6][..],
        vec![1, 1, 0, 1, 1024, 0, 1, 2],
    );
    let (_d, p) = write(&striped_f32(
        4,
        3,
        &vals,
        Some(geo),
        None,
        Compression::Uncompressed,
    ));
    let e = read_geotiff(&p).unwrap_err().to_string();
    assert!(e.contains("user-defined CRS"), "{e}");

    let mut buf = Cursor::new(Vec::new());
    TiffEncoder::new(&mut buf)
        .unwrap()
        .write_image::<colortype::RGB8>(2, 2, &[0u8; 12])
        .unwrap();
    let (_d, p) = write(buf.get_ref());
    let e = read_geotiff(&p).unwrap_err().to_string();
    assert!(
        e.contains("unsupported GeoTIFF layout") && e.contains("RGB"),
        "{e}"
    );

    let (_d, p) = write(b"not a tiff at all");
    let e = read_geotiff(&p).unwrap_err().to_string();
    assert!(e.contains("grid.tif") && e.contains("TIFF"), "{e}");
}
