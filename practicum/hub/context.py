"""Settings and database shared by the hub-side plugins (authenticator, spawner), loaded once."""

from __future__ import annotations

from functools import lru_cache

from practicum.core.settings import Settings
from practicum.db.store import Store


@lru_cache(maxsize=1)
def hub_settings() -> Settings:
    return Settings.load()


@lru_cache(maxsize=1)
def hub_store() -> Store:
    return Store(hub_settings().database_url)
