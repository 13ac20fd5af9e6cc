#!/bin/sh
# Rebuilds the real Cà Mau demo in this folder from the shared sources
# (see README.md here): deterministic, the same files every time.
#
#   SHARED=path/to/shared/data PHUSONG=path/to/phusong sh data/camau/make.sh
set -eu
cd "$(dirname "$0")"
SHARED=${SHARED:-../../../shared/data}
PHUSONG=${PHUSONG:-../../target/release/phusong}
TMP=${TMPDIR:-/tmp}/phusong-camau-crosswalk

# 1. The 2019 census households per pre-2025 commune (GSO), with codes.
python3 prepare_census.py "$SHARED" > census2019_households.csv
cp "$SHARED/camau-communes-pre2025/camau_baclieu_communes_pre2025.geojson" communes_pre2025.geojson

# 2. Households: exactly the census count strictly inside each old commune,
#    with their sizes (1 … 7+ persons); every household wants broadband.
"$PHUSONG" households from-counts communes_pre2025.geojson \
    --id commune_id_2009 --count households --counts census2019_households.csv \
    --sizes hh_size1,hh_size2,hh_size3,hh_size4,hh_size5,hh_size6,hh_size7plus \
    --seed 2025 --out households.csv.gz

# 3. The reform: old communes → 2025 wards; each ward gets the old province
#    most of its households came from (`old_province`, the parent level).
"$PHUSONG" crosswalk communes_pre2025.geojson "$SHARED/vn2025-camau-wards/ca_mau_wards_2025.geojson" \
    --old-id commune_id_2009 --old-name commune --new-id ward_code --new-name name \
    --households households.csv.gz \
    --table census2019_households.csv --id commune_id_2009 --columns households,persons \
    --label province --label-as old_province --labelled wards_2025.geojson --out "$TMP"
mkdir -p crosswalk
cp "$TMP/crosswalk.csv" "$TMP/old_units.csv" "$TMP/reaggregated.csv" crosswalk/

# 4. Synthetic sites and fibre from the households.
python3 make_network.py households.csv.gz
