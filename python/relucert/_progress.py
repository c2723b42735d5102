"""Progress reporting for long runs: a callback ``progress(stage, done, total)``, a tqdm bar
(in notebooks too, through ``tqdm.auto``) when tqdm is installed, else a one-line text bar."""

from __future__ import annotations

import sys
from typing import Callable, Optional, TextIO, Union

Callback = Callable[[str, int, int], None]
ProgressArg = Union[bool, None, Callback]


class TextBar:
    """``cells [#####.....] 120/240`` redrawn in place on a stream (stderr by default)."""

    def __init__(self, stream: Optional[TextIO] = None, width: int = 30) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.stage = ""
        self.last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage and self.stage:
            self.stream.write("\n")
        self.stage = stage
        filled = self.width * done // total if total else self.width
        line = f"\r{stage} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line

    def close(self) -> None:
        if self.stage:
            self.stream.write("\n")
            self.stream.flush()


class TqdmBar:
    """One tqdm bar per stage (``tqdm.auto``: a widget in Jupyter, text elsewhere)."""

    def __init__(self, tqdm) -> None:
        self.tqdm = tqdm
        self.bar = None
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.bar = self.tqdm(total=total, desc=stage, unit="item")
            self.stage = stage
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def reporter(progress: ProgressArg):
    """The callback for ``certify(progress=...)`` and a function closing it afterwards."""
    if progress is None or progress is False:
        return None, lambda: None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            bar = TextBar()
        else:
            bar = TqdmBar(tqdm)
        return bar, bar.close
    if callable(progress):
        return progress, lambda: None
    raise TypeError(f"progress: expected True, False or a callable(stage, done, total), found {progress!r}")
