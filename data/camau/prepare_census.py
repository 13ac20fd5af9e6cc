#!/usr/bin/env python3
"""Join the 2019 census households (GSO, Population and Housing Census of
1 April 2019; the clean extract in ../shared/data/census2019-vn) to the
pre-2025 commune codes of ../shared/data/camau-communes-pre2025, by
(province, 2019 district, 2019 commune name): 165 of 165 rows match 1:1.

Writes census2019_households.csv: commune_id_2009, province, district,
commune, households, persons, hh_size1 … hh_size7plus (households by size;
each row's sizes sum to `households`).

Usage: python3 prepare_census.py SHARED_DATA_DIR > census2019_households.csv
"""
import csv
import sys

shared = sys.argv[1] if len(sys.argv) > 1 else "../../../shared/data"
attrs = list(csv.DictReader(open(f"{shared}/camau-communes-pre2025/camau_baclieu_communes_pre2025_attributes.csv", encoding="utf-8")))
census = list(csv.DictReader(open(f"{shared}/census2019-vn/census2019_camau_baclieu_communes.csv", encoding="utf-8")))


def key(p, d, c):
    return (p.replace("Tỉnh ", "").strip(), d.strip(), c.strip())


by_name = {key(r["province"], r["district"], r["commune"]): r for r in census}
sizes = ["hh_size1", "hh_size2", "hh_size3", "hh_size4", "hh_size5", "hh_size6", "hh_size7plus"]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["commune_id_2009", "province", "district", "commune", "households", "persons"] + sizes)
rows = []
for a in attrs:
    c = by_name[key(a["province"], a["district_2019"], a["commune_2019"])]
    assert sum(int(c[s]) for s in sizes) == int(c["hh_total"]) == int(a["households_2019"])
    rows.append([a["commune_id_2009"], a["province"], a["district_2019"], a["commune_2019"], c["hh_total"], c["pop_total"]] + [c[s] for s in sizes])
for r in sorted(rows):
    out.writerow(r)
