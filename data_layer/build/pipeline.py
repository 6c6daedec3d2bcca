"""Build the Planungsatlas store.

Usage::

    python -m data_layer.build                      # demo: Berlin + Germany from data/raw/
    python -m data_layer.build --package DIR [--package DIR2] --out FILE   # + Germany base
    python -m data_layer.build --package DIR --ohne-deutschland           # only the packages
    python -m data_layer.build --public             # public copy (disclosure control)
    python -m data_layer.build --package DIR --check  # validate, print the readiness report only
    python -m data_layer.build --package DIR --einrichtungen-ausserhalb ablehnen  # refuse
        # facilities outside every area (default: imported without an area, with a warning)

The store is written to a temporary file next to the target and renamed at the
end, so a failed or interrupted build leaves the previous file byte-identical.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from data_layer.build.contributions import Contribution, read_contribution, report_text
from data_layer.build.contributions_merge import ContributionError, check_and_merge
from data_layer.build.derived_indicators import DERIVED_FILE, write_derived
from data_layer.build.goals import write_goals
from data_layer.build.hierarchy_sums import write_aggregates
from data_layer.build.home_meta import home_parts, home_rows
from data_layer.build.overview_table import write_overview_geometry
from data_layer.build.package import Package
from data_layer.build.package_reader import read_package
from data_layer.build.package_store import load_package
from data_layer.build.parameters_store import PARAMETER_DIR, write_parameters
from data_layer.build.progress import Progress
from data_layer.build.store import (
    create_schema,
    data_version,
    file_sha256,
    insert_frame,
    now_utc,
)
from data_layer.build.validate import OUTSIDE_POLICIES, validate_package
from data_layer.errors import DataError, ImportValidationError
from data_layer.paths import PROJECT_ROOT
from data_layer.read.readiness import readiness, report_lines, store_contents
from data_layer.schema import SCHEMA_VERSION

ROOT = PROJECT_ROOT
DEFAULT_DB = ROOT / "data" / "planungsatlas.duckdb"
PUBLIC_DB = ROOT / "data" / "planungsatlas_public.duckdb"
RAW_DIR = ROOT / "data" / "raw"
#: the demo's contributions (Beiträge), one folder each
DEMO_CONTRIBUTIONS = ROOT / "data" / "beitraege"
log = logging.getLogger("planungsatlas.build")


def germany_base(raw_dir: Path = RAW_DIR) -> Package:
    """The Germany-wide base (Bund, Länder, Kreise, Gemeinden with their indicators)."""
    from data_layer.build.adapters.germany import build_germany_package

    return build_germany_package(raw_dir / "germany_admin")


def package_list(folders: Sequence[Path], *, with_germany: bool = True) -> list[Package]:
    """A Kommune's packages, then (unless ``with_germany`` is false) the Germany-wide base."""
    packages = [read_package(p) for p in folders]
    return [*packages, germany_base()] if with_germany else packages


def demo_packages(raw_dir: Path = RAW_DIR) -> list[Package]:
    """The Berlin and Germany demo packages (adapters over data/raw)."""
    from data_layer.build.adapters.berlin import build_berlin_packages

    return [*build_berlin_packages(raw_dir / "berlin_lor"), germany_base(raw_dir)]


def demo_contributions(folder: Path = DEMO_CONTRIBUTIONS) -> list[Contribution]:
    """The demo's contributions: every folder under ``data/beitraege``."""
    if not folder.is_dir():
        return []
    return [read_contribution(d) for d in sorted(folder.iterdir()) if d.is_dir()]


def write_store(
    out: Path,
    packages: Sequence[Package],
    *,
    extra: Callable[[duckdb.DuckDBPyConnection], list[str]] | None = None,
    parameter_dir: Path = PARAMETER_DIR,
    outside_facilities: str = "ohne-gebiet",
    contributions: Sequence[Contribution] = (),
    progress: Progress | None = None,
) -> str:
    """Validate every package, then write the store atomically; return the data version.

    ``parameter_dir`` holds the outside parameters (``*.yaml``: demand quotas, projection
    assumptions, disclosure rules); another Kommune passes its own folder.
    ``outside_facilities`` (``"ohne-gebiet"`` or ``"ablehnen"``): what happens to a facility
    outside every area. The validation's German warnings are printed to stderr.
    ``contributions`` (Beiträge of Ämter and Träger, docs/beitraege.md) are merged after the
    packages; a refused contribution stops the build like an invalid package.
    ``progress`` prints the steps with counts (the command line); None = silent.
    """
    steps = progress or Progress(0, quiet=True)
    steps.total = steps.done + 7 + len(packages) + (extra is not None)
    # nothing is written before all pass
    if not all(c.ok for c in contributions):
        raise ContributionError(
            "Beiträge nicht übernommen – der Prüfbericht:\n" + report_text(list(contributions))
        )
    steps.step("Pakete prüfen", len(packages), "Pakete")
    validated = [validate_package(p, outside_facilities=outside_facilities) for p in packages]
    for pkg in validated:
        for warning in pkg.warnings:
            print(warning, file=sys.stderr)
    codes = [p.system_code for p in validated]
    if len(set(codes)) != len(codes):
        raise ImportValidationError(
            "paket.yaml",
            None,
            "system_code",
            "zwei Pakete verwenden dasselbe Gebietssystem-Kürzel.",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        conn = duckdb.connect(str(tmp))
        try:
            create_schema(conn)
            now = now_utc()
            parts = [f"schema:{SCHEMA_VERSION}", f"derived:{file_sha256(DERIVED_FILE)}"]
            for pkg in validated:
                steps.step(f"Paket {pkg.system_code} laden", len(pkg.areas), "Gebiete")
                parts += load_package(conn, pkg, ROOT, now)
            steps.step("Beiträge von Ämtern und Trägern", len(contributions), "Beiträge")
            parts += check_and_merge(conn, list(contributions), now)
            steps.step("Summen über die Ebenen und abgeleitete Indikatoren")
            write_aggregates(conn)
            write_derived(conn, validated)
            steps.step("Ziele und Maßnahmen")
            parts += write_goals(conn, packages)  # goals and measures (ziele.yaml)
            steps.step("Übersichtsgeometrie der Karten")
            parts += write_overview_geometry(conn)
            steps.step("Annahmen (Bedarfsquoten, Prognose, Geheimhaltung)")
            parts += write_parameters(conn, parameter_dir)
            if extra is not None:
                steps.step("Sterbetafeln und Geburtenraten")
                parts += extra(conn)
            home = home_rows(conn, validated)
            version = data_version(parts + home_parts(validated))
            meta = _meta_frame(version, now.isoformat(), "internal")
            insert_frame(conn, "meta", pd.concat([meta, home], ignore_index=True))
            steps.step("Datei schreiben und austauschen")
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    return version


def _meta_frame(version: str, built_at: str, mode: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": ["data_version", "built_at", "mode", "schema_version"],
            "value": [version, built_at, mode, SCHEMA_VERSION],
        }
    )


def _demography_extra(conn: duckdb.DuckDBPyConnection) -> list[str]:
    from data_layer.build.demography_store import write_demography

    return write_demography(conn, RAW_DIR / "demography")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data_layer.build", description="Planungsatlas-Datenbasis bauen"
    )
    parser.add_argument(
        "--package", action="append", type=Path, help="Datenpaket-Ordner (mehrfach möglich)"
    )
    parser.add_argument(
        "--ohne-deutschland",
        dest="with_germany",
        action="store_false",
        help="mit --package: ohne die deutschlandweite Grundlage (Länder, Kreise, Gemeinden "
        "mit ihren Indikatoren); dann fehlt die Seite „Kommunen vergleichen“",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="nur prüfen: Pakete validieren und zeigen, welche Seite läuft – ohne die "
        "Datenbasis zu schreiben",
    )
    parser.add_argument(
        "--einrichtungen-ausserhalb",
        dest="outside_facilities",
        choices=OUTSIDE_POLICIES,
        default="ohne-gebiet",
        help="Einrichtungen, die in keinem Gebiet liegen: ohne Gebiet übernehmen und als Warnung "
        "auflisten (ohne-gebiet, Standard) oder den Import abbrechen (ablehnen)",
    )
    parser.add_argument(
        "--beitrag",
        action="append",
        type=Path,
        default=[],
        help="Beitrag eines Amts oder Trägers (Ordner mit beitrag.yaml, mehrfach möglich)",
    )
    parser.add_argument(
        "--beitrag-pruefen",
        dest="check_contribution",
        action="append",
        type=Path,
        default=[],
        help="Beitrag nur prüfen und den Prüfbericht ausgeben (schreibt nichts)",
    )
    parser.add_argument("--out", type=Path, default=None, help="Zieldatei (.duckdb)")
    parser.add_argument(
        "--public",
        action="store_true",
        help="öffentliche Fassung aus der internen Datenbasis schreiben",
    )
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_DB, help="interne Datenbasis für --public"
    )
    parser.add_argument(
        "--parameters",
        type=Path,
        default=PARAMETER_DIR,
        help="Ordner mit den Annahmen (*.yaml: Bedarfsquoten, Prognose, Geheimhaltung); "
        "Standard data/parameters",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    start = time.perf_counter()
    try:
        if args.check_contribution:
            return _check_contributions(args.check_contribution, args.out or DEFAULT_DB)
        if args.public:
            from data_layer.build.public_build import write_public

            out = args.out or PUBLIC_DB
            version = write_public(args.source, out)
        else:
            progress = Progress(0)
            progress.step("Datenpakete und Beiträge lesen")
            packages = (
                package_list(args.package, with_germany=args.with_germany)
                if args.package
                else demo_packages()
            )
            contributions = [read_contribution(d) for d in args.beitrag]
            if not args.package:
                contributions = demo_contributions() + contributions
            if args.check:
                return _check(packages, args.parameters, args.outside_facilities)
            out = args.out or DEFAULT_DB
            # Destatis life tables and fertility rates (Germany) serve every Kommune's projection
            version = write_store(
                out,
                packages,
                extra=_demography_extra,
                parameter_dir=args.parameters,
                outside_facilities=args.outside_facilities,
                contributions=contributions,
                progress=progress,
            )
    except ImportValidationError as exc:
        print(
            f"Import abgebrochen – {exc.message}\nDie bestehende Datenbasis wurde nicht verändert.",
            file=sys.stderr,
        )
        return 2
    except DataError as exc:
        print(
            f"Fehler: {exc.message}\nDie bestehende Datenbasis wurde nicht verändert.",
            file=sys.stderr,
        )
        return 2
    print(
        f"Datenbasis geschrieben: {out} (Datenversion {version}, {time.perf_counter() - start:.1f} s)"
    )
    print_readiness(out)
    return 0


def print_readiness(store: Path) -> None:
    """Print which page runs on ``store`` (data_layer.read.readiness)."""
    conn = duckdb.connect(str(store), read_only=True)
    try:
        lines = report_lines(readiness(store_contents(conn)))
    finally:
        conn.close()
    print("Welche Seite läuft mit diesen Daten:")
    print("\n".join(lines))


def _check_contributions(folders: Sequence[Path], store: Path) -> int:
    """``--beitrag-pruefen``: the German report of each contribution; checked against ``store``
    (areas, indicators, conflicts) when it exists. Nothing is written."""
    contributions = [read_contribution(d) for d in folders]
    if store.is_file() and all(c.ok for c in contributions):
        conn = duckdb.connect(str(store), read_only=True)
        try:
            check_and_merge(conn, contributions, now_utc(), write=False)
        except ContributionError:
            pass  # the findings are in the report below
        finally:
            conn.close()
    print(report_text(contributions))
    return 0 if all(c.ok for c in contributions) else 2


def _check(packages: Sequence[Package], parameter_dir: Path, outside_facilities: str) -> int:
    """``--check``: build into a temporary folder, print the report, keep nothing."""
    with tempfile.TemporaryDirectory(prefix="planungsatlas-check-") as tmp:
        store = Path(tmp) / "check.duckdb"
        write_store(
            store,
            packages,
            extra=_demography_extra,
            parameter_dir=parameter_dir,
            outside_facilities=outside_facilities,
        )
        print("Prüfung bestanden: alle Dateien sind gültig (nichts geschrieben).")
        print_readiness(store)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
