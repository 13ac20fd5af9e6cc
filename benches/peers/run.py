#!/usr/bin/env python3
"""Benchmark phusong against GeoPandas, DuckDB, PostGIS, SedonaDB and dask-geopandas on the same files.

One command, from the repository root:

    python3 benches/peers/run.py --sizes 300k,3M,30M

For each size N it generates the peers' synthetic province with
`../shared/peers/gen.py --seed 1 --n N` (skipped when the files exist), builds
phusong (`cargo build --release`), writes a scenario for the data, runs
`phusong run` and each installed peer (N <= --peers-max-n) with peak memory
measured, checks that phusong's per-commune counts equal every peer's (or the
stored golden results of a peer that did not run) and prints a table of stage
times, wall time, peak RSS and the ratio peer wall / phusong wall.

Writes OUT/table.md, OUT/results.jsonl (one JSON object per tool and N, all
raw numbers), OUT/n<N>/scenario.toml and phusong's outputs in
OUT/n<N>/phusong/. Exit status: 0 when every comparison passed, 1 when
phusong failed or any count differs, 2 on bad arguments.

Standard library only. Not part of phusong's build or tests.
"""
import argparse
import csv
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PEERS = ("geopandas", "duckdb", "postgis", "sedonadb", "dask_geopandas")
# Peers run with this Python: the modules they import, and how to install them.
PYTHON_PEERS = {
    "geopandas": (("geopandas", "shapely", "pyogrio", "pyproj"), "geopandas 'shapely>=2' pyogrio pyproj"),
    "duckdb": (("duckdb", "duckdb_extensions"),
               "duckdb==1.5.5 duckdb-extension-spatial==1.5.5 duckdb-extensions==1.5.5"),
    "sedonadb": (("sedonadb", "geopandas", "geoarrow.pyarrow"), "'sedonadb[geopandas]==0.5.0'"),
    "dask_geopandas": (("dask_geopandas", "geopandas", "shapely", "dask"), "dask-geopandas"),
}
# phusong's timings_s keys and the peers' stage names, one column each.
STAGES = [  # (column, phusong key, peer key)
    ("read", "read", "read"),
    ("project", "project", "project"),
    ("index", "index", "index"),
    ("assign/pip", "assign", "pip"),
    ("fibre", "fibre", "fibre"),
    ("mobile/sites", "mobile", "sites"),
    # phusong's lean runs evaluate fibre and mobile in one pass.
    ("fibre+mobile", "fibre_and_mobile", None),
    ("aggregate", "aggregate", "aggregate"),
    ("write", "write", "write"),
]
# peer column -> phusong communes.csv column (as in tests/it/peers.rs)
COUNT_PAIRS = [
    ("households", "households"),
    ("demand_households", "demand_households"),
    ("fibre_served", "fibre_served"),
    ("covered_4g", "covered_4g_demand"),
    ("covered_5g", "covered_5g_demand"),
]


def parse_size(text):
    """Households from '300k', '3M', '30M' or '300000'.

    >>> [parse_size(s) for s in ("300k", "3M", "30m", "1500", "2.5k")]
    [300000, 3000000, 30000000, 1500, 2500]
    """
    t = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    try:
        value = float(t[:-1] if mult > 1 else t) * mult
    except ValueError:
        value = 0
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a household count: {text!r}")
    return int(value)


def fmt_n(n):
    """'300k', '3M' for a table.

    >>> fmt_n(300000), fmt_n(3000000), fmt_n(1234)
    ('300k', '3M', '1,234')
    """
    for div, unit in ((1_000_000, "M"), (1_000, "k")):
        if n % div == 0:
            return f"{n // div}{unit}"
    return f"{n:,}"


def read_communes(path):
    """Rows of a per-commune CSV keyed by commune code."""
    with open(path, newline="", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def compare_counts(ours, theirs, limit=10):
    """Differences between phusong's communes.csv rows and a peer's (lists of
    strings, empty when equal): the five counts exactly, the fibre share to 1e-6.

    >>> ours = {"1": {"households": "5", "demand_households": "4", "fibre_served": "2",
    ...               "fibre_share": "0.5", "covered_4g_demand": "4", "covered_5g_demand": "1"}}
    >>> peer = {"1": {"households": "5", "demand_households": "4", "fibre_served": "2",
    ...               "share": "0.500000", "covered_4g": "4", "covered_5g": "1"}}
    >>> compare_counts(ours, peer)
    []
    >>> peer["1"]["covered_4g"] = "3"; peer["2"] = peer["1"]
    >>> compare_counts(ours, peer)
    ['communes only in the peer: 2', '1 covered_4g: peer 3, phusong covered_4g_demand 4']
    """
    diffs = []
    only_ours, only_theirs = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))
    if only_ours:
        diffs.append("communes only in phusong: " + " ".join(only_ours[:limit]))
    if only_theirs:
        diffs.append("communes only in the peer: " + " ".join(only_theirs[:limit]))
    for code in sorted(set(ours) & set(theirs)):
        a, b = ours[code], theirs[code]
        for peer_col, our_col in COUNT_PAIRS:
            if int(float(a[our_col])) != int(float(b[peer_col])):
                diffs.append(f"{code} {peer_col}: peer {b[peer_col]}, phusong {our_col} {a[our_col]}")
        if abs(float(a["fibre_share"]) - float(b["share"])) > 1e-6:
            diffs.append(f"{code} share: peer {b['share']}, phusong fibre_share {a['fibre_share']}")
    return diffs


def compare_totals(figures, totals):
    """phusong's summary.json province_figures against a peer's totals JSON.

    >>> compare_totals({"unassigned": 3, "households_total": 10}, {"unassigned": 3, "all_households": 11})
    ['all_households: peer 11, phusong households_total 10']
    """
    pairs = [("unassigned", "unassigned"), ("all_households", "households_total")]
    return [f"{p}: peer {totals[p]}, phusong {o} {figures[o]}"
            for p, o in pairs if p in totals and o in figures and int(totals[p]) != int(figures[o])]


def md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_measured(cmd, log, timeout=None, env=None, cwd=None):
    """Run cmd with stdout+stderr to files; returns wall s, peak RSS MB, CPU s,
    exit code (None on timeout) and stdout. Peak RSS and CPU come from the
    child's rusage (wait4), the same figures `/usr/bin/time -v` reports: the
    largest RSS of the process and its waited-for descendants."""
    with open(f"{log}.out", "w") as out, open(f"{log}.err", "w") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 0)):
                try:
                    os.killpg(p.pid, sig)
                except ProcessLookupError:
                    return
                time.sleep(wait)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        except KeyboardInterrupt:  # the child has its own session: stop it (and a PostGIS server) too
            os.killpg(p.pid, signal.SIGTERM)
            os.wait4(p.pid, 0)
            raise
        wall = time.perf_counter() - t0
        if timer:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 / 2**20 if sys.platform == "darwin" else 1 / 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return {
        "wall_s": round(wall, 3),
        "max_rss_mb": round(ru.ru_maxrss * scale),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
        "rc": None if timed_out.is_set() else p.returncode,
        "stdout": Path(f"{log}.out").read_text(errors="replace"),
    }


def load1():
    return round(os.getloadavg()[0], 2)


def build_phusong():
    """`cargo build --release`; the path of the binary cargo reports."""
    print("building phusong: cargo build --release", file=sys.stderr, flush=True)
    p = subprocess.run(["cargo", "build", "--release", "--message-format=json-render-diagnostics"],
                       cwd=REPO, stdout=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"cargo build --release failed (exit {p.returncode})")
    for line in p.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
                and msg["target"]["name"] == "phusong":
            return Path(msg["executable"])
    sys.exit("cargo build did not report the phusong binary")


def ensure_data(n, data, peers_dir, seed):
    """Generate the data for N households unless a complete set is there
    (gen.py writes meta.json last)."""
    meta = data / "meta.json"
    if meta.exists():
        m = json.loads(meta.read_text())
        if (m.get("n"), m.get("seed")) == (n, seed):
            return None
        if m.get("seed") != seed:
            sys.exit(f"{data} holds data for seed {m.get('seed')}, not {seed}: give another --data-dir")
    data.mkdir(parents=True, exist_ok=True)
    print(f"generating {n:,} households into {data}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(peers_dir / "gen.py"), "--seed", str(seed), "--n", str(n),
                    "--out", str(data)], check=True, stdout=subprocess.DEVNULL)
    return round(time.perf_counter() - t0, 1)


def write_scenario(path, data, n, households=False):
    """The peers' definitions: UTM 48N, fibre within 300 m, fixed radius per
    site (the sites' radius_m column is the default model's radius), no maps
    or coverage rasters, and (like the peers, which write per-commune tables
    only) no per-household households.csv unless asked."""
    q = lambda p: json.dumps(str(p))  # a TOML basic string
    path.write_text(f"""# written by benches/peers/run.py
name = "peers-n{n}"
projection = "EPSG:32648"

[layers]
areas = {q(data / "communes.geojson")}
households = {q(data / "households.csv")}
fibre = {q(data / "fibre.geojson")}
sites = {q(data / "sites.csv")}

[fibre]
drop_m = 300

[mobile.4G]
model = "fixed-radius"

[mobile.5G]
model = "fixed-radius"

[outputs]
maps = false
coverage_layers = false
households = {"true" if households else "false"}
""", encoding="utf-8")


def peer_available(tool):
    """None when the peer can run here, else why not."""
    if tool in PYTHON_PEERS:
        mods, pip = PYTHON_PEERS[tool]
        # find_spec of a dotted name imports its parent, which may be missing too.
        code = ("import importlib.util as u,sys\n"
                "def ok(m):\n    try: return u.find_spec(m) is not None\n    except ImportError: return False\n"
                "sys.exit(not all(ok(m) for m in sys.argv[1:]))")
        if subprocess.run([sys.executable, "-c", code, *mods]).returncode != 0:
            return f"not installed (needs the Python modules {', '.join(mods)}: pip install {pip})"
        return None
    missing = [p for p in ("/usr/lib/postgresql/15/bin/initdb", "/usr/share/postgresql/15/extension/postgis.control")
               if not os.path.exists(p)]
    missing += [c for c in ("ogr2ogr", "psql", "runuser", "bc") if shutil.which(c) is None]
    if missing:
        return "not installed (missing " + ", ".join(missing) + ")"
    if os.geteuid() != 0:
        return "needs root (runs its own server as the postgres user)"
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", int(os.environ.get("PGPORT", 54329)))) == 0:
            return f"port {os.environ.get('PGPORT', 54329)} busy (another PostGIS bench running?)"
    return None


def peer_command(tool, peers_dir, data, out):
    return {
        "geopandas": [sys.executable, str(peers_dir / "geopandas_bench.py"), str(data), str(out)],
        "duckdb": [sys.executable, str(peers_dir / "duckdb_bench.py"), str(data), str(out)],
        "postgis": ["bash", str(peers_dir / "postgis_bench.sh"), str(data), str(out)],
        "sedonadb": [sys.executable, str(peers_dir / "sedonadb_bench.py"), str(data), str(out)],
        "dask_geopandas": [sys.executable, str(peers_dir / "dask_geopandas_bench.py"), str(data), str(out)],
    }[tool]


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        try:
            return json.loads(line)
        except ValueError:
            continue
    return {}


def bench_size(n, a, phusong, out_root):
    """Run phusong and the peers for N; returns (records, ok)."""
    data = (a.data_dir or Path(os.environ.get("TMPDIR", "/tmp")) / "peers-data" / "n{n}")
    data = Path(str(data).replace("{n}", str(n)).replace("<N>", str(n))).resolve()
    out = out_root / f"n{n}"
    out.mkdir(parents=True, exist_ok=True)
    gen_s = ensure_data(n, data, a.peers_dir, a.seed)
    records, ok = [], True

    # phusong
    scenario = out / "scenario.toml"
    write_scenario(scenario, data, n, a.households_csv)
    time.sleep(a.pause)
    lb = load1()
    print(f"[{fmt_n(n)}] phusong run (load {lb})", file=sys.stderr, flush=True)
    m = run_measured([str(phusong), "--quiet", "run", str(scenario), "--out", str(out / "phusong")],
                     out / "phusong", timeout=a.timeout, cwd=REPO)
    rec = {"tool": "phusong", "n": n, "seed": a.seed, "data": str(data), "load_before": lb,
           "generate_s": gen_s, **{k: v for k, v in m.items() if k != "stdout"}}
    ours = None
    if m["rc"] == 0:
        summary = json.loads((out / "phusong" / "summary.json").read_text())
        t = summary.get("timings_s", {})
        rec["timings_s"] = t
        for col, key, _ in STAGES:
            v = t.get(key, t.get("read_and_check") if key == "read" else None)
            rec[col] = v
        rec["model_4g"] = summary["parameters"]["mobile"]["4G"]["model"]
        ours = read_communes(out / "phusong" / "communes.csv")
        figures = summary["province_figures"]
    else:
        ok = False
        why = "timed out" if m["rc"] is None else f"failed (exit {m['rc']})"
        print(f"[{fmt_n(n)}] phusong run {why}; see {out / 'phusong.err'}", file=sys.stderr)
    records.append(rec)

    # peers
    peer_out = data / "bench-out"  # beside the data: the PostGIS server (user postgres) writes here
    for tool in PEERS:
        r = {"tool": tool, "n": n, "seed": a.seed}
        why = None
        if tool not in a.peers:
            why = "not selected (--peers)"
        elif n > a.peers_max_n:
            why = f"skipped: N > --peers-max-n {fmt_n(a.peers_max_n)}"
        else:
            why = peer_available(tool)
        if why is None:
            peer_out.mkdir(parents=True, exist_ok=True)
            for f in (f"communes_{tool}.csv", f"totals_{tool}.json"):
                (peer_out / f).unlink(missing_ok=True)
            time.sleep(a.pause)
            r["load_before"] = load1()
            print(f"[{fmt_n(n)}] {tool} (load {r['load_before']})", file=sys.stderr, flush=True)
            pm = run_measured(peer_command(tool, a.peers_dir, data, peer_out), out / tool, timeout=a.timeout)
            j = last_json_line(pm.pop("stdout"))
            r.update(pm)
            r["peer"] = j
            for col, _, key in STAGES:
                r[col] = j.get("load") if key == "read" and tool == "postgis" else j.get(key)
            r["own_total_s"] = j.get("total")
            if tool == "postgis":
                r["cpu_s"] = round(r["cpu_s"] + j.get("server_cpu_s", 0), 2)
                r["server_peak_pss_mb"] = j.get("server_peak_pss_mb")
            if r["rc"] != 0:
                why = "timed out" if r["rc"] is None else f"failed (exit {r['rc']}; see {out / tool}.err)"
                r["status"] = why
                print(f"[{fmt_n(n)}] {tool} {why}", file=sys.stderr)
            else:
                r["status"] = "ran"
                if ours is not None:
                    diffs = compare_counts(ours, read_communes(peer_out / f"communes_{tool}.csv"))
                    diffs += compare_totals(figures, json.loads((peer_out / f"totals_{tool}.json").read_text()))
                    r["check"] = "equal" if not diffs else f"DIFFERENT ({len(diffs)})"
                    r["differences"] = diffs[:50]
        else:
            r["status"] = why
            if tool in a.peers:
                print(f"[{fmt_n(n)}] {tool} skipped: {why}", file=sys.stderr, flush=True)
        if r["status"] != "ran" and ours is not None:
            golden = a.peers_dir / "results" / f"n{n}"
            gfile = golden / f"communes_{tool}.csv"
            if a.seed == 1 and gfile.exists():
                diffs = compare_counts(ours, read_communes(gfile))
                tfile = golden / f"totals_{tool}.json"
                if tfile.exists():
                    diffs += compare_totals(figures, json.loads(tfile.read_text()))
                r["golden"] = str(gfile)
                r["golden_data_md5_ok"] = golden_md5_ok(a.peers_dir, n, data)
                if r["golden_data_md5_ok"] is False:  # other data: the golden counts do not apply
                    r["check"] = "golden not comparable (households.csv md5 differs from results/data.md5)"
                else:
                    r["check"] = "golden equal" if not diffs else f"golden DIFFERENT ({len(diffs)})"
                    r["differences"] = diffs[:50]
        if r.get("differences"):
            ok = False
            print(f"[{fmt_n(n)}] phusong vs {tool}{' (golden)' if 'golden' in r else ''}: "
                  f"{len(r['differences'])} differences, first ones:", file=sys.stderr)
            for d in r["differences"][:10]:
                print("   ", d, file=sys.stderr)
        records.append(r)
    return records, ok


def golden_md5_ok(peers_dir, n, data):
    """Whether households.csv is the file the golden results were made from
    (None when results/data.md5 does not list it)."""
    sums = peers_dir / "results" / "data.md5"
    if not sums.exists():
        return None
    for line in sums.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] == f"n{n}/households.csv":
            return md5(data / "households.csv") == parts[0]
    return None


def cell(v, digits=2):
    return "" if v is None else f"{v:.{digits}f}"


def table(records):
    """The Markdown table of all records."""
    head = ["N", "tool", *[c for c, _, _ in STAGES], "other", "wall s", "peak RSS MB", "CPU s",
            "peer/phusong wall", "load before", "counts"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    ph_wall = {}
    for r in records:
        if r["tool"] == "phusong" and r.get("rc") == 0:
            ph_wall[r["n"]] = r["wall_s"]
    for r in records:
        n, tool = fmt_n(r["n"]), r["tool"]
        if "wall_s" not in r:
            lines.append(f"| {n} | {tool} | " + " | ".join([""] * (len(head) - 3)) + f" | {r['status']}"
                         + (f"; {r['check']}" if "check" in r else "") + " |")
            continue
        stages = [r.get(c) for c, _, _ in STAGES]
        known = sum(v for v in stages if v is not None)
        other = r["wall_s"] - known if r.get("rc") == 0 else None
        mem = str(r["max_rss_mb"])
        if tool == "postgis" and r.get("server_peak_pss_mb"):
            mem = f"{r['server_peak_pss_mb']} (server PSS)"
        ratio = ""
        if tool != "phusong" and r.get("rc") == 0 and r["n"] in ph_wall:
            ratio = f"{r['wall_s'] / ph_wall[r['n']]:.1f}×"
        status = "; ".join(x for x in (None if r.get("rc") == 0 else r.get("status"), r.get("check")) if x)
        if tool == "phusong":
            checked = sum(1 for o in records if o["n"] == r["n"] and "check" in o)
            status = ("timed out" if r.get("rc") is None else f"failed (exit {r['rc']})") if r.get("rc") != 0 \
                else f"compared with {checked} peers" if checked else "NOT CHECKED (no peer ran, no golden results)"
        lines.append(f"| {n} | {tool} | " + " | ".join(cell(v) for v in stages)
                     + f" | {cell(other)} | {r['wall_s']:.2f} | {mem} | {r['cpu_s']:.1f} | {ratio}"
                     + f" | {r['load_before']} | {status} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: python3 benches/peers/run.py --sizes 300k,3M,30M   "
               "(data in ${TMPDIR:-/tmp}/peers-data/n<N>, results in outputs/bench/)")
    ap.add_argument("--sizes", default="300k,3M,30M", help="household counts, comma-separated (default %(default)s)")
    ap.add_argument("--peers", default=",".join(PEERS),
                    help="peers to run: 'none' or a comma-separated subset of %(default)s")
    ap.add_argument("--peers-max-n", type=parse_size, default=3_000_000,
                    help="run the peers only up to this N (default 3M; at 30M they take many minutes)")
    ap.add_argument("--timeout", type=float, default=1800,
                    help="seconds allowed to each run of phusong or a peer (default %(default)s)")
    ap.add_argument("--peers-dir", type=Path, default=REPO.parent / "shared" / "peers",
                    help="folder with gen.py and the peer scripts (default ../shared/peers from the repo root)")
    ap.add_argument("--data-dir", help="data folder; '{n}' is replaced by N "
                    "(default ${TMPDIR:-/tmp}/peers-data/n{n}, as run_suite.sh)")
    ap.add_argument("--out-dir", type=Path, default=REPO / "outputs" / "bench",
                    help="where table.md, results.jsonl and the runs go (default outputs/bench/)")
    ap.add_argument("--seed", type=int, default=1, help="gen.py seed (default 1; golden results exist for 1)")
    ap.add_argument("--phusong", type=Path, help="use this phusong binary instead of `cargo build --release`")
    ap.add_argument("--households-csv", action="store_true",
                    help="let phusong also write households.csv (one row per household; the peers write "
                         "per-commune tables only, so the default leaves it out)")
    ap.add_argument("--pause", type=float, default=0, help="seconds to sleep before each tool (let the load settle)")
    a = ap.parse_args(argv)
    try:
        sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    except argparse.ArgumentTypeError as e:
        ap.error(str(e))
    a.peers = [] if a.peers.strip() == "none" else [p.strip() for p in a.peers.split(",") if p.strip()]
    if any(p not in PEERS for p in a.peers):
        ap.error(f"--peers: choose from {', '.join(PEERS)} or none")
    if a.data_dir and len(sizes) > 1 and "{n}" not in a.data_dir:
        ap.error("--data-dir with several sizes needs '{n}' in it, e.g. /data/peers/n{n}")
    a.peers_dir = a.peers_dir.resolve()
    if not (a.peers_dir / "gen.py").exists():
        ap.error(f"{a.peers_dir / 'gen.py'} not found: give the peers folder with --peers-dir")

    phusong = a.phusong.resolve() if a.phusong else build_phusong()
    a.out_dir.mkdir(parents=True, exist_ok=True)
    machine = {"cpus": os.cpu_count(), "uname": " ".join(os.uname()), "date_utc":
               time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    all_records, all_ok = [], True
    for n in sizes:
        records, ok = bench_size(n, a, phusong, a.out_dir)
        all_ok &= ok
        all_records += records
        with open(a.out_dir / "results.jsonl", "w") as f:  # rewritten after each size
            for r in all_records:
                f.write(json.dumps({**r, **machine}) + "\n")
    md = (f"{machine['date_utc']}, {machine['cpus']} CPUs, {machine['uname']}\n\n"
          + table(all_records)
          + "\n\nStage times in seconds from each tool's own timers (phusong: summary.json `timings_s`; "
          "its `read` is `read_and_check` when `read` is absent; PostGIS: `read` = load). "
          "`other` = wall − stages (start-up, interpreter imports, server start/stop, untimed steps). "
          "Wall, peak RSS and CPU measured by the runner (rusage of the process tree; PostGIS: "
          "peak summed PSS of its server, CPU incl. server). `peer/phusong wall` > 1: phusong is faster.\n")
    (a.out_dir / "table.md").write_text(md)
    print(md)
    print(f"wrote {a.out_dir / 'table.md'} and {a.out_dir / 'results.jsonl'}", file=sys.stderr)
    if not all_ok:
        print("FAILED: phusong failed or its counts differ from a peer (see above)", file=sys.stderr)
    return 0 if all_ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted")
