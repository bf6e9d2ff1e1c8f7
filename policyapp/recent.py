"""A small map that keeps the most recently used entries, safe to share between the threads
of one web process (gunicorn's gthread workers serve several requests at once)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class RecentlyUsed[V]:
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> V:
        """Keep `value` (computed outside the lock: two threads may both compute it, which
        costs time but never a wrong answer) and forget the least recently used entry."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
