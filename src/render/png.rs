//! A small PNG encoder (8-bit RGB or RGBA, zlib via `flate2`), so that the
//! image can be built in memory and written atomically in one go.
//!
//! Each row gets the filter (None, Sub, Up or Paeth) with the smallest sum
//! of absolute residuals, the usual libpng heuristic; flat map colours then
//! compress to a few hundred kB at 2400 px.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::{Compression, Crc};

/// Pixel layout of the raw buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PngColour {
    /// 3 bytes per pixel.
    Rgb,
    /// 4 bytes per pixel (straight, not premultiplied, alpha).
    Rgba,
}

impl PngColour {
    fn channels(self) -> usize {
        match self {
            PngColour::Rgb => 3,
            PngColour::Rgba => 4,
        }
    }
}

/// Encode `data` (rows top to bottom, no padding) as a PNG file. `dpi`, when
/// given, is stored in a `pHYs` chunk so that print layouts get the
/// intended size.
///
/// # Panics
/// If `data.len() != width * height * channels`.
pub fn encode_png(
    width: u32,
    height: u32,
    colour: PngColour,
    data: &[u8],
    dpi: Option<f64>,
) -> Vec<u8> {
    let ch = colour.channels();
    let stride = width as usize * ch;
    assert_eq!(data.len(), stride * height as usize, "PNG buffer size");

    let mut out = Vec::with_capacity(data.len() / 8 + 1024);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.push(8); // bit depth
    ihdr.push(match colour {
        PngColour::Rgb => 2,
        PngColour::Rgba => 6,
    });
    ihdr.extend_from_slice(&[0, 0, 0]); // deflate, adaptive filtering, no interlace
    chunk(&mut out, b"IHDR", &ihdr);

    if let Some(dpi) = dpi.filter(|d| d.is_finite() && *d > 0.0) {
        let ppm = (dpi / 0.0254).round() as u32;
        let mut phys = Vec::with_capacity(9);
        phys.extend_from_slice(&ppm.to_be_bytes());
        phys.extend_from_slice(&ppm.to_be_bytes());
        phys.push(1); // unit: metre
        chunk(&mut out, b"pHYs", &phys);
    }

    let mut z = ZlibEncoder::new(Vec::with_capacity(data.len() / 8), Compression::new(6));
    let zero = vec![0u8; stride];
    let mut filtered = vec![vec![0u8; stride]; 4];
    for y in 0..height as usize {
        let row = &data[y * stride..(y + 1) * stride];
        let prev = if y == 0 {
            &zero[..]
        } else {
            &data[(y - 1) * stride..y * stride]
        };
        let mut best = (u64::MAX, 0usize);
        for (kind, buf) in filtered.iter_mut().enumerate() {
            let mut score = 0u64;
            for i in 0..stride {
                let a = if i >= ch { row[i - ch] } else { 0 };
                let b = prev[i];
                let c = if i >= ch { prev[i - ch] } else { 0 };
                let predictor = match kind {
                    0 => 0,
                    1 => a,
                    2 => b,
                    _ => paeth(a, b, c),
                };
                let v = row[i].wrapping_sub(predictor);
                buf[i] = v;
                score += u64::from((v as i8).unsigned_abs());
            }
            if score < best.0 {
                best = (score, kind);
            }
        }
        // Writing into a Vec cannot fail.
        let filter_type = match best.1 {
            0 => 0u8,
            1 => 1,
            2 => 2,
            _ => 4,
        };
        let _ = z.write_all(&[filter_type]);
        let _ = z.write_all(&filtered[best.1]);
    }
    let idat = z.finish().unwrap_or_default();
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let pa = (p - i16::from(a)).abs();
    let pb = (p - i16::from(b)).abs();
    let pc = (p - i16::from(c)).abs();
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// Decode a PNG written by [`encode_png`] (tests only: no interlace, 8-bit,
/// RGB or RGBA). Returns width, height, channels and the raw pixels.
#[cfg(test)]
pub(crate) fn decode_png(bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    use std::io::Read;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let mut pos = 8;
    let (mut w, mut h, mut ch) = (0u32, 0u32, 0usize);
    let mut idat = Vec::new();
    while pos < bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let data = &bytes[pos + 8..pos + 8 + len];
        let mut crc = Crc::new();
        crc.update(&bytes[pos + 4..pos + 8 + len]);
        let stored = u32::from_be_bytes(bytes[pos + 8 + len..pos + 12 + len].try_into().unwrap());
        assert_eq!(crc.sum(), stored, "CRC of {:?}", std::str::from_utf8(kind));
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(data[0..4].try_into().unwrap());
                h = u32::from_be_bytes(data[4..8].try_into().unwrap());
                ch = if data[9] == 6 { 4 } else { 3 };
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        pos += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = w as usize * ch;
    let mut out = vec![0u8; stride * h as usize];
    for y in 0..h as usize {
        let f = raw[y * (stride + 1)];
        let src = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for i in 0..stride {
            let a = if i >= ch { out[y * stride + i - ch] } else { 0 };
            let b = if y > 0 { out[(y - 1) * stride + i] } else { 0 };
            let c = if y > 0 && i >= ch {
                out[(y - 1) * stride + i - ch]
            } else {
                0
            };
            let pred = match f {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                _ => panic!("bad filter {f}"),
            };
            out[y * stride + i] = src[i].wrapping_add(pred);
        }
    }
    (w, h, ch, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_rgb_and_rgba() {
        for colour in [PngColour::Rgb, PngColour::Rgba] {
            let (w, h) = (37u32, 23u32);
            let ch = colour.channels();
            let data: Vec<u8> = (0..w as usize * h as usize * ch)
                .map(|i| ((i * 7919) % 251) as u8 ^ ((i / 97) as u8))
                .collect();
            let png = encode_png(w, h, colour, &data, Some(200.0));
            let (dw, dh, dch, pixels) = decode_png(&png);
            assert_eq!((dw, dh, dch), (w, h, ch));
            assert_eq!(pixels, data);
        }
    }
}
