//! Named places of the synthetic Cà Mau: districts (with their real
//! pre-2025 names, codes, rough centres, areas and commune names) and towns,
//! plus the settlement-density and remoteness fields derived from them.

use super::plane::{Proj, LON0};
use super::rng::{exp, sq};

/// One district of the real (pre-2025) Cà Mau province.
pub(crate) struct DistrictDef {
    /// Real GSO district code.
    pub code: &'static str,
    pub name: &'static str,
    /// Rough centre of the district (not its town), lon/lat.
    pub centre: (f64, f64),
    /// Real area, km² (relative sizes only).
    pub area_km2: f64,
    /// Real number of communes (relative counts only).
    pub communes: usize,
    /// Urban units: wards ("Phường …") or towns ("Thị trấn …").
    pub urban: &'static [&'static str],
    /// Rural communes ("Xã …").
    pub rural: &'static [&'static str],
}

/// The nine districts in code order.
pub(crate) const DISTRICTS: &[DistrictDef] = &[
    DistrictDef {
        code: "964",
        name: "Thành phố Cà Mau",
        centre: (105.160, 9.185),
        area_km2: 250.0,
        communes: 17,
        urban: &[
            "Phường 5",
            "Phường 2",
            "Phường 7",
            "Phường 8",
            "Phường 9",
            "Phường 4",
            "Phường 1",
            "Phường 6",
            "Phường Tân Xuyên",
            "Phường Tân Thành",
        ],
        rural: &[
            "Xã An Xuyên",
            "Xã Tắc Vân",
            "Xã Lý Văn Lâm",
            "Xã Định Bình",
            "Xã Hòa Thành",
            "Xã Hòa Tân",
            "Xã Tân Thành",
        ],
    },
    DistrictDef {
        code: "966",
        name: "U Minh",
        centre: (104.920, 9.390),
        area_km2: 774.0,
        communes: 8,
        urban: &["Thị trấn U Minh"],
        rural: &[
            "Xã Khánh Hòa",
            "Xã Khánh Hội",
            "Xã Khánh Thuận",
            "Xã Khánh Tiến",
            "Xã Khánh Lâm",
            "Xã Khánh An",
            "Xã Nguyễn Phích",
        ],
    },
    DistrictDef {
        code: "967",
        name: "Thới Bình",
        centre: (105.150, 9.400),
        area_km2: 640.0,
        communes: 12,
        urban: &["Thị trấn Thới Bình"],
        rural: &[
            "Xã Biển Bạch",
            "Xã Tân Bằng",
            "Xã Trí Phải",
            "Xã Trí Lực",
            "Xã Biển Bạch Đông",
            "Xã Thới Bình",
            "Xã Tân Phú",
            "Xã Tân Lộc Bắc",
            "Xã Tân Lộc",
            "Xã Tân Lộc Đông",
            "Xã Hồ Thị Kỷ",
        ],
    },
    DistrictDef {
        code: "968",
        name: "Trần Văn Thời",
        centre: (104.925, 9.135),
        area_km2: 703.0,
        communes: 13,
        urban: &["Thị trấn Trần Văn Thời", "Thị trấn Sông Đốc"],
        rural: &[
            "Xã Khánh Bình Tây Bắc",
            "Xã Khánh Bình Tây",
            "Xã Trần Hợi",
            "Xã Khánh Lộc",
            "Xã Khánh Bình",
            "Xã Khánh Hưng",
            "Xã Khánh Bình Đông",
            "Xã Khánh Hải",
            "Xã Lợi An",
            "Xã Phong Điền",
            "Xã Phong Lạc",
        ],
    },
    DistrictDef {
        code: "969",
        name: "Cái Nước",
        centre: (105.040, 8.955),
        area_km2: 417.0,
        communes: 11,
        urban: &["Thị trấn Cái Nước"],
        rural: &[
            "Xã Lương Thế Trân",
            "Xã Phú Hưng",
            "Xã Tân Hưng",
            "Xã Hưng Mỹ",
            "Xã Hòa Mỹ",
            "Xã Đông Hưng",
            "Xã Đông Thới",
            "Xã Tân Hưng Đông",
            "Xã Trần Thới",
            "Xã Thạnh Phú",
        ],
    },
    DistrictDef {
        code: "970",
        name: "Đầm Dơi",
        centre: (105.245, 8.990),
        area_km2: 823.0,
        communes: 16,
        urban: &["Thị trấn Đầm Dơi"],
        rural: &[
            "Xã Tạ An Khương",
            "Xã Tạ An Khương Đông",
            "Xã Trần Phán",
            "Xã Tân Trung",
            "Xã Tân Đức",
            "Xã Tân Thuận",
            "Xã Tạ An Khương Nam",
            "Xã Tân Duyệt",
            "Xã Tân Dân",
            "Xã Tân Tiến",
            "Xã Quách Phẩm Bắc",
            "Xã Quách Phẩm",
            "Xã Thanh Tùng",
            "Xã Ngọc Chánh",
            "Xã Nguyễn Huân",
        ],
    },
    DistrictDef {
        code: "971",
        name: "Năm Căn",
        centre: (105.040, 8.770),
        area_km2: 494.0,
        communes: 8,
        urban: &["Thị trấn Năm Căn"],
        rural: &[
            "Xã Hàm Rồng",
            "Xã Hiệp Tùng",
            "Xã Đất Mới",
            "Xã Lâm Hải",
            "Xã Hàng Vịnh",
            "Xã Tam Giang",
            "Xã Tam Giang Đông",
        ],
    },
    DistrictDef {
        code: "972",
        name: "Phú Tân",
        centre: (104.870, 8.875),
        area_km2: 464.0,
        communes: 9,
        urban: &["Thị trấn Cái Đôi Vàm"],
        rural: &[
            "Xã Phú Thuận",
            "Xã Phú Mỹ",
            "Xã Phú Tân",
            "Xã Tân Hải",
            "Xã Việt Thắng",
            "Xã Tân Hưng Tây",
            "Xã Rạch Chèo",
            "Xã Nguyễn Việt Khái",
        ],
    },
    DistrictDef {
        code: "973",
        name: "Ngọc Hiển",
        centre: (104.900, 8.650),
        area_km2: 732.0,
        communes: 7,
        urban: &["Thị trấn Rạch Gốc"],
        rural: &[
            "Xã Tam Giang Tây",
            "Xã Tân Ân Tây",
            "Xã Viên An Đông",
            "Xã Viên An",
            "Xã Tân Ân",
            "Xã Đất Mũi",
        ],
    },
];

/// Which districts to keep when fewer than nine are asked for, most
/// important first (indices into [`DISTRICTS`]).
pub(crate) const DISTRICT_PRIORITY: [usize; 9] = [0, 4, 1, 6, 5, 3, 2, 8, 7];

/// A town or village centre.
pub(crate) struct TownDef {
    /// The town's name (documents the table; not written to any file).
    #[allow(dead_code)]
    pub name: &'static str,
    pub lon: f64,
    pub lat: f64,
    /// Share of all households living in the town (its urban core).
    pub share: f64,
    /// Radius of the built-up area, metres.
    pub radius: f64,
    /// Index into [`DISTRICTS`] of the district it serves.
    pub district: usize,
    /// The urban-unit name (index into the district's `urban`) the town
    /// gives to the commune it lies in, if any.
    pub urban: Option<usize>,
}

macro_rules! town {
    ($name:expr, $lon:expr, $lat:expr, $share:expr, $r:expr, $d:expr, $u:expr $(,)?) => {
        TownDef {
            name: $name,
            lon: $lon,
            lat: $lat,
            share: $share,
            radius: $r,
            district: $d,
            urban: $u,
        }
    };
}

/// Towns, Cà Mau city first.
pub(crate) const TOWNS: &[TownDef] = &[
    town!("Cà Mau", 105.152, 9.177, 0.150, 2600.0, 0, Some(0)),
    town!("Sông Đốc", 104.845, 9.040, 0.024, 1200.0, 3, Some(1)),
    town!("Năm Căn", 104.995, 8.765, 0.020, 1100.0, 6, Some(0)),
    town!("Cái Nước", 105.012, 8.937, 0.019, 1000.0, 4, Some(0)),
    town!("Đầm Dơi", 105.197, 8.995, 0.018, 1000.0, 5, Some(0)),
    town!("Trần Văn Thời", 104.976, 9.080, 0.018, 1000.0, 3, Some(0)),
    town!("Thới Bình", 105.093, 9.345, 0.015, 900.0, 2, Some(0)),
    town!("U Minh", 104.965, 9.405, 0.012, 900.0, 1, Some(0)),
    town!("Cái Đôi Vàm", 104.835, 8.862, 0.014, 900.0, 7, Some(0)),
    town!("Rạch Gốc", 105.030, 8.668, 0.008, 700.0, 8, Some(0)),
    town!("Khánh Hội", 104.850, 9.330, 0.006, 600.0, 1, None),
    town!("Tân Thuận", 105.330, 8.930, 0.006, 600.0, 5, None),
    town!("Đất Mũi", 104.800, 8.625, 0.004, 500.0, 8, None),
    town!("Tắc Vân", 105.215, 9.225, 0.007, 700.0, 0, None),
    town!("Cái Tàu", 105.000, 9.300, 0.005, 600.0, 1, None),
    town!("Rạch Chèo", 104.905, 8.905, 0.005, 600.0, 7, None),
    town!("Tân Hưng Đông", 105.075, 8.880, 0.005, 600.0, 4, None),
    town!("Lương Thế Trân", 105.085, 9.050, 0.006, 600.0, 4, None),
    town!("Tam Giang", 105.120, 8.790, 0.004, 500.0, 6, None),
    town!("Hàm Rồng", 105.035, 8.810, 0.004, 500.0, 6, None),
    town!("Khánh Bình", 104.915, 9.160, 0.005, 600.0, 3, None),
    town!("Biển Bạch", 105.200, 9.435, 0.005, 600.0, 2, None),
    town!("Tân Lộc", 105.155, 9.300, 0.005, 600.0, 2, None),
    town!("Trí Phải", 105.020, 9.455, 0.004, 500.0, 2, None),
    town!("Nguyễn Huân", 105.290, 9.060, 0.004, 500.0, 5, None),
    town!("Quách Phẩm", 105.225, 8.880, 0.004, 500.0, 5, None),
    town!("Viên An", 104.930, 8.670, 0.004, 500.0, 8, None),
    town!("Phú Mỹ", 104.880, 8.800, 0.003, 500.0, 7, None),
    town!("Định Bình", 105.085, 9.200, 0.005, 600.0, 0, None),
    town!("Khánh Lâm", 104.910, 9.480, 0.004, 500.0, 1, None),
    town!("Phong Lạc", 104.990, 9.000, 0.004, 500.0, 3, None),
];

/// Towns in local metres.
pub(crate) fn town_xy(proj: &Proj) -> Vec<(f64, f64)> {
    TOWNS.iter().map(|t| proj.to_xy(t.lon, t.lat)).collect()
}

/// Settlement density (dimensionless, ≥ 1): 1 plus a bump per town.
pub(crate) fn density(towns: &[(f64, f64)], p: (f64, f64)) -> f64 {
    let mut rho = 1.0;
    for (k, t) in TOWNS.iter().enumerate() {
        let (dx, dy) = (p.0 - towns[k].0, p.1 - towns[k].1);
        let (amp, sigma) = if k == 0 {
            (40.0, 2_400.0)
        } else {
            (1.0 + 120.0 * t.share, 1_300.0)
        };
        let d2 = dx * dx + dy * dy;
        if d2 < 16.0 * sigma * sigma {
            rho += amp * exp(-d2 / (2.0 * sigma * sigma));
        }
    }
    rho
}

fn smoothstep(e0: f64, e1: f64, x: f64) -> f64 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Remoteness in [0, 1]: 1 deep in the U Minh forest (west) or in the
/// mangroves of the south, 0 in the settled centre and near any town.
pub(crate) fn remoteness(proj: &Proj, towns: &[(f64, f64)], p: (f64, f64)) -> f64 {
    // U Minh Hạ forest: an ellipse in the west.
    let (fx, fy) = proj.to_xy(104.895, 9.245);
    let e = (sq((p.0 - fx) / 9_000.0) + sq((p.1 - fy) / 15_000.0)).sqrt();
    let forest = 1.0 - smoothstep(0.55, 1.0, e);
    // Mangroves: the south and the south-east coast.
    let (_, y1) = proj.to_xy(LON0, 8.74);
    let (_, y2) = proj.to_xy(LON0, 8.84);
    let south = 1.0 - smoothstep(y1, y2, p.1);
    let (ex, _) = proj.to_xy(105.13, 0.0);
    let (_, ey) = proj.to_xy(LON0, 8.90);
    let east = smoothstep(ex, ex + 6_000.0, p.0) * (1.0 - smoothstep(ey - 4_000.0, ey, p.1));
    let mut r = forest.max(south).max(0.8 * east);
    // Near towns nothing is remote.
    let mut near: f64 = 0.0;
    for (k, t) in TOWNS.iter().enumerate() {
        let (dx, dy) = (p.0 - towns[k].0, p.1 - towns[k].1);
        let s = t.radius + 1_500.0;
        let d2 = dx * dx + dy * dy;
        if d2 < 16.0 * s * s {
            near = near.max(exp(-d2 / (2.0 * s * s)));
        }
    }
    r *= 1.0 - near;
    r
}
