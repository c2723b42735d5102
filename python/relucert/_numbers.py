"""Exact numbers from Python, NumPy and pandas values, under an explicit float policy.

Exact values (``int``, ``Fraction``, ``Decimal``, NumPy integers, and strings ``"3"``, ``"-3/4"``,
``"1.5e-3"``) are passed to the Rust library as exact text. Floats (``float``, NumPy floating
scalars and arrays) are refused unless ``exact="decimal"`` (the shortest decimal that gives the
float back: ``0.1`` is 1/10) or ``exact="binary"`` (the float's exact binary value); the Rust
library applies the policy and writes the messages.
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from fractions import Fraction
from typing import Any, List, Optional, Sequence, Union

from . import _native
from ._native import InputError

Native = Union[str, float]
POLICIES = ("reject", "decimal", "binary")


def check_policy(exact: str) -> None:
    if exact not in POLICIES:
        raise InputError(f'exact: expected "reject", "decimal" or "binary", found {exact!r}')


def _numpy():
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is optional
        return None
    return numpy


def number(value: Any, key: str, exact: str) -> Native:
    """One number as exact text, or as a float the Rust side reads under ``exact``."""
    np = _numpy()
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        raise InputError(f"{key}: expected an exact number, found the bool {value}")
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{key}: expected a finite number, found the Decimal {value}")
        return str(value)
    if np is not None and isinstance(value, np.floating) and value.dtype.itemsize < 8:
        # float32/float16: their own shortest decimal, not the widened double's.
        if exact == "decimal" and np.isfinite(value):
            return np.format_float_scientific(value, unique=True)
        return float(value)
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):
        return float(value)
    if isinstance(value, numbers.Rational):
        f = Fraction(value.numerator, value.denominator)
        return f"{f.numerator}/{f.denominator}"
    raise InputError(
        f"{key}: expected an exact number (int, Fraction, \"p/q\" or a decimal string), "
        f"found a {type(value).__name__}"
    )


def _rows(x: Any) -> List[Any]:
    """The rows of a list of lists, a 2-D NumPy array or a pandas DataFrame."""
    if hasattr(x, "itertuples") and hasattr(x, "columns"):  # pandas DataFrame
        return [list(row) for row in x.itertuples(index=False, name=None)]
    np = _numpy()
    if np is not None and isinstance(x, np.ndarray):
        if x.ndim != 2:
            raise InputError(f"x: expected a 2-D array (one row per sample), found {x.ndim} dimensions")
        return [list(row) for row in x]
    return [list(row) for row in x]


def _values(v: Any) -> List[Any]:
    """The entries of a list, a 1-D NumPy array or a pandas Series."""
    if hasattr(v, "to_numpy") and hasattr(v, "index"):  # pandas Series
        v = v.to_numpy()
    np = _numpy()
    if np is not None and isinstance(v, np.ndarray) and v.ndim != 1:
        raise InputError(f"expected a 1-D array, found {v.ndim} dimensions")
    return list(v)


def matrix(x: Any, key: str, exact: str) -> List[List[Native]]:
    return [[number(v, f"{key}[{i}][{j}]", exact) for j, v in enumerate(row)] for i, row in enumerate(_rows(x))]


def vector(v: Any, key: str, exact: str) -> List[Native]:
    return [number(e, f"{key}[{i}]", exact) for i, e in enumerate(_values(v))]


def optional_vector(v: Optional[Sequence[Any]], key: str, exact: str) -> Optional[List[Native]]:
    return None if v is None else vector(v, key, exact)


def fraction(text: str) -> Fraction:
    """A rational the Rust library wrote (``"3"``, ``"-3/4"``)."""
    return Fraction(text)


def exact_value(value: Any, exact: str = "reject") -> Fraction:
    """Any accepted number as a ``Fraction``, under the float policy ``exact``."""
    check_policy(exact)
    v = number(value, "value", exact)
    if isinstance(v, float):
        return Fraction(_native.float_text(v, exact))
    return Fraction(_native.cell_text(v, "reject"))
