"""The shared cache (Redis) as a help, never a dependency: when Redis is down, reading is a
miss and writing does nothing, so the rate limits let requests through (toegang.limiet),
instead of every page that uses the cache failing.

A Redis that accepts connections but does not answer costs one call the read timeout
(REDIS_TIMEOUT); then the cache is left alone for a while (toegang.uitval), so the other
calls of that request and the next ones do not wait too.

Counting (`incr`, `decr`) still raises: toegang.limiet decides itself what a failed count
means.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisVerbindingsfout
from redis.exceptions import TimeoutError as RedisTimeout

from toegang import uitval

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


# A failure is raised to the caller instead of answered with a stand-in.
_DOORGEVEN = object()


class RedisCacheMetUitval(RedisCache):
    """Django's Redis cache; a Redis that cannot be reached, or does not answer, is a miss,
    not an error."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _EenClientPerPool

    @property
    def adres(self) -> str:
        """The Redis URL of this cache."""
        return self._servers[0]

    def ping(self) -> bool:
        """One PING, with the cache's timeouts; raises as redis-py does (health checks)."""
        return self._cache.get_client(write=True).ping()

    def _vragen(self, wat: str, bij_storing, methode, *args):
        """`methode(self, *args)` of Django's RedisCache; when Redis is down or silent,
        `bij_storing` (or the error, with _DOORGEVEN). A timeout marks Redis silent, so the
        next calls skip it (toegang.uitval)."""
        adres = self.adres
        try:
            if uitval.stil(adres):
                raise RedisVerbindingsfout("Redis antwoordde kort geleden niet; overgeslagen")
            return methode(self, *args)
        except STORINGEN as fout:
            if uitval.is_time_out(fout):
                uitval.geen_antwoord(adres)
            log.warning("Cache niet bereikbaar (%s): %s", wat, fout)
            if bij_storing is _DOORGEVEN:
                raise
            return bij_storing

    def get(self, key, default=None, version=None):
        return self._vragen("get", default, RedisCache.get, key, default, version)

    def get_many(self, keys, version=None):
        return self._vragen("get_many", {}, RedisCache.get_many, keys, version)

    def set(self, key, value, timeout=None, version=None):  # noqa: A003 - Django's name
        self._vragen("set", None, RedisCache.set, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._vragen("set_many", list(data), RedisCache.set_many, data, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._vragen("add", False, RedisCache.add, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._vragen("delete", False, RedisCache.delete, key, version)

    def incr(self, key, delta=1, version=None):
        # decr is incr with -delta (BaseCache).
        return self._vragen("incr", _DOORGEVEN, RedisCache.incr, key, delta, version)
