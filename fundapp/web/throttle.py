"""Login attempts, limited per (email, client address) in a sliding window.

After ``max_failures`` wrong attempts within ``window_minutes`` that pair waits until the oldest
of them leaves the window. The key is the pair, never the email alone: someone who types a
colleague's email five times from their own machine blocks only themselves, and the colleague
signs in as usual from theirs. Unknown emails count exactly like known ones, so the limit tells
nothing about which emails exist. A success clears the pair's failures.

The counts are kept in memory, per process: with several web workers an attacker gets
``max_failures`` per worker, still a handful per window. (A shared store would be the next step
for a fund that runs many workers.)
"""
from __future__ import annotations

import threading
import time
from collections import deque


class LoginThrottle:
    def __init__(self, *, max_failures: int = 5, window_minutes: int = 15, clock=time.monotonic):
        self.max_failures = max_failures
        self.window = window_minutes * 60
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(email: str, address: str | None) -> tuple[str, str]:
        return email.strip().lower(), address or "?"

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        stamps = self._failures.get(key, deque())
        while stamps and now - stamps[0] >= self.window:
            stamps.popleft()
        if not stamps:
            self._failures.pop(key, None)
        return stamps

    def wait_seconds(self, email: str, address: str | None) -> int:
        """0 when this pair may try now; otherwise how long it must wait."""
        with self._lock:
            now = self.clock()
            stamps = self._recent(self._key(email, address), now)
            if len(stamps) < self.max_failures:
                return 0
            return max(1, int(self.window - (now - stamps[0])) + 1)

    def failed(self, email: str, address: str | None) -> None:
        with self._lock:
            key = self._key(email, address)
            stamps = self._recent(key, self.clock())
            stamps.append(self.clock())
            self._failures[key] = stamps
            if len(self._failures) > 10_000:  # a spray of emails: forget only what left the window
                for other in list(self._failures):
                    self._recent(other, self.clock())

    def succeeded(self, email: str, address: str | None) -> None:
        with self._lock:
            self._failures.pop(self._key(email, address), None)
