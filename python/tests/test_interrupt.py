"""Long runs: progress is reported, the GIL is released, Ctrl-C stops the run and writes nothing."""

import os
import random
import signal
import threading
import time
from fractions import Fraction

import pytest

import relucert


def long_instance():
    """12 random samples in general position in R^3 and K = 3: about 10^5 cell combinations,
    far more than a second of work."""
    rng = random.Random(12)
    x = [[rng.randint(-9, 9), rng.randint(-9, 9), rng.randint(1, 9)] for _ in range(12)]
    y = [rng.randint(-5, 5) for _ in range(12)]
    return relucert.Instance(x=x, y=y, hidden=3)


def test_progress_callback_sees_every_stage():
    calls = []
    inst = relucert.Instance(x=[[-1, 1], [2, 1], [1, 3]], y=[1, 2, 3], hidden=2)
    relucert.certify(inst, progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert {c[0] for c in calls} <= {"cells", "families"}
    assert calls[-1] == ("families", 780, 780)
    assert all(0 <= done <= total for _, done, total in calls)


def test_text_bar_fallback(capsys):
    bar = relucert.TextBar()
    bar("cells", 5, 10)
    bar("families", 10, 10)
    bar.close()
    err = capsys.readouterr().err
    assert "cells [" in err and "5/10" in err and "families [" in err


def test_progress_true_draws_a_bar(capsys):
    relucert.certify(relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1), progress=True)
    # tqdm (if installed) or the text fallback, on stderr.
    assert capsys.readouterr().err != ""


def test_exception_in_progress_stops_the_run():
    def boom(stage, done, total):
        raise ValueError("stop here")

    start = time.monotonic()
    with pytest.raises(ValueError, match="stop here"):
        relucert.certify(long_instance(), progress=boom, cells_only=True, force=True)
    assert time.monotonic() - start < 30


def test_gil_is_released():
    """Another Python thread runs freely while the workers compute."""
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.005)

    def stop_after_a_second(stage, done, total):
        if time.monotonic() - start > 1.0:
            raise TimeoutError("enough")

    t = threading.Thread(target=ticker)
    start = time.monotonic()
    t.start()
    try:
        with pytest.raises(TimeoutError):
            relucert.certify(long_instance(), jobs=1, cells_only=True, force=True, progress=stop_after_a_second)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 50, len(ticks)


def test_tqdm_bar_when_installed(capsys):
    pytest.importorskip("tqdm")
    from relucert._progress import TqdmBar, reporter

    bar, close = reporter(True)
    assert isinstance(bar, TqdmBar)
    bar("cells", 3, 6)
    bar("cells", 6, 6)
    close()
    assert "cells" in capsys.readouterr().err


def test_ctrl_c_interrupts_without_partial_files(tmp_path):
    # Writing a file first: the library must not have replaced Python's SIGINT handler (the
    # command line's cleanup handler would end the whole process, or a notebook's kernel).
    relucert.certify(relucert.Instance(x=[[1]], y=[1], hidden=1)).save(tmp_path / "first.json")
    (tmp_path / "first.json").unlink()
    assert signal.getsignal(signal.SIGINT) in (signal.default_int_handler, signal.SIG_IGN)
    output = tmp_path / "long.cert.json"
    # Ctrl-C after a second, pressed again every half second until the run returns (one
    # press can land between two of the watcher's signal checks).
    done = threading.Event()

    def press_ctrl_c():
        if not done.wait(1.0):
            os.kill(os.getpid(), signal.SIGINT)
            while not done.wait(0.5):
                os.kill(os.getpid(), signal.SIGINT)

    # A bound on the test itself: if no Ctrl-C reaches the run, it is stopped after 30 s
    # through the progress callback, and the test fails instead of running for minutes.
    start = time.monotonic()

    def watchdog(stage, done_items, total):
        if time.monotonic() - start > 30:
            raise TimeoutError("Ctrl-C did not stop the run within 30 s")

    # What an interactive Python (a terminal, a notebook) has: SIGINT raises KeyboardInterrupt.
    # A process started in the background by a shell without job control (as CI scripts may
    # be) inherits SIGINT as ignored, and Python then leaves it ignored; the library rightly
    # honours that, so the test installs the interactive handler for its duration.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    presser = threading.Thread(target=press_ctrl_c)
    presser.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            relucert.certify(
                long_instance(), jobs=2, cells_only=True, force=True, output=output, progress=watchdog
            )
    finally:
        done.set()
        presser.join()
        signal.signal(signal.SIGINT, previous)
    elapsed = time.monotonic() - start
    assert elapsed < 20, f"the run took {elapsed:.1f} s to stop"
    assert list(tmp_path.iterdir()) == [], "no partial or temporary file"


def test_ignored_sigint_is_honoured(tmp_path):
    """With SIGINT ignored (a job started with nohup or in the background), Ctrl-C does not stop
    the run: the library installs no handler of its own; the run ends normally."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.kill(os.getpid(), signal.SIGINT)
        cert = relucert.certify(relucert.Instance(x=[[-1, 1], [2, 1], [1, 3]], y=[1, 2, 3], hidden=1))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert cert.global_min == Fraction(8, 75)
