"""Local runner for `make run` and `make test`: the same engines as production, no servers to install.

    python -m toegang.devenv run [--port 8000]   web + Celery worker + beat, demo data loaded
    python -m toegang.devenv exec -- CMD ...      CMD with DATABASE_URL pointing at a database

Without DATABASE_URL an embedded PostgreSQL (the `pgserver` package, data in .data/pg)
is started and stopped again when we exit. Without REDIS_URL the settings fall back to
kombu's filesystem transport under .data/broker; `exec` (make test) then starts a
throwaway redis-server where one is installed. One Ctrl-C stops every process we started.
Only for development: production runs gunicorn, a worker and beat (docker-compose.yml).
"""

import argparse
import contextlib
import errno
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TOEGANG_DATA_DIR", ROOT / ".data"))
DATABASE_NAME = "toegang"
STOP_GRACE_SECONDS = 10


def say(message: str) -> None:
    print(f"[toegang] {message}", file=sys.stderr, flush=True)


def ensure_database() -> None:
    """Set DATABASE_URL to the embedded PostgreSQL unless the environment already has one."""
    if os.environ.get("DATABASE_URL"):
        return
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    import pgserver  # dev dependency: only needed without DATABASE_URL

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # cleanup_mode="stop": the server stops when the last process that asked for it exits.
    server = pgserver.get_server(DATA_DIR / "pg", cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    os.environ["DATABASE_URL"] = f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    # Its own pg_dump and pg_restore first on PATH (`make backup`, `make restore`): they must
    # be of the server's major version, which the system's may not be.
    programmas = Path(pgserver.__file__).parent / "pginstall" / "bin"
    if programmas.is_dir():
        os.environ["PATH"] = os.pathsep.join([str(programmas), os.environ.get("PATH", "")])
    say(
        f"embedded PostgreSQL ready in {time.monotonic() - started:.1f}s (data in {DATA_DIR / 'pg'})"
    )
    # Keep a reference so the server is not stopped before we exit.
    ensure_database.server = server


def ensure_broker_folders() -> None:
    if not os.environ.get("REDIS_URL"):
        for name in ("queue", "control", "processed"):
            (DATA_DIR / "broker" / name).mkdir(parents=True, exist_ok=True)


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


class Supervisor:
    """Starts child processes in their own sessions and stops them all together."""

    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping = False

    def start(self, name: str, command: list[str]) -> None:
        self.children[name] = subprocess.Popen(command, cwd=ROOT, start_new_session=True)

    def stop(self) -> None:
        """SIGTERM to each child (Celery shuts down warmly), then SIGKILL whatever is left."""
        if self.stopping:
            return
        self.stopping = True
        for child in self.children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while time.monotonic() < deadline and any(c.poll() is None for c in self.children.values()):
            time.sleep(0.1)
        for child in self.children.values():
            # Each child leads its own process group: this also ends its orphans.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()

    def wait(self) -> int:
        """Block until one child exits or we are told to stop; return the exit code."""
        while not self.stopping:
            for name, child in self.children.items():
                code = child.poll()
                if code is not None:
                    say(f"{name} stopped (exit code {code}); stopping the rest")
                    self.stop()
                    return code or 1
            time.sleep(0.2)
        return 0


def run(port: int) -> int:
    if port_in_use(port):
        say(
            f"port {port} is already in use: stop that program, or choose another port: make run PORT={port + 1}"
        )
        return 1
    os.environ.setdefault("DEBUG", "1")
    ensure_database()
    ensure_broker_folders()
    manage("migrate", "--noinput", "-v", "0")
    manage("demo_data")

    supervisor = Supervisor()

    def on_signal(signum, frame):
        say("stopping…")
        supervisor.stop()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    celery = [sys.executable, "-m", "celery", "-A", "toegang.celery"]
    supervisor.start("web", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"])
    supervisor.start(
        "worker",
        [
            *celery,
            "worker",
            "-l",
            "INFO",
            "-P",
            "threads",
            "-c",
            "4",
            "-n",
            "toegang@%h",
            "--without-gossip",
            "--without-mingle",
        ],
    )
    supervisor.start(
        "beat", [*celery, "beat", "-l", "INFO", "-s", str(DATA_DIR / "celerybeat-schedule")]
    )
    say(f"Toegang runs at http://127.0.0.1:{port}/ — stop with Ctrl-C")
    code = supervisor.wait()
    say("stopped")
    return code


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def execute(command: list[str]) -> int:
    """CMD with DATABASE_URL set; without REDIS_URL, and where redis-server is installed,
    also with a throwaway Redis (the tests of the cache and the health checks need one)."""
    if not command:
        say("nothing to run: python -m toegang.devenv exec -- COMMAND")
        return 2
    ensure_database()
    processes = Supervisor()
    if not os.environ.get("REDIS_URL") and shutil.which("redis-server"):
        port = free_port()
        processes.start(
            "redis",
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--loglevel", "warning"],
        )  # fmt: skip
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while not port_in_use(port) and time.monotonic() < deadline:
            time.sleep(0.05)
    ensure_broker_folders()
    try:
        return subprocess.run(command, cwd=ROOT).returncode
    finally:
        processes.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toegang.devenv", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run", help="web, worker and beat with demo data")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    exec_parser = sub.add_parser("exec", help="run a command with DATABASE_URL set")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "run":
        return run(args.port)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return execute(command)


if __name__ == "__main__":
    sys.exit(main())
