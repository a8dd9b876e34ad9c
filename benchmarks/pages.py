"""Throughput and latency of the public home page under gunicorn.

Baseline: a static file served by the same gunicorn process (WhiteNoise), measured in the
same run, so the ratio says what our Python and SQL cost on top of bare serving.

    python benchmarks/pages.py            (DATABASE_URL must point at PostgreSQL)
"""

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _scratch import free_port, scratch_database, wacht_op

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))


def measure(url: str) -> tuple[float, float]:
    """(requests per second, p95 latency in ms) for REQUESTS GETs at CONCURRENCY."""

    def one(_):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            assert response.status == 200, response.status
        return time.perf_counter() - started

    for _ in range(20):  # warm up connections and caches
        one(None)
    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        latencies = list(pool.map(one, range(REQUESTS)))
    elapsed = time.perf_counter() - started
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return REQUESTS / elapsed, p95


def main() -> int:
    with scratch_database("pages") as db_url:
        return run(db_url)


def run(db_url: str) -> int:
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="toegang.settings.base",
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    server = None
    try:
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "demo_data", "--force"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "toegang.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        origin = f"http://127.0.0.1:{port}"
        wacht_op(origin + "/static/css/toegang.css")

        static_rps, static_p95 = measure(origin + "/static/css/toegang.css")
        home_rps, home_p95 = measure(origin + "/")
        print(f"requests={REQUESTS}")
        print(f"concurrency={CONCURRENCY}")
        print(f"baseline_static_rps={static_rps:.0f}")
        print(f"baseline_static_p95_ms={static_p95:.1f}")
        print(f"home_rps={home_rps:.0f}")
        print(f"home_p95_ms={home_p95:.1f}")
        print(f"home_rps_ratio_vs_static={home_rps / static_rps:.2f}")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
