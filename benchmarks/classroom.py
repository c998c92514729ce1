"""How many students this machine holds: the classroom hub with N = 1, 5, 10, 20 students at once.

    make classroom-bench                       (or: .venv/bin/python benchmarks/classroom.py)
    .venv/bin/python benchmarks/classroom.py 1 5      (other class sizes)

One hub (classroom/jupyterhub_config.py, run by tests/hub_driver.py) on loopback. For each N, N
simulated students (tests/class_load.py) arrive at the same moment: log in through the hub's API,
start their servers, pull the course with nbgitpuller, open notebook 01 and notebook 07 and run
each top to bottom through the kernel protocol; then all of them move a slider in each notebook
5 times, at the same moment (the worst case of a teacher saying "now move b"). Per N it prints:
- memory per student, server + 2 kernels: PSS (shared pages split between the processes sharing
  them: what one more student adds to the machine) and peak RSS (what a per-student limit sees);
- time to the first executed cell (from login: server start, pull, kernel start, setup cell);
- Run-All time of each notebook, and slider step latency (update sent to new image received);
- "other": how many cores other work on this machine kept busy during the round (all CPU time
  less the hub's, its students' and this script's), so that a shared machine shows as one.
Then how many students fit: by memory (RAM less the hub and 1 GB for the system, over PSS per
student), and by latency (the largest N whose median slider step stays within 150 ms).

One warm-up student runs first, not counted (disk caches). A round is skipped when the machine
lacks the memory for it, and each has a time limit; every user, server and home is removed after
its round. Figures only: nothing here passes or fails. Writes test-artifacts/classroom-bench.json.
"""

import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from class_load import BROKEN_MS, NOTEBOOKS, run_class, summary  # noqa: E402
from hub_driver import Hub, missing_hub  # noqa: E402

SIZES = [1, 5, 10, 20]
STEPS = 5
RESERVE_MB = 1024  # left for the operating system


def hub_memory_mb(hub):
    """PSS of the hub, its proxy and the idle culler (students' servers excluded)."""
    procs = [psutil.Process(hub.proc.pid)]
    children = procs[0].children(recursive=True)
    procs += [p for p in children if "singleuser" not in " ".join(p.cmdline())]
    return sum(p.memory_full_info().pss for p in procs) / 2**20


def row(n, s, other):
    if not s.get("finished"):
        return f"{n:>3} {s['finished']:>3}/{n:<3} (no student finished)"
    cells = [
        f"{n:>3}",
        f"{s['finished']:>3}/{n:<3}",
        f"{s['pss_mb']:6.0f} MB",
        f"{s['peak_rss_mb']:6.0f} MB",
        f"{s['cpu_s']:5.0f} s",
        f"{s['first_cell_s'][0]:6.1f} / {s['first_cell_s'][1]:5.1f} s",
    ]
    for tag in ("01", "07"):
        cells.append(f"{s[f'run_all_{tag}_s'][0]:5.1f} / {s[f'run_all_{tag}_s'][1]:5.1f} s")
    for tag in ("01", "07"):
        cells.append(f"{s[f'slider_{tag}_ms'][0]:5.0f} / {s[f'slider_{tag}_ms'][1]:5.0f} ms")
    cells.append(f"{other:5.2f}")
    cells.append("BROKEN" if s["broken"] or s["finished"] < n else "ok")
    return "  ".join(cells)


HEADER = (
    "  N  done      PSS/stud.  peak RSS  CPU/st.  first cell med/max  Run-All 01 med/max  "
    "Run-All 07 med/max  slider 01 med/p90  slider 07 med/p90  other  verdict"
)


def worst_slider(s):
    return max(s[f"slider_{Path(p).name.split('_')[0]}_ms"][0] for p in NOTEBOOKS)


def fits_by_latency(results):
    """The largest class whose median slider step stays within BROKEN_MS: measured, and between
    the last good and first broken size, interpolated linearly."""
    good = [n for n, s in results if s.get("finished") == n and not s["broken"]]
    if not good:
        return 0, "even the smallest class measured is over the limit"
    n_good = max(good)
    later = [(n, s) for n, s in results if n > n_good and s.get("finished")]
    if not later:
        return n_good, f"at least: every size measured is within {BROKEN_MS} ms"
    s_good = dict(results)[n_good]
    n_bad, s_bad = later[0]
    a, b = worst_slider(s_good), worst_slider(s_bad)
    estimate = n_good + (n_bad - n_good) * (BROKEN_MS - a) / (b - a) if b > a else n_good
    return math.floor(estimate), f"{n_good} students: {a:.0f} ms; {n_bad}: {b:.0f} ms"


def main(sizes):
    if missing_hub():
        sys.exit(missing_hub())
    mem = psutil.virtual_memory()
    cores = os.cpu_count()
    print(
        f"machine: {cores} cores, {mem.total / 2**30:.1f} GB RAM, {mem.available / 2**30:.1f} GB "
        f"available; load average {os.getloadavg()[0]:.1f} (1 min) before the hub starts"
    )
    results, records = [], {}
    with Hub() as hub:
        base_mb = hub_memory_mb(hub)
        print(f"hub + proxy + idle culler: {base_mb:.0f} MB (PSS)")
        t = time.monotonic()
        warm, failed = run_class(hub, 1, steps=STEPS, timeout=600, prefix="warm-up")
        print(f"warm-up student (not counted): {time.monotonic() - t:.0f} s, failed: {failed or 0}")
        per_student = warm[0].get("memory", {}).get("peak_rss_mb", 1024)
        print(
            "\nEach student: log in, start a server, pull the course, Run-All 01 and 07; then "
            f"{STEPS} slider steps in each.\nAll at once. Medians over students; 'other': "
            "cores kept busy by other work on this machine during the round (not the hub's).\n"
        )
        print(HEADER)
        for n in sizes:
            need = n * per_student * 1.2 + RESERVE_MB
            available = psutil.virtual_memory().available / 2**20
            if available < need:
                print(f"{n:>3}  skipped: {available:.0f} MB available, {need:.0f} MB needed")
                continue
            load, machine = os.getloadavg()[0], {}
            recs, failed = run_class(hub, n, steps=STEPS, timeout=300 + 60 * n, machine=machine)
            s = summary(recs)
            results.append((n, s))
            records[n] = {"summary": s, "load": load, "machine": machine, "failed": failed}
            records[n]["students"] = recs
            print(row(n, s, machine.get("other_cores", float("nan"))), flush=True)
            if len(s.get("rss_each_mb", [])) == 3:
                server, k01, k07 = s["rss_each_mb"]
                print(
                    f"     RSS: server {server:.0f} MB, kernel 01 {k01:.0f} MB, 07 {k07:.0f} MB; "
                    f"server-side CPU per slider step {machine['step_cpu_ms']:.0f} ms; "
                    f"the simulated students' own CPU {machine['client_cpu_s']:.1f} s"
                )
            for name, why in list(failed.items())[:3]:
                print(f"     {name}: {why[:150]}")
    out = ROOT / "test-artifacts" / "classroom-bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"hub_mb": base_mb, "rounds": records}, indent=1, default=str))
    report(results, records, base_mb, mem.total / 2**20, cores)
    print(f"\nevery figure: {out.relative_to(ROOT)}")


def report(results, records, base_mb, total_mb, cores, class_size=40):
    done = [(n, s) for n, s in results if s.get("finished")]
    if not done:
        print("\nno round finished: nothing to conclude")
        return
    n_big, s_big = max(done)
    by_memory = math.floor((total_mb - base_mb - RESERVE_MB) / s_big["pss_mb"])
    by_latency, why = fits_by_latency(results)
    print(
        f"\nfits by memory:  {by_memory} students ({total_mb / 1024:.0f} GB less the hub and "
        f"{RESERVE_MB} MB, over {s_big['pss_mb']:.0f} MB PSS per student at N = {n_big})"
    )
    print(
        f"fits by latency: {by_latency} students dragging at once (median step <= {BROKEN_MS} ms; "
        f"{why})"
    )
    print(
        f"so this machine ({cores} cores) holds about {min(by_memory, by_latency)} students; "
        f"about {by_latency / cores:.1f} per core"
    )
    # What does not depend on other work on this machine: CPU seconds and bytes per student.
    step = statistics.median(records[n]["machine"]["step_cpu_ms"] for n, _ in done)
    arrive = statistics.median(s["cpu_s"] for _, s in done)
    need_cores = math.ceil(class_size * step / BROKEN_MS)
    need_gb = (class_size * s_big["pss_mb"] + base_mb + RESERVE_MB) / 1024
    print(
        f"\nper student, whatever else runs: {s_big['pss_mb']:.0f} MB (PSS), "
        f"{s_big['peak_rss_mb']:.0f} MB peak RSS, {arrive:.0f} CPU-s to start and run 01 and 07, "
        f"{step:.0f} CPU-ms per slider step (hub, proxy, server and kernel)"
    )
    print(
        f"for {class_size} students: {need_gb:.0f} GB; {need_cores} cores keep a step within "
        f"{BROKEN_MS} ms with all {class_size} dragging at once ({class_size} x {step:.0f} ms / "
        f"{BROKEN_MS} ms), and on them all {class_size} run 01 and 07 in about "
        f"{class_size * arrive / need_cores:.0f} s of CPU time each core"
    )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or SIZES)
