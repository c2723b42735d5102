"""relucert: find and prove the local minima of small one-hidden-layer ReLU networks, exactly.

The network is ``f(x) = sum_k z_k * sigma(w_k . x) [+ c]`` with the leaky ReLU ``sigma`` (slope
``alpha``, 0 for ReLU) and the loss ``(1/N) sum_i (f(x_i) - y_i)^2``. Every number here is an
exact ``fractions.Fraction``; the work is done by the relucert Rust library (the same code as
the ``relucert`` command), and certificates are re-verified by its independent checker.

    >>> import relucert
    >>> inst = relucert.Instance(x=[[-1, 1], [2, 1], [1, 3]], y=[1, 2, 3], hidden=2)
    >>> cert = relucert.certify(inst)
    >>> cert.verdict, cert.global_min
    ('spurious-minima', Fraction(0, 1))

See ``docs/python.md`` in the repository for the guide.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _native
from ._native import CertificateRejected, InputError, LimitError, RelucertError
from ._numbers import check_policy, exact_value, fraction, matrix, number, optional_vector, vector
from ._progress import ProgressArg, TextBar, reporter

#: Certificates with at most this many cell combinations show their pictures in notebooks.
_PICTURE_CELLS = 200_000

__all__ = [
    "Instance",
    "Certificate",
    "Cell",
    "CellWitness",
    "Family",
    "LossLevel",
    "Point",
    "PointClassification",
    "Face",
    "Arrangement",
    "Genericity",
    "certify",
    "load",
    "check",
    "classify_point",
    "arrangement",
    "generic",
    "exact_value",
    "RelucertError",
    "InputError",
    "LimitError",
    "CertificateRejected",
    "TextBar",
]

__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]
Vector = Tuple[Fraction, ...]
Matrix = Tuple[Vector, ...]


def _vec(texts: Sequence[str]) -> Vector:
    return tuple(fraction(t) for t in texts)


def _mat(rows: Sequence[Sequence[str]]) -> Matrix:
    return tuple(_vec(r) for r in rows)


class Instance:
    """A training instance: samples ``x``, labels ``y`` and the network, all exact.

    Numbers may be ``int``, ``Fraction``, ``Decimal``, strings (``"3"``, ``"-3/4"``,
    ``"1.5e-3"``), NumPy integers, or lists, NumPy arrays and pandas DataFrames/Series of them.
    Floats are refused unless ``exact="decimal"`` (the shortest decimal giving the float back:
    ``0.1`` is 1/10) or ``exact="binary"`` (the float's exact binary value).

    ``bias=True`` appends a constant 1 to every sample (so ``x`` and ``d`` include it);
    ``alpha`` is the leaky slope in [0, 1); ``output_bias=True`` adds an output bias ``c``;
    ``weights`` are optional per-sample weights (used by ``generic(rare=True)``).
    Raises ``InputError`` with the command line's message on bad input.
    """

    def __init__(
        self,
        x: Any,
        y: Any,
        hidden: int,
        *,
        bias: bool = False,
        alpha: Any = 0,
        output_bias: bool = False,
        weights: Optional[Sequence[Any]] = None,
        exact: str = "reject",
    ) -> None:
        check_policy(exact)
        if isinstance(hidden, bool) or not isinstance(hidden, int) and not hasattr(hidden, "__index__"):
            raise InputError(f"hidden: expected an integer ≥ 1 (the number of hidden units), found {hidden!r}")
        hidden = int(hidden)
        if hidden < 1:
            raise InputError(f"hidden: expected an integer ≥ 1 (the number of hidden units), found {hidden}")
        self._native = _native.NativeInstance(
            matrix(x, "x", exact),
            vector(y, "y", exact),
            hidden,
            bool(bias),
            number(alpha, "alpha", exact),
            bool(output_bias),
            optional_vector(weights, "weights", exact),
            exact,
        )

    @classmethod
    def _wrap(cls, native: "_native.NativeInstance") -> "Instance":
        inst = cls.__new__(cls)
        inst._native = native
        return inst

    @classmethod
    def from_dataframe(
        cls,
        df: Any,
        hidden: int,
        *,
        label: Optional[str] = None,
        bias: bool = False,
        alpha: Any = 0,
        output_bias: bool = False,
        exact: str = "reject",
    ) -> "Instance":
        """An instance from a pandas DataFrame: the column ``label`` (default: the last) is ``y``,
        the other columns, in order, are ``x``; the index is ignored."""
        columns = list(df.columns)
        if not columns:
            raise InputError("expected a DataFrame with columns, found none")
        name = columns[-1] if label is None else label
        if name not in columns:
            raise InputError(f"label: expected the name of a column ({', '.join(map(str, columns))}), found {name!r}")
        features = [c for c in columns if c != name]
        return cls(df[features], df[name], hidden, bias=bias, alpha=alpha, output_bias=output_bias, exact=exact)

    @classmethod
    def from_csv(
        cls,
        path: PathLike,
        hidden: int,
        *,
        label: Optional[str] = None,
        bias: bool = False,
        alpha: Any = 0,
        output_bias: bool = False,
        floats: str = "reject",
    ) -> "Instance":
        """Read a CSV file like ``relucert --csv FILE --hidden K [--floats POLICY]``."""
        alpha_text = number(alpha, "alpha", "reject")
        return cls._wrap(
            _native.read_csv(os.fspath(path), hidden, label, bias, alpha_text, output_bias, floats)
        )

    @classmethod
    def from_toml(cls, path: PathLike) -> "Instance":
        """Read a TOML instance file (``docs/instance-format.md``)."""
        return cls._wrap(_native.read_toml(os.fspath(path)))

    @property
    def x(self) -> Matrix:
        """The samples, after bias augmentation."""
        return _mat(self._native.x)

    @property
    def y(self) -> Vector:
        return _vec(self._native.y)

    @property
    def hidden(self) -> int:
        return self._native.hidden

    @property
    def bias(self) -> bool:
        return self._native.bias

    @property
    def alpha(self) -> Fraction:
        return fraction(self._native.alpha)

    @property
    def output_bias(self) -> bool:
        return self._native.output_bias

    @property
    def weights(self) -> Optional[Vector]:
        w = self._native.weights
        return None if w is None else _vec(w)

    @property
    def n(self) -> int:
        """Number of samples N."""
        return len(self._native.y)

    @property
    def d(self) -> int:
        """Dimension d of the samples (the bias coordinate included)."""
        return len(self._native.x[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Instance):
            return NotImplemented
        return (self._native.x, self._native.y, self.hidden, self.bias, self._native.alpha, self.output_bias) == (
            other._native.x,
            other._native.y,
            other.hidden,
            other.bias,
            other._native.alpha,
            other.output_bias,
        )

    def __repr__(self) -> str:
        return (
            f"Instance(N={self.n}, d={self.d}, hidden={self.hidden}, alpha={self._native.alpha}"
            f"{', bias' if self.bias else ''}{', output_bias' if self.output_bias else ''})"
        )


@dataclass(frozen=True)
class Point:
    """A point of weight space: output weights ``z``, hidden weights ``w`` (one row per unit),
    output bias ``c`` (``None`` when the network has none)."""

    z: Vector
    w: Matrix
    c: Optional[Fraction] = None


@dataclass(frozen=True)
class LossLevel:
    """One loss value taken by local minima: the number of families at it, whether it is above
    the global minimum, and the witness point of its first family."""

    loss: Fraction
    spurious: bool
    families: int
    witness: Point


@dataclass(frozen=True)
class CellWitness:
    """A genuine cell's witness: sign vector, point ``(z, w, c)`` and ``R`` (SPEC §3)."""

    signs: str
    z: Vector
    w: Matrix
    c: Optional[Fraction]
    R: Matrix


@dataclass(frozen=True)
class Cell:
    """A cell combination (a multiset of chambers, one per unit) and its least-squares minimum."""

    chambers: Tuple[str, ...]
    multiplicity: int
    rank: int
    solution_dim: int
    loss: Fraction
    genuine: bool
    witness: Optional[CellWitness]


@dataclass(frozen=True)
class Family:
    """A non-empty family of local minima (SPEC §4): each unit's face and mode, the constant loss,
    a witness point, whether it is differentiable and whether it is spurious."""

    faces: Tuple[str, ...]
    modes: str
    loss: Fraction
    witness: Point
    differentiable: bool
    spurious: bool


def _point(p: Dict[str, Any]) -> Point:
    c = p.get("c")
    return Point(_vec(p["z"]), _mat(p["w"]), None if c is None else fraction(c))


class Certificate:
    """A ``relucert/1`` certificate: the proof of every cell's and family's verdict.

    ``verdict`` (``"spurious-minima"`` or ``"no-spurious-minima"``, ``None`` without families),
    ``global_min``, ``loss_levels``, ``cells``, ``minima`` are exact; ``check()`` re-verifies the
    whole file with the independent checker; ``save(path)`` writes it for ``relucert check``.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._data = json.loads(text)

    @property
    def text(self) -> str:
        """The certificate's JSON text (byte-identical to what ``relucert certify`` writes)."""
        return self._text

    def to_dict(self) -> Dict[str, Any]:
        """The certificate as parsed JSON (rationals as strings)."""
        return json.loads(self._text)

    @property
    def format(self) -> str:
        return self._data["format"]

    @property
    def instance(self) -> Instance:
        """The instance the certificate is about."""
        rec = self._data["instance"]
        x = rec["x"]
        bias = rec.get("bias", False)
        if bias:
            x = [row[:-1] for row in x]
        return Instance._wrap(
            _native.NativeInstance(x, rec["y"], rec["hidden"], bias, rec["alpha"], rec["output_bias"], None, "reject")
        )

    @property
    def summary(self) -> Dict[str, Any]:
        """The certificate's summary, numbers as ``Fraction``."""
        s = dict(self._data["summary"])
        for key in ("best_genuine_loss", "global_min"):
            if s.get(key) is not None:
                s[key] = fraction(s[key])
        for key in ("losses", "genuine_losses"):
            s[key] = [fraction(v) for v in s[key]]
        return s

    @property
    def verdict(self) -> Optional[str]:
        return self._data["summary"].get("verdict")

    @property
    def global_min(self) -> Optional[Fraction]:
        g = self._data["summary"].get("global_min")
        return None if g is None else fraction(g)

    @property
    def chambers(self) -> Tuple["Face", ...]:
        return tuple(Face(c["signs"], _vec(c["witness"])) for c in self._data["arrangement"]["chambers"])

    @property
    def cells(self) -> Tuple[Cell, ...]:
        out = []
        for c in self._data["cells"]:
            w = c.get("witness")
            witness = None
            if w is not None:
                cw = w.get("c")
                witness = CellWitness(
                    w["signs"], _vec(w["z"]), _mat(w["w"]), None if cw is None else fraction(cw), _mat(w["R"])
                )
            out.append(
                Cell(
                    tuple(c["chambers"]),
                    c["multiplicity"],
                    c["rank"],
                    c["solution_dim"],
                    fraction(c["loss"]),
                    c["genuine"],
                    witness,
                )
            )
        return tuple(out)

    @property
    def minima(self) -> Optional[Tuple[Family, ...]]:
        """The non-empty families of local minima (``None`` when the families were not run)."""
        m = self._data.get("minima")
        if m is None:
            return None
        return tuple(
            Family(
                tuple(f["faces"]),
                f["modes"],
                fraction(f["loss"]),
                _point(f["witness"]),
                f["differentiable"],
                f["spurious"],
            )
            for f in m
        )

    @property
    def loss_levels(self) -> Optional[Tuple[LossLevel, ...]]:
        """The distinct losses of local minima, increasing (the first is the global minimum),
        each with its number of families and the witness of its first family."""
        minima = self.minima
        if minima is None:
            return None
        levels: Dict[Fraction, List[Family]] = {}
        for fam in minima:
            levels.setdefault(fam.loss, []).append(fam)
        g = self.global_min
        return tuple(
            LossLevel(loss, g is not None and loss > g, len(fams), fams[0].witness)
            for loss, fams in sorted(levels.items())
        )

    def summary_json(self) -> Dict[str, Any]:
        """``{"verdict", "global_min", "levels": [{"loss", "spurious", "families", "witness":
        {"z", "w", "c"}}]}``, rationals as strings (the shape of ``certify --json``)."""

        def text(q: Optional[Fraction]) -> Optional[str]:
            if q is None:
                return None
            return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"

        levels = self.loss_levels or ()
        return {
            "verdict": self.verdict,
            "global_min": text(self.global_min),
            "levels": [
                {
                    "loss": text(lv.loss),
                    "spurious": lv.spurious,
                    "families": lv.families,
                    "witness": {
                        "z": [text(v) for v in lv.witness.z],
                        "w": [[text(v) for v in row] for row in lv.witness.w],
                        "c": text(lv.witness.c),
                    },
                }
                for lv in levels
            ],
        }

    def check(self) -> str:
        """Re-verify the certificate with the independent checker (``relucert check``): returns
        its report (``accepted: …``), or raises ``CertificateRejected`` naming the rule."""
        return _native.check(self._text)

    def save(self, path: PathLike) -> None:
        """Write the certificate atomically, in the format the name asks for: the ``relucert/2``
        stream for ``.jsonl`` (gzip-compressed for ``.jsonl.gz``), ``relucert/1`` JSON otherwise.
        Either way ``relucert check PATH`` reads it, and it holds the same records as the file
        ``relucert certify --no-reduce -o PATH`` writes for the same instance."""
        _native.save(self._text, os.fspath(path))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Certificate):
            return NotImplemented
        return self._data == other._data

    def __repr__(self) -> str:
        s = self._data["summary"]
        inst = self._data["instance"]
        tail = ""
        if self.verdict is not None:
            tail = f", global_min={s['global_min']}, verdict={self.verdict!r}"
        return (
            f"<Certificate N={len(inst['x'])} K={inst['hidden']}: {s['chambers']} chambers, "
            f"{s['cells']} cells ({s['genuine']} genuine){tail}>"
        )

    def _repr_html_(self) -> str:
        import html

        s = self._data["summary"]
        inst = self._data["instance"]
        rows = [
            ("instance", f"N = {len(inst['x'])}, d = {len(inst['x'][0])}, K = {inst['hidden']}, α = {inst['alpha']}"),
            ("chambers", str(s["chambers"])),
            ("cell combinations", f"{s['cells']} ({s['genuine']} genuine)"),
            ("best genuine loss", str(s.get("best_genuine_loss"))),
        ]
        if self.verdict is not None:
            rows.append(("global minimum", str(s["global_min"])))
            rows.append(("verdict", self.verdict))
        out = ["<div class='relucert-certificate'><table>"]
        out += [f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows]
        out.append("</table>")
        levels = self.summary_json()["levels"]
        if levels:
            out.append("<table><tr><th>loss</th><th>spurious</th><th>families</th><th>witness z</th><th>witness w</th></tr>")
            for lv in levels:
                w = lv["witness"]
                out.append(
                    "<tr>"
                    + "".join(
                        f"<td>{html.escape(str(v))}</td>"
                        for v in (
                            lv["loss"],
                            "yes" if lv["spurious"] else "no",
                            lv["families"],
                            ", ".join(w["z"]),
                            "; ".join(", ".join(r) for r in w["w"]),
                        )
                    )
                    + "</tr>"
                )
            out.append("</table>")
        if len(self._data["cells"]) <= _PICTURE_CELLS:
            try:
                out.append(_native.figures_html(self._text))
            except InputError as e:  # a certificate the pictures cannot draw: say so, keep the table
                out.append(f"<p>(no pictures: {html.escape(str(e))})</p>")
        else:
            out.append(
                f"<p>(pictures are drawn in notebooks up to {_PICTURE_CELLS} cell combinations; "
                "<code>cert.report(path)</code> writes the full report)</p>"
            )
        out.append("</div>")
        return "".join(out)

    def report(self, path: PathLike, *, half_sum: bool = False, title: Optional[str] = None) -> bool:
        """Write the self-contained HTML report of ``relucert report`` to ``path`` (atomically):
        verdict, the checker's result, the arrangement, the histogram of subglobal losses, the
        loss along the circle (d = 2, K = 1), and tables. ``half_sum`` shows losses as ½Σ eᵢ².
        Returns whether the checker accepted the certificate (run while writing)."""
        p = os.fspath(path)
        page, accepted = _native.report_html(self._text, p, half_sum=half_sum, title=title)
        directory = os.path.dirname(os.path.abspath(p))
        if not os.path.isdir(directory):
            raise OSError(f"{p}: cannot write: the directory {directory} does not exist")
        fd, tmp = tempfile.mkstemp(prefix=".relucert-", suffix=".html.tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(page)
            os.chmod(tmp, 0o644)
            os.replace(tmp, p)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return accepted


def certify(
    instance: Instance,
    *,
    jobs: Optional[int] = None,
    progress: ProgressArg = False,
    exact_only: bool = False,
    cells_only: bool = False,
    force: bool = False,
    least_squares: bool = False,
    output: Optional[PathLike] = None,
) -> Certificate:
    """Certify ``instance`` like ``relucert certify``: every cell combination and every family of
    local minima, decided exactly, with the global minimum and the verdict.

    ``jobs`` threads (default: all cores) work with the GIL released. ``progress=True`` shows a
    bar (tqdm if installed, else text on stderr); a callable gets ``(stage, done, total)``.
    Ctrl-C stops the run (``KeyboardInterrupt``) and writes nothing. ``output`` also writes the
    certificate there, atomically. Raises ``LimitError`` for a search above the limits
    (``force=True`` goes on) and ``InputError`` for bad arguments.
    """
    if not isinstance(instance, Instance):
        raise InputError(f"instance: expected a relucert.Instance, found a {type(instance).__name__}")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise InputError(f"jobs: expected an integer ≥ 1, found {jobs!r}")
    callback, close = reporter(progress)
    try:
        text = _native.certify(
            instance._native,
            exact_only=exact_only,
            cells_only=cells_only,
            force=force,
            least_squares=least_squares,
            jobs=jobs,
            progress=callback,
            output=None if output is None else os.fspath(output),
        )
    finally:
        close()
    return Certificate(text)


def load(path: PathLike) -> Certificate:
    """Read a minima certificate file: ``relucert/1`` JSON, or a whole ``relucert/2`` stream
    (``.jsonl``, plain or gzip), from ``relucert certify`` or ``Certificate.save``. Raises
    ``InputError`` for a file that is not one (a cut stream, another format)."""
    return Certificate(_native.load(os.fspath(path)))


def check(path: PathLike) -> str:
    """Check a certificate file like ``relucert check`` (minima certificates in either format,
    or genericity certificates): the report, or ``CertificateRejected`` naming the rule."""
    return _native.check_file(os.fspath(path))


def _fractions(value: Any, key: str = "") -> Any:
    """Rationals written as strings in a JSON report, as ``Fraction`` (text fields kept)."""
    if isinstance(value, dict):
        return {k: _fractions(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_fractions(v, key) for v in value]
    if isinstance(value, str) and key not in ("reason", "region", "faces", "signs", "classes"):
        try:
            return Fraction(value)
        except ValueError:
            return value
    return value


@dataclass(frozen=True)
class PointClassification:
    """``classify_point``'s answer: whether the point is a local minimum, its exact loss, each
    unit's face, and the proof: ``multipliers`` (a local minimum) or ``descent`` (a direction
    along which the loss decreases, with the step and the loss there)."""

    local_min: bool
    loss: Fraction
    faces: Tuple[str, ...]
    residuals: Vector
    inside_chambers: bool
    differentiable: bool
    critical: Optional[bool]
    saddle: Optional[bool]
    descent: Optional[Dict[str, Any]]
    multipliers: Optional[List[Dict[str, Any]]]


def classify_point(
    instance: Instance, z: Sequence[Any], w: Sequence[Sequence[Any]], c: Any = None, *, exact_only: bool = False
) -> PointClassification:
    """Classify one point exactly (``relucert point``): local minimum with multipliers, or not,
    with a descent direction. Numbers as for ``Instance`` (floats refused)."""
    zs = vector(z, "z", "reject")
    ws = matrix(w, "w", "reject")
    cs = None if c is None else number(c, "c", "reject")
    report = json.loads(_native.classify_point(instance._native, zs, ws, cs, exact_only))
    return PointClassification(
        local_min=report["local_min"],
        loss=fraction(report["loss"]),
        faces=tuple(report["faces"]),
        residuals=_vec(report["residuals"]),
        inside_chambers=report["inside_chambers"],
        differentiable=report["differentiable"],
        critical=report["critical"],
        saddle=report["saddle"],
        descent=_fractions(report["descent"]),
        multipliers=_fractions(report["multipliers"]),
    )


@dataclass(frozen=True)
class Face:
    """A face of the data arrangement: its sign string and an exact point of it."""

    signs: str
    witness: Vector


@dataclass(frozen=True)
class Arrangement:
    """The chambers (and faces) of the data arrangement, proved complete by their counts."""

    chambers: Tuple[Face, ...]
    faces: Optional[Tuple[Face, ...]]
    chamber_count: int
    face_count: Optional[int]


def arrangement(instance: Instance, *, faces: bool = False) -> Arrangement:
    """The chambers (with ``faces=True`` also every face) of the data arrangement
    (``relucert arrangement``)."""
    data = json.loads(_native.arrangement(instance._native, faces))

    def face_list(items):
        return tuple(Face(f["signs"], _vec(f["witness"])) for f in items)

    return Arrangement(
        chambers=face_list(data["chambers"]),
        faces=None if data["faces"] is None else face_list(data["faces"]),
        chamber_count=data["count"]["chambers"],
        face_count=data["count"]["faces"],
    )


@dataclass(frozen=True)
class Genericity:
    """``generic``'s answer: general position (with the first dependent subset and its exact
    dependency otherwise), the chamber count against the general-position formula, and with
    ``rare=True`` whether the data are rare (Laurent–von Brecht Def. 1) with a witness."""

    general_position: bool
    subset_size: int
    subsets_examined: int
    dependent_subset: Optional[List[int]]
    dependency: Optional[Vector]
    chambers: Dict[str, Any]
    rare: Optional[bool]
    witness: Optional[Dict[str, Any]]
    rare_search: Optional[Dict[str, Any]]


def generic(
    instance: Instance, *, rare: bool = False, depth: int = 1, output: Optional[PathLike] = None
) -> Genericity:
    """General position and, with ``rare=True``, the rare-data check (``relucert generic``);
    ``output`` also writes the ``relucert-generic/1`` certificate that ``check`` re-verifies."""
    data = json.loads(_native.generic(instance._native, rare, depth, None if output is None else os.fspath(output)))
    dep = data["dependency"]
    witness = data["witness"]
    if witness is not None:
        witness = {"lambda": _vec(witness["lambda"]), "epsilon": witness["epsilon"]}
    search = data["rare_search"]
    if search is not None:
        search = dict(search)
        search["alpha"] = fraction(search["alpha"])
        search["weights"] = _vec(search["weights"])
    return Genericity(
        general_position=data["general_position"],
        subset_size=data["subset_size"],
        subsets_examined=data["subsets_examined"],
        dependent_subset=data["dependent_subset"],
        dependency=None if dep is None else _vec(dep),
        chambers=data["chambers"],
        rare=data["rare"],
        witness=witness,
        rare_search=search,
    )
