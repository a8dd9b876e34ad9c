"""A Redis that does not answer: waited for once, then left alone for a while.

Every connection to Redis (the cache, the Celery broker) has a connect and a read timeout
(REDIS_TIMEOUT in settings), so a Redis that accepts connections but never answers (a hung
server, a half-open connection after a failover) costs a call that timeout, and then raises
as a Redis that is down does. One request touches Redis several times (the rate limit
counts twice, the outbox publishes after the commit, the next page reads the limit again):
each paying the timeout would add up to seconds. So the first call that times out marks
the address silent, and for PAUZE_SECONDEN the callers in this process that can do without
Redis skip it at once: the rate limits let the request through, the outbox row waits for
the dispatcher (beat, every minute).

Only a timeout marks an address: a refused connection costs a millisecond and says nothing
about the next call.
"""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import urlsplit

from redis.exceptions import TimeoutError as RedisTimeout

log = logging.getLogger(__name__)

PAUZE_SECONDEN = 15.0

# (host, port) → monotonic time until which it is not asked. Shared by the threads of a
# process; a float assigned under the GIL needs no lock.
_stil_tot: dict[tuple[str, int | None], float] = {}


def _adres(url: str) -> tuple[str, int | None]:
    """The server of a redis:// URL, whatever its database number: the cache and the broker
    on one Redis share their silence."""
    delen = urlsplit(url)
    return (delen.hostname or delen.path, delen.port)


def stil(url: str) -> bool:
    """True while the Redis at `url` timed out less than PAUZE_SECONDEN ago."""
    return time.monotonic() < _stil_tot.get(_adres(url), 0.0)


def geen_antwoord(url: str) -> None:
    """Record that the Redis at `url` did not answer in time."""
    if not stil(url):
        log.warning(
            "Redis %s:%s antwoordt niet; %d seconden niet gevraagd", *_adres(url), PAUZE_SECONDEN
        )
    _stil_tot[_adres(url)] = time.monotonic() + PAUZE_SECONDEN


def is_time_out(fout: BaseException | None) -> bool:
    """Whether `fout`, or what it was raised from (kombu wraps redis-py's errors), is a
    timeout rather than a refused connection."""
    for _ in range(5):
        if fout is None:
            return False
        if isinstance(fout, RedisTimeout | socket.timeout):
            return True
        fout = fout.__cause__ or fout.__context__
    return False


def vergeten() -> None:
    """Forget every silence (tests)."""
    _stil_tot.clear()
