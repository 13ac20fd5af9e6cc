"""Open a run's GeoParquet files in the real clients (pyarrow, GeoPandas,
shapely) and compare them with the run's GeoJSON and CSV outputs.

Usage: python check_geoparquet.py RUN_DIR. Prints `ok ...` and exits 0, or
fails with an assertion naming what differs.
"""

import csv
import json
import sys

import geopandas as gpd
import pyarrow.dataset as ds
import pyarrow.compute as pc
import pyarrow.parquet as pq
from shapely.geometry import shape

out = sys.argv[1]


def geo_meta(path):
    meta = json.loads(pq.read_metadata(path).metadata[b"geo"])
    assert meta["version"] == "1.1.0", meta
    assert meta["primary_column"] == "geometry", meta
    col = meta["columns"]["geometry"]
    assert col["encoding"] == "WKB", col
    cov = col["covering"]["bbox"]
    assert cov == {k: ["bbox", k] for k in ("xmin", "ymin", "xmax", "ymax")}, cov
    return col


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- communes: same polygons as communes.geojson, same figures as the CSV.
col = geo_meta(f"{out}/communes.parquet")
communes = gpd.read_parquet(f"{out}/communes.parquet")
# No `crs` member: the GeoParquet default, OGC:CRS84 (WGS84 lon/lat).
assert communes.crs is not None and communes.crs.to_string() == "OGC:CRS84", communes.crs
with open(f"{out}/communes.geojson", encoding="utf-8") as f:
    features = json.load(f)["features"]
assert len(communes) == len(features), (len(communes), len(features))
table = rows(f"{out}/communes.csv")
assert len(table) == len(communes)
key = next(k for k in ("code", "commune", "id") if k in communes.columns)
by_code = {str(f["properties"][key]): shape(f["geometry"]) for f in features}
# GeoPandas hides the covering column: read it with pyarrow.
boxes = pq.read_table(f"{out}/communes.parquet", columns=["bbox"]).column("bbox").to_pylist()
for r, g, b in zip(table, communes.itertuples(), boxes):
    assert str(getattr(g, key)) == r[key], (getattr(g, key), r[key])
    ref = by_code[r[key]]
    # communes.geojson is rounded to 7 decimals; the GeoParquet is not.
    diff = g.geometry.symmetric_difference(ref).area
    assert diff < 1e-9 * max(ref.area, 1e-12) + 1e-12, (r[key], diff, ref.area)
    assert int(g.households) == int(r["households"]), r[key]
    assert abs(b["xmin"] - g.geometry.bounds[0]) < 1e-12, (r[key], b, g.geometry.bounds)
    assert abs(b["ymax"] - g.geometry.bounds[3]) < 1e-12, (r[key], b, g.geometry.bounds)
assert set(col["geometry_types"]) <= {"Polygon", "MultiPolygon"}, col
total = communes.total_bounds
assert all(abs(a - b) < 1e-12 for a, b in zip(total, col["bbox"])), (total, col["bbox"])

# --- households: every household of households.csv, at its lon/lat.
col = geo_meta(f"{out}/households.parquet")
assert col["geometry_types"] == ["Point"], col
hh = gpd.read_parquet(f"{out}/households.parquet")
assert hh.crs.to_string() == "OGC:CRS84", hh.crs
table = {r["id"]: r for r in rows(f"{out}/households.csv")}
assert len(hh) == len(table), (len(hh), len(table))
served = 0
for g in hh.itertuples():
    r = table[str(g.id)]
    assert abs(g.geometry.x - float(r["lon"])) < 1e-6, (g.id, g.geometry.x, r["lon"])
    assert abs(g.geometry.y - float(r["lat"])) < 1e-6, (g.id, g.geometry.y, r["lat"])
    assert str(g.commune if g.commune is not None else "") == r["commune"], g.id
    served += bool(g.fibre_served)
assert served == sum(r["fibre_served"] == "true" for r in table.values()), served

# --- the covering works: a bbox read (GeoPandas pushes it down to the
# row groups through the bbox column) returns exactly the points inside.
xmin, ymin, xmax, ymax = hh.total_bounds
box = (xmin, ymin, (xmin + xmax) / 2, (ymin + ymax) / 2)
part = gpd.read_parquet(f"{out}/households.parquet", bbox=box)
inside = hh.cx[box[0] : box[2], box[1] : box[3]]
assert 0 < len(part) < len(hh), (len(part), len(hh))
assert sorted(part.id) == sorted(inside.id), (len(part), len(inside))
f = (pc.field("bbox", "xmin") >= box[0]) & (pc.field("bbox", "xmax") <= box[2])
f = f & (pc.field("bbox", "ymin") >= box[1]) & (pc.field("bbox", "ymax") <= box[3])
assert ds.dataset(f"{out}/households.parquet").count_rows(filter=f) == len(inside)
md = pq.read_metadata(f"{out}/households.parquet")
paths = [md.row_group(0).column(i).path_in_schema for i in range(md.num_columns)]
stats = md.row_group(0).column(paths.index("bbox.xmin")).statistics
assert stats is not None and stats.has_min_max, "no statistics on bbox.xmin"
print(f"ok {len(communes)} communes, {len(hh)} households, {md.num_row_groups} row groups")
