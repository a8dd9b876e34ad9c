"""The shared cache (Redis) as a help, never a dependency: when Redis is down, reading is a
miss and writing does nothing, so the rate limits let requests through (toegang.limiet),
instead of every page that uses the cache failing.

Counting (`incr`, `decr`) still raises: toegang.limiet decides itself what a failed count
means.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisVerbindingsfout
from redis.exceptions import TimeoutError as RedisTimeout

log = logging.getLogger(__name__)

STORINGEN = (RedisVerbindingsfout, RedisTimeout)


class _EenClientPerPool(RedisCacheClient):
    """Django builds a new redis.Redis for every cache call (its callback tables each
    time: about 0.1 ms); a redis.Redis is thread-safe, so one per pool serves them all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCacheMetUitval(RedisCache):
    """Django's Redis cache; a Redis that cannot be reached is a miss, not an error."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _EenClientPerPool

    def _uitval(self, wat: str, fout: Exception) -> None:
        log.warning("Cache niet bereikbaar (%s): %s", wat, fout)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except STORINGEN as fout:
            self._uitval("get", fout)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except STORINGEN as fout:
            self._uitval("get_many", fout)
            return {}

    def set(self, key, value, timeout=None, version=None):  # noqa: A003 - Django's name
        try:
            super().set(key, value, timeout, version)
        except STORINGEN as fout:
            self._uitval("set", fout)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except STORINGEN as fout:
            self._uitval("set_many", fout)
            return list(data)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except STORINGEN as fout:
            self._uitval("add", fout)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except STORINGEN as fout:
            self._uitval("delete", fout)
            return False
