"""The small per-process caches that threads of one web process share."""

from __future__ import annotations

import threading

from policyapp.recent import RecentlyUsed


def test_it_keeps_the_most_recently_used_entries():
    recent = RecentlyUsed(2)
    recent.put("a", 1)
    recent.put("b", 2)
    assert recent.get("a") == 1  # "a" is now the most recent
    recent.put("c", 3)
    assert recent.get("b") is None
    assert (recent.get("a"), recent.get("c")) == (1, 3)


def test_threads_reading_and_filling_it_at_once_never_break_it():
    recent = RecentlyUsed(4)
    errors = []
    start = threading.Barrier(8)

    def work(n):
        start.wait()
        try:
            for i in range(3000):
                key = (n + i) % 9
                if recent.get(key) is None:
                    recent.put(key, key * 10)
        except Exception as error:  # an unguarded OrderedDict raises KeyError here
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(recent._entries) == 4
    assert all(value == key * 10 for key, value in recent._entries.items())
