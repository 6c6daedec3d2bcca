"""Server side of the load test: the public deployment's settings and the server's RSS and CPU."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_CONFIG = ROOT / "deploy" / "public" / ".streamlit" / "config.toml"


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


async def sample_rss(pid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except TimeoutError:
            pass


@contextmanager
def public_settings() -> Iterator[None]:
    """``deploy/public/.streamlit/config.toml`` as STREAMLIT_* variables (child processes)."""
    conf = tomllib.loads(PUBLIC_CONFIG.read_text(encoding="utf-8"))
    env = {
        f"STREAMLIT_{section}_{''.join('_' + c if c.isupper() else c for c in key)}".upper(): str(
            value
        ).lower()
        if isinstance(value, bool)
        else str(value)
        for section, values in conf.items()
        if section != "theme"
        for key, value in values.items()
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def build_public(out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "data_layer.build.pipeline", "--public", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
