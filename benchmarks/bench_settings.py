"""Settings for benchmark servers: the real site plus reference views (bench_urls).

BENCH_SQL_TELLEN=1 (benchmarks/paginas.py) puts `bench_sql.sql_tellen` in front of every
other middleware: each response then says how many SQL statements it took and how long
they ran. Production never loads it.
"""

import os
from pathlib import Path

from toegang.settings.base import *  # noqa: F403
from toegang.settings.base import MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "bench_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
if os.environ.get("BENCH_SQL_TELLEN") == "1":
    MIDDLEWARE = ["bench_sql.sql_tellen", *MIDDLEWARE]
