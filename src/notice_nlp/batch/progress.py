"""Progress bar (docs/s, ETA) on a terminal; silent in CI, pipes and tests."""

from __future__ import annotations

import os
import sys


def progress_enabled(flag: bool | None = None) -> bool:
    """``flag`` if given; else on only when stderr is a terminal and ``CI`` is not set."""
    if flag is not None:
        return flag
    return sys.stderr.isatty() and not os.environ.get("CI")


class Progress:
    """A tqdm bar over documents; the total is exact (Parquet) or estimated from bytes read."""

    def __init__(self, enabled: bool, *, total: int | None = None, size: int | None = None, initial: int = 0,
                 desc: str = "predict"):
        self.enabled = enabled
        self.size = size
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", desc=desc, file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.05)
        self.exact = total is not None

    def update(self, n: int, *, read: int = 0, position: int | None = None, errors: int = 0) -> None:
        if self.bar is None:
            return
        if not self.exact and self.size and position and read:
            estimate = int(read * self.size / position)
            self.bar.total = max(estimate, self.bar.n + n)
        self.bar.set_postfix(errors=errors, refresh=False)
        self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
