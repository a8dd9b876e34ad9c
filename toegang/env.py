"""Typed reads of environment variables with one clear line per mistake.

Settings are configured only through the environment (STYLE.md). A missing or malformed
variable raises ``ConfigurationError`` naming the variable; the entry points
(``manage.py``, ``wsgi.py``, the Celery app) turn it into one line on stderr and exit 2
instead of a traceback.
"""

import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured

_env = environ.Env()
_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee", ""}


class ConfigurationError(ImproperlyConfigured):
    pass


def _raw(name: str) -> str | None:
    return _env.str(name, default=None)


def required(name: str, hint: str = "") -> str:
    value = _raw(name)
    if not value:
        raise ConfigurationError(f"{name} is not set{': ' + hint if hint else ''}")
    return value


def string(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def boolean(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def integer(name: str, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name}={number} must be at least {minimum}")
    return number


def listing(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def mapping(name: str) -> dict[str, str]:
    """Pairs "key=value,key=value" as a dict, in the order given."""
    paren = {}
    for item in listing(name, []):
        sleutel, _, waarde = item.partition("=")
        if not sleutel.strip() or not waarde.strip():
            raise ConfigurationError(f"{name}: {item!r} is not key=value")
        paren[sleutel.strip()] = waarde.strip()
    return paren


def database(name: str, *, optional: bool = False) -> dict[str, Any] | None:
    """A PostgreSQL URL as Django's DATABASES entry; with `optional`, None when unset."""
    if optional and not _raw(name):
        return None
    url = required(name, "a PostgreSQL URL such as postgres://user:password@host:5432/toegang")
    try:
        config = _env.db_url_config(url)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ConfigurationError(f"{name} is not a valid database URL ({exc})") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ConfigurationError(f"{name} must point to PostgreSQL (postgres://…)")
    # A Unix socket may be given as ?host=/path or as a percent-encoded host.
    options = config.get("OPTIONS", {})
    if not config.get("HOST") and "host" in options:
        config["HOST"] = options.pop("host")
    config["HOST"] = unquote(config.get("HOST") or "")
    return config


def email(name: str, default: str) -> dict[str, Any]:
    value = string(name, default)
    try:
        return _env.email_url_config(value)
    except Exception as exc:
        raise ConfigurationError(f"{name} is not a valid e-mail URL ({exc})") from None


def url(name: str, schemes: tuple[str, ...], default: str = "") -> str:
    value = string(name, default)
    if value and not value.startswith(tuple(f"{scheme}://" for scheme in schemes)):
        raise ConfigurationError(f"{name} must start with {' or '.join(schemes)}://")
    return value


def exit_on_configuration_error(func: Callable[[], Any]) -> Any:
    """Run ``func``; a configuration mistake becomes one line on stderr and exit code 2."""
    try:
        return func()
    except ConfigurationError as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        raise SystemExit(2) from None
