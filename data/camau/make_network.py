#!/usr/bin/env python3
"""Synthetic but plausible cell sites and fibre for the real Cà Mau demo.

Cà Mau's real site and fibre records are not public, so this script makes
a stand-in from the households alone (deterministic: no randomness):

* households are binned into 2 km cells of a local metric plane;
* a 4G site (3 sectors, 0/120/240°) stands at the household centroid of
  every cell with at least 150 households, and of every fifth sparser
  cell with at least 40 (rural coverage is thinner);
* a 5G site (3 sectors) in every cell with at least 1,200 households
  (the towns);
* the fibre trunk joins the towns (cells with at least 500 households) by
  a minimum spanning tree, as trunk cables follow the main roads between
  towns; the 4G sites in cells with at least 150 households are then fed
  one by one (largest first), each by a straight cable from the nearest
  point already on the network (a town or a fed site), so the network
  branches out from the trunk as distribution cables along roads do.

Everything written here is labelled synthetic (the scenario, README and
the map footnote say so).

Usage: python3 make_network.py households.csv.gz   (writes sites.csv, fibre.geojson)
"""
import csv
import gzip
import json
import math
import sys

CELL_M = 2000.0
LON0, LAT0 = 105.2, 9.2
KX = 111320.0 * math.cos(math.radians(LAT0))
KY = 110574.0


def xy(lon, lat):
    return ((lon - LON0) * KX, (lat - LAT0) * KY)


def lonlat(x, y):
    return (round(LON0 + x / KX, 6), round(LAT0 + y / KY, 6))


cells = {}
with gzip.open(sys.argv[1] if len(sys.argv) > 1 else "households.csv.gz", "rt", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        x, y = xy(float(r["lon"]), float(r["lat"]))
        k = (math.floor(x / CELL_M), math.floor(y / CELL_M))
        c = cells.setdefault(k, [0, 0.0, 0.0])
        c[0] += 1
        c[1] += x
        c[2] += y

keys = sorted(cells)
centre = {k: (cells[k][1] / cells[k][0], cells[k][2] / cells[k][0]) for k in keys}
n = {k: cells[k][0] for k in keys}

sites = []
sparse = 0
for k in keys:
    if n[k] >= 150:
        sites.append(("4G", k))
    elif n[k] >= 40:
        sparse += 1
        if sparse % 5 == 0:
            sites.append(("4G", k))
for k in keys:
    if n[k] >= 1200:
        sites.append(("5G", k))

with open("sites.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "lon", "lat", "tech", "azimuth_deg", "status"])
    for i, (tech, k) in enumerate(sites):
        lon, lat = lonlat(*centre[k])
        for az in (0, 120, 240):
            w.writerow([f"SYN-{tech}-{i + 1:04d}", lon, lat, tech, az, "existing"])

towns = [k for k in keys if n[k] >= 500]
# Prim's minimum spanning tree over the towns (deterministic: ties by order).
in_tree = {towns[0]}
best = {t: (math.dist(centre[t], centre[towns[0]]), towns[0]) for t in towns[1:]}
edges = []
while best:
    t = min(best, key=lambda k: (best[k][0], k))
    d, parent = best.pop(t)
    edges.append((parent, t))
    in_tree.add(t)
    for u in best:
        du = math.dist(centre[u], centre[t])
        if du < best[u][0]:
            best[u] = (du, t)

features = []
for i, (a, b) in enumerate(edges):
    features.append({"type": "Feature", "properties": {"id": f"SYN-TRUNK-{i + 1:04d}", "status": "existing", "kind": "trunk (synthetic)"},
                     "geometry": {"type": "LineString", "coordinates": [lonlat(*centre[a]), lonlat(*centre[b])]}})
spur = 0
connected = [centre[t] for t in towns]
feed = sorted((k for tech, k in sites if tech == "4G" and n[k] >= 150 and k not in towns), key=lambda k: (-n[k], k))
for k in feed:
    p = centre[k]
    q = min(connected, key=lambda c: (math.dist(c, p), c))
    spur += 1
    features.append({"type": "Feature", "properties": {"id": f"SYN-FEED-{spur:04d}", "status": "existing", "kind": "distribution (synthetic)"},
                     "geometry": {"type": "LineString", "coordinates": [lonlat(*q), lonlat(*p)]}})
    connected.append(p)
with open("fibre.geojson", "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "name": "fibre (synthetic)", "features": features}, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
print(f"{sum(1 for s in sites if s[0] == '4G')} 4G and {sum(1 for s in sites if s[0] == '5G')} 5G sites, "
      f"{len(edges)} trunk and {spur} distribution cables", file=sys.stderr)
