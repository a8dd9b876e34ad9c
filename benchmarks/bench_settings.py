"""Settings for benchmark servers: the real site plus two reference views (bench_urls)."""

from pathlib import Path

from toegang.settings.base import *  # noqa: F403
from toegang.settings.base import TEMPLATES

ROOT_URLCONF = "bench_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
