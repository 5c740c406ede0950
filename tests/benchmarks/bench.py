"""`python -m tests.benchmarks.bench`: how fast the dashboard is at practice scale, beside a floor.

Builds (or reuses) a scale practice in `data/bench.db` (`python -m dashboard generate-scale`
in a child process), then measures, each as the median of several runs:

- the caseload page and the couple page of one clinician under AppTest, cold (the data caches
  cleared, as after a write) and warm; floor: a bare page that fetches the same check-in rows
  with one SQL statement into a DataFrame and draws one chart and one table of them;
- the metrics of one couple with two years of daily check-ins; floor: one pandas groupby-mean
  of the same rows;
- importing a 100,000-row check-in CSV into a fresh database (dashboard/check_in_import.py);
  floor: one bare executemany of the same rows;
- one chart's PNG export (the two-year cycle timeline) from its spec, as the couple page's
  download makes it; floor: a bare one-layer line chart of the same rows, same converter;
- the peak memory of the app process, which ran every page, export and import above.

The pages, metrics, export and import run in a child process that does only what the app
process does (the files it imports are prepared beforehand), so its peak memory is the app's;
exports render in their worker process (dashboard/render_worker.py), whose peak is shown beside it.
It prints a table and, with `--json FILE`, writes the figures as a list of objects. Never part
of the test run: timings belong here, tests check behaviour.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "bench.db"
IMPORT_ROWS = 100_000
HISTORY_DAYS = 730


@dataclass
class Figure:
    """One measured figure, its floor and its targets."""

    name: str
    label: str
    seconds: float | None
    floor_seconds: float | None
    target_seconds: float | None
    target_ratio: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Seconds over floor seconds."""
        if self.seconds is None or not self.floor_seconds:
            return None
        return self.seconds / self.floor_seconds

    @property
    def met(self) -> bool | None:
        """Whether every target of the figure is reached; None when not measured."""
        if self.seconds is None:
            return None
        return ((self.target_seconds is None or self.seconds < self.target_seconds)
                and (self.target_ratio is None or (self.ratio or 0) <= self.target_ratio))

    def as_json(self) -> dict:
        """The figure as in the JSON list."""
        found = {"name": self.name, "seconds": _round(self.seconds),
                 "floor_seconds": _round(self.floor_seconds), "ratio": _round(self.ratio, 2),
                 "target_seconds": self.target_seconds, "target_ratio": self.target_ratio}
        if self.note:
            found["note"] = self.note
        return found


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def median_seconds(run: Callable[[], object], runs: int,
                   before: Callable[[], object] | None = None) -> float:
    """The median wall time of `runs` calls; `before` runs untimed before each call."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- the scale database -------------------------------------------------------------------

def ensure_scale_database(url: str, plan, *, say: Callable[[str], None],
                          new_keys: bool = False) -> None:
    """Reuse the scale practice when it was generated from the same plan (and its reflections
    can still be decrypted: `new_keys` is False); otherwise build it."""
    from dashboard.data import migrate
    from dashboard.data.database import Database
    from dashboard.sample_data import scale_loader

    path = _sqlite_path(url)
    if path is not None and path.exists() and new_keys:
        say(f"{path} was encrypted with keys that are gone; building it again.")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if path is None or path.exists():
        db = Database.from_url(url)
        try:
            if migrate.current_revision(db) is not None:
                migrate.upgrade(db)  # a newer schema (say, an index) applies to the old rows
                found = scale_loader.recorded_plan(db)
                if plan.same_data(found):
                    say(f"Reusing {_shown(url)}: check-ins up to {found.end.isoformat()}.")
                    return
        finally:
            db.dispose()
        if path is None:
            raise SystemExit(f"{_shown(url)} holds no scale practice from this plan; give an "
                             "empty database or a SQLite path")
        say(f"{path} holds another plan or no scale practice; building it again.")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    say(f"Generating the scale practice into {_shown(url)} (a few minutes) ...")
    subprocess.run(
        [sys.executable, "-m", "dashboard", "generate-scale", "--clinicians",
         str(plan.clinicians), "--couples", str(plan.couples), "--days", str(plan.days),
         "--seed", str(plan.seed), "--end", plan.end.isoformat()],
        cwd=ROOT, env=os.environ, check=True, stdout=sys.stderr,
    )


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" else None


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# --- pages under AppTest --------------------------------------------------------------------

def _signed_in_app(username: str, password: str):
    from tests import apptest

    at = apptest.sign_in(username, password, apptest.AppTest.from_file(apptest.APP,
                                                                       default_timeout=120))
    if at.exception or not [t for t in at.title if t.value == "Caseload"]:
        raise SystemExit(f"could not sign in as {username}: {at.exception or 'no caseload'}")
    return at


BARE_PAGE = '''\
"""A bare page: one SQL statement into a DataFrame, one chart, one table (the floor)."""
import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy import create_engine

SQL = {sql!r}
PARAMS = {params!r}


@st.cache_resource
def engine():
    return create_engine({url!r})


connection = engine().raw_connection()
try:
    cursor = connection.cursor()
    cursor.execute(SQL, PARAMS)
    frame = pd.DataFrame(cursor.fetchall(), columns=[c[0] for c in cursor.description])
finally:
    connection.close()
frame["stance"] = frame["pursue"] - frame["withdraw"]
st.title("Bare page")
st.altair_chart(alt.Chart(frame[["day", "partner_id", "stance"]]).mark_line()
                .encode(x="day:T", y="stance:Q", color="partner_id:N"))
st.dataframe(frame)
'''

ROWS_SQL = (
    "SELECT c.couple_id, c.partner_id, c.day, c.submitted_at, c.pursue, c.withdraw, c.anxiety, "
    "c.closeness, c.cycle_noticed, c.repaired, c.practised FROM check_ins c "
    "JOIN couples k ON k.id = c.couple_id {join} WHERE {where}"
)


def bare_page(workdir: Path, url: str, sql: str, params: tuple):
    """A bare page that fetches these rows and draws them, run once under AppTest."""
    from sqlalchemy.engine import make_url
    from streamlit.testing.v1 import AppTest

    mark = "?" if make_url(url).get_backend_name() == "sqlite" else "%s"
    script = workdir / f"bare_{abs(hash((sql, params)))}.py"
    script.write_text(BARE_PAGE.format(sql=sql.replace("{p}", mark), params=params, url=url))
    at = AppTest.from_file(str(script), default_timeout=120).run()
    if at.exception:
        raise SystemExit(f"the bare page failed: {at.exception}")
    return at


def paired_medians(run: Callable[[], object], floor: Callable[[], object],
                   runs: int) -> tuple[float, float]:
    """The median wall times of a figure and its floor, run turn about, so that a machine
    which speeds up or slows down during the benchmark affects both alike."""
    figure_times, floor_times = [], []
    for _ in range(runs):
        figure_times.append(median_seconds(run, 1))
        floor_times.append(median_seconds(floor, 1))
    return statistics.median(figure_times), statistics.median(floor_times)


def measure_pages(url: str, workdir: Path, runs: int, days: int, *, say) -> list[Figure]:
    """Caseload and couple pages cold and warm, each beside its bare page."""
    from dashboard.sample_data import scale
    from dashboard.web import cached
    from tests.apptest import run_the_router_every_time

    run_the_router_every_time()
    clinician, code = scale.username(1), scale.couple_code(1, 1)
    say(f"Signing in as {clinician} under AppTest ...")
    at = _signed_in_app(clinician, scale.SCALE_PASSWORD)
    figures = []

    def page(name: str, label: str, title: str, floor_sql: str, floor_params: tuple) -> None:
        def run():
            at.run()
            if at.exception or not any(t.value.startswith(title) for t in at.title):
                raise SystemExit(f"{label} did not render: {at.exception or at.title}")

        run()
        bare = bare_page(workdir, url, floor_sql, floor_params)
        cold = median_seconds(run, runs, before=cached.data_changed)
        warm, floor = paired_medians(run, bare.run, runs)
        figures.append(Figure(f"{name}_cold", f"{label}, cold", cold, floor, 1.0))
        figures.append(Figure(f"{name}_warm", f"{label}, warm", warm, floor, 0.25, 2.0))
        say(f"  {label}: cold {cold:.3f} s, warm {warm:.3f} s, bare page {floor:.3f} s")

    page("caseload_page", f"Caseload page ({clinician}, {_couples_of(url, clinician)} couples)",
         "Caseload", ROWS_SQL.format(join="JOIN clinicians u ON u.id = k.clinician_id",
                         where="u.username = {p} AND k.archived_at IS NULL"), (clinician,))
    at.query_params["couple"] = code
    at.switch_page("pages/couple.py")
    page("couple_page", f"Couple page ({code}, {days} days)", code,
         ROWS_SQL.format(join="", where="k.code = {p}"), (code,))
    return figures


def _couples_of(url: str, clinician: str) -> int:
    from dashboard.data import queries
    from dashboard.data.database import Database

    db = Database.from_url(url)
    with db.read() as session:
        found = len(queries.list_couples(session=session, clinician=clinician))
    db.dispose()
    return found


# --- metrics and export ---------------------------------------------------------------------

def measure_metrics_and_export(runs: int, seed: int, *, say) -> list[Figure]:
    """One couple's metrics over two years of daily check-ins, and one chart's PNG export."""
    import altair as alt

    from dashboard import charts
    from dashboard.analytics import metrics
    from dashboard.exports import images, render_worker
    from dashboard.sample_data import scale

    today = date.today()
    check_ins, session_days, assignments, names = scale.couple_history(
        days=HISTORY_DAYS, seed=seed, end=today)
    label = f"Metrics of one couple ({len(check_ins):,} check-ins, two years)"

    def compute():
        return metrics.compute_couple_metrics(check_ins, session_days, assignments, as_of=today)

    compute()
    seconds, floor = paired_medians(
        compute, lambda: check_ins.groupby("partner")[["pursue", "withdraw", "anxiety",
                                                         "closeness"]].mean(), runs * 4)
    found = compute()
    say(f"  metrics: {seconds * 1000:.1f} ms (groupby floor {floor * 1000:.1f} ms)")

    # As the couple page's download does it: from the chart's cached spec, in the worker.
    spec = charts.spec(charts.cycle_timeline(found, names))
    bare = alt.Chart(found.daily[["day", "partner", "stance"]]).mark_line().encode(
        x="day:T", y="stance:Q", color="partner:N").properties(width=images.EXPORT_WIDTH)
    bare_spec = bare.to_dict()
    images.to_png(spec)  # the first export starts the render worker
    png, png_floor = paired_medians(lambda: images.to_png(spec),
                                    lambda: render_worker.png(bare_spec, scale=2), runs)
    say(f"  PNG export: {png:.3f} s (bare chart {png_floor:.3f} s)")
    return [
        Figure("couple_metrics", label, seconds, floor, 0.020),
        Figure("chart_png_export", "PNG export of the two-year cycle timeline (2x)", png,
               png_floor, 0.5),
    ]


# --- CSV import ------------------------------------------------------------------------------

IMPORT_LABEL = f"Import of a {IMPORT_ROWS:,}-row check-in CSV"
IMPORT_CLINICIAN = "bench-import"


def prepare_import(workdir: Path, seed: int, *, say) -> list[tuple]:
    """The import's CSV file and a database of its couples in `workdir`; the same rows as the
    driver takes them, for the floor."""
    from dashboard.data import migrate, services
    from dashboard.data.database import Database
    from dashboard.sample_data import scale

    today = date.today()
    couples = IMPORT_ROWS // (2 * HISTORY_DAYS) + 4
    practice = scale.build_practice(scale.ScalePlan(clinicians=1, couples=couples,
                                                    days=HISTORY_DAYS, seed=seed, end=today))
    rows = practice.check_ins.iloc[:IMPORT_ROWS]
    codes = practice.couples["code"].to_numpy()[rows["couple"].to_numpy()]
    data = _csv_bytes(rows, codes)
    (workdir / "import.csv").write_bytes(data)
    db = Database.from_url(f"sqlite:///{workdir / 'import-template.db'}")
    migrate.upgrade(db)
    services.add_clinician(db=db, username=IMPORT_CLINICIAN, name="Bench Import",
                           password=scale.SCALE_PASSWORD)
    for couple in practice.couples.itertuples():
        services.add_couple(db=db, clinician=IMPORT_CLINICIAN, code=couple.code,
                            display_name=couple.display_name,
                            partner_a=services.NewPartner(couple.name_a, couple.leaning_a),
                            partner_b=services.NewPartner(couple.name_b, couple.leaning_b))
    ids = _partner_ids(db)
    db.dispose()
    say(f"  import: {len(data) / 2**20:.1f} MB CSV, {len(rows):,} rows")
    return _bare_records(rows, codes, ids)


def _fresh_copies(workdir: Path) -> Callable[[], str]:
    """A function that copies the import's template database and gives the copy's URL."""
    copies = iter(range(1_000_000))

    def fresh() -> str:
        target = workdir / f"import-{next(copies)}.db"
        shutil.copy(workdir / "import-template.db", target)
        return f"sqlite:///{target}"

    return fresh


def import_seconds(workdir: Path, runs: int) -> float:
    """The median import of the prepared CSV into a fresh copy of its database, as the couple
    page's upload does it."""
    from dashboard.data import check_in_import, check_in_rows
    from dashboard.data.database import Database

    data = (workdir / "import.csv").read_bytes()
    results = []

    def import_once(url: str) -> None:
        target = Database.from_url(url)
        try:
            results.append(check_in_import.import_check_ins(
                db=target, clinician=IMPORT_CLINICIAN, data=data, today=date.today(),
                limits=check_in_rows.ImportLimits(max_bytes=len(data) + 1,
                                                max_rows=IMPORT_ROWS + 1)))
        finally:
            target.dispose()

    seconds = _median_on_fresh(import_once, _fresh_copies(workdir), runs)
    if results[-1].added != IMPORT_ROWS:
        raise SystemExit(f"the import added {results[-1].added} rows, not {IMPORT_ROWS}")
    return seconds


def executemany_seconds(workdir: Path, records: list[tuple], runs: int) -> float:
    """The median bare executemany of the same rows into a fresh copy of the database."""
    import sqlite3

    def executemany_once(url: str) -> None:
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        columns = ", ".join(BARE_COLUMNS)
        with connection:
            connection.executemany(
                f"INSERT INTO check_ins ({columns}) VALUES ({', '.join('?' * len(BARE_COLUMNS))})",
                records)
        connection.close()

    return _median_on_fresh(executemany_once, _fresh_copies(workdir), runs)


BARE_COLUMNS = ("couple_id", "partner_id", "day", "pursue", "withdraw", "anxiety", "closeness",
                "cycle_noticed", "repaired", "practised", "reflection", "source", "submitted_at")


def _median_on_fresh(run: Callable[[str], None], fresh: Callable[[], str], runs: int) -> float:
    urls = []
    seconds = median_seconds(lambda: run(urls[-1]), runs, before=lambda: urls.append(fresh()))
    for url in urls:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    return seconds


def _csv_bytes(rows, codes) -> bytes:
    import pandas as pd

    frame = pd.DataFrame({
        "couple": codes, "partner": rows["partner"].to_numpy(),
        "day": [str(d)[:10] for d in rows["day"].to_numpy()],
        **{s: rows[s].to_numpy() for s in ("pursue", "withdraw", "anxiety", "closeness")},
        "cycle_noticed": ["yes" if v else "no" for v in rows["cycle_noticed"]],
        "repaired": ["" if v is pd.NA or v is None else ("yes" if v else "no")
                     for v in rows["repaired"].astype(object)],
        "practised": rows["practised"].to_numpy(), "reflection": rows["reflection"].to_numpy(),
    })
    return frame.to_csv(index=False).encode("utf-8")


def _partner_ids(db) -> dict[tuple[str, str], tuple[int, int]]:
    from sqlalchemy import select

    from models import Couple, Partner

    with db.read() as session:
        found = session.execute(select(Couple.code, Partner.label, Couple.id, Partner.id)
                                .join(Partner, Partner.couple_id == Couple.id)).all()
    return {(code, label): (couple_id, partner_id) for code, label, couple_id, partner_id in found}


def _bare_records(rows, codes, ids) -> list[tuple]:
    import numpy as np

    submitted = np.datetime_as_string(rows["submitted_at"].to_numpy().astype("datetime64[us]"),
                                      unit="us")
    repaired = rows["repaired"].to_numpy(dtype=object, na_value=None)
    return [
        (*ids[(code, partner)], str(day)[:10], int(p), int(w), int(a), int(c), bool(cycle),
         None if fixed is None else bool(fixed), practised, reflection, "import",
         stamp.replace("T", " "))
        for code, partner, day, p, w, a, c, cycle, fixed, practised, reflection, stamp in zip(
            codes, rows["partner"], rows["day"].to_numpy(), rows["pursue"], rows["withdraw"],
            rows["anxiety"], rows["closeness"], rows["cycle_noticed"], repaired,
            rows["practised"], rows["reflection"], submitted)
    ]


# --- report ---------------------------------------------------------------------------------

def table(figures: list[Figure], peak_mb: float, header: str,
          stages: dict[str, float] | None = None, render_worker_mb: float | None = None) -> str:
    """The figures as a Markdown table, with the peak memory last (and after which stage)."""
    lines = [header, "",
             "| figure | seconds | floor | ratio | target | met |",
             "|---|---:|---:|---:|---|---|"]
    for figure in figures:
        if figure.seconds is None:
            lines.append(f"| {figure.label} | — | — | — | {_target(figure)} | {figure.note} |")
            continue
        lines.append(
            f"| {figure.label} | {figure.seconds:.3f} | {figure.floor_seconds:.3f} | "
            f"{figure.ratio:.1f}x | {_target(figure)} | {'yes' if figure.met else 'no'} |")
    lines.append(f"| Peak memory of the app process (pages, export, import) | {peak_mb:.0f} MB | | | "
                 f"< {PEAK_TARGET_MB} MB | {'yes' if peak_mb < PEAK_TARGET_MB else 'no'} |")
    if render_worker_mb is not None:
        lines.append(f"| Peak memory of the export worker (vl-convert) | {render_worker_mb:.0f} MB "
                     f"| | | | |")
    if stages:
        lines += ["", "Peak memory after each stage: " + "; ".join(
            f"{stage} {mb:.0f} MB" for stage, mb in stages.items()) + "."]
    return "\n".join(lines)


PEAK_TARGET_MB = 400


def _target(figure: Figure) -> str:
    parts = []
    if figure.target_seconds is not None:
        parts.append(f"< {figure.target_seconds:g} s")
    if figure.target_ratio is not None:
        parts.append(f"≤ {figure.target_ratio:g}x floor")
    return ", ".join(parts)


def peak_memory_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident memory of this process (or of its ended children) so far, in MB."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


# --- the app process -----------------------------------------------------------------------

def app_process(args) -> int:
    """In the child: what the app process does (pages, metrics, export, import), timed; the
    figures, the peak memory after each stage and the render worker's peak go to a JSON file."""
    from dashboard.exports import render_worker

    workdir = args.app_process

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    stages = {}
    with contextlib.redirect_stdout(sys.stderr):  # the sign-in library prints to stdout
        figures = measure_pages(args.db_url, workdir, args.runs, args.days, say=say)
        stages["pages"] = peak_memory_mb()
        figures += measure_metrics_and_export(args.runs, args.seed, say=say)
        stages["metrics and PNG export"] = peak_memory_mb()
        seconds = import_seconds(workdir, max(3, args.runs // 2))
        say(f"  import: {seconds:.3f} s")
        stages["CSV import"] = peak_memory_mb()
    render_worker.shutdown()  # ended and waited for: its peak now shows among the children's
    found = {"figures": [vars(figure) for figure in figures], "import_seconds": seconds,
             "stages": stages, "peak_mb": peak_memory_mb(),
             "render_worker_mb": peak_memory_mb(resource.RUSAGE_CHILDREN)}
    (workdir / "app.json").write_text(json.dumps(found), encoding="utf-8")
    return 0


def run_app_process(url: str, workdir: Path, args) -> dict:
    """Run `app_process` in a fresh interpreter and read what it measured."""
    subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench", "--app-process", str(workdir),
         "--db-url", url, "--runs", str(args.runs), "--days", str(args.days),
         "--seed", str(args.seed)],
        cwd=ROOT, env=os.environ, check=True, stdout=sys.stderr,
    )
    return json.loads((workdir / "app.json").read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the scale practice, measure every figure, print the table."""
    from dashboard import startup

    startup.configure()
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help=f"SQLite file of the scale practice (default {DEFAULT_DB})")
    parser.add_argument("--db-url", help="a database URL instead of --db (e.g. PostgreSQL)")
    parser.add_argument("--secrets", type=Path, metavar="FILE",
                        help="the practice's keys (default: bench.secrets.toml beside --db, or "
                             "data/bench.secrets.toml with --db-url)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median; 7)")
    parser.add_argument("--clinicians", type=int, default=50)
    parser.add_argument("--couples", type=int, default=40, help="couples per clinician (40)")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--app-process", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.app_process:
        return app_process(args)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    url = args.db_url or f"sqlite:///{args.db.resolve()}"
    # The scale practice's reflections are encrypted with these keys: keep them beside it.
    secrets = args.secrets or (
        (ROOT / "data" if args.db_url else args.db.resolve().parent) / "bench.secrets.toml")
    os.environ["DASHBOARD_DB_URL"] = url
    os.environ["DASHBOARD_SECRETS"] = str(secrets)
    from dashboard import settings
    from dashboard.sample_data import scale

    new_keys = settings.ensure_secrets(secrets)
    plan = scale.ScalePlan(clinicians=args.clinicians, couples=args.couples, days=args.days,
                           seed=args.seed)
    ensure_scale_database(url, plan, say=say, new_keys=new_keys)
    rows = _check_in_count(url)
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as work:
        workdir = Path(work)
        records = prepare_import(workdir, args.seed, say=say)
        import_floor = executemany_seconds(workdir, records, max(3, args.runs // 2))
        del records
        say(f"  import floor: bare executemany {import_floor:.3f} s")
        found = run_app_process(url, workdir, args)
    figures = [Figure(**figure) for figure in found["figures"]]
    figures.insert(-1, Figure("csv_import", IMPORT_LABEL, found["import_seconds"], import_floor,
                              3.0, 5.0))
    backend = "SQLite" if _sqlite_path(url) else "PostgreSQL"
    header = (f"Practice: {args.clinicians} clinicians x {args.couples} couples x {args.days} "
              f"days ({rows:,} check-ins), seed {args.seed}, {backend}; median of {args.runs} "
              f"runs; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at the end.")
    print(table(figures, found["peak_mb"], header, found["stages"], found["render_worker_mb"]))
    if args.json:
        listed = [figure.as_json() for figure in figures]
        listed.append({"name": "peak_memory_mb", "value": round(found["peak_mb"], 1),
                       "target": PEAK_TARGET_MB,
                       "after": {stage: round(mb, 1) for stage, mb in found["stages"].items()},
                       "render_worker_mb": round(found["render_worker_mb"], 1)})
        args.json.write_text(json.dumps(listed, indent=2) + "\n", encoding="utf-8")
        say(f"Wrote {args.json}")
    return 0


def _check_in_count(url: str) -> int:
    from sqlalchemy import func, select

    from dashboard.data.database import Database
    from models import CheckIn

    db = Database.from_url(url)
    with db.read() as session:
        count = session.scalar(select(func.count()).select_from(CheckIn))
    db.dispose()
    return count


if __name__ == "__main__":
    sys.exit(main())
