"""Type hints of the Rust extension module ``relucert._native`` (see ``python/src/lib.rs``).

Rationals cross as exact text (``"3"``, ``"-3/4"``); floats are read under a policy
(``"reject"``, ``"decimal"``, ``"binary"``); certificates and reports cross as JSON text.
"""

from typing import Callable, List, Optional, Tuple, Union

Num = Union[str, float]
CERTIFICATE_FORMAT: str

class RelucertError(Exception): ...
class InputError(RelucertError): ...
class LimitError(RelucertError): ...

class CertificateRejected(RelucertError):
    rule: str
    location: str
    detail: str

class NativeInstance:
    def __init__(
        self,
        x: List[List[Num]],
        y: List[Num],
        hidden: int,
        bias: bool = ...,
        alpha: Optional[Num] = ...,
        output_bias: bool = ...,
        weights: Optional[List[Num]] = ...,
        exact: str = ...,
    ) -> None: ...
    @property
    def x(self) -> List[List[str]]: ...
    @property
    def y(self) -> List[str]: ...
    @property
    def hidden(self) -> int: ...
    @property
    def bias(self) -> bool: ...
    @property
    def alpha(self) -> str: ...
    @property
    def output_bias(self) -> bool: ...
    @property
    def weights(self) -> Optional[List[str]]: ...

def read_csv(
    path: str,
    hidden: int,
    label: Optional[str] = ...,
    bias: bool = ...,
    alpha: str = ...,
    output_bias: bool = ...,
    floats: str = ...,
) -> NativeInstance: ...
def read_toml(path: str) -> NativeInstance: ...
def float_text(value: float, exact: str, key: str = ...) -> str: ...
def cell_text(text: str, exact: str, key: str = ...) -> str: ...
def certify(
    instance: NativeInstance,
    *,
    exact_only: bool = ...,
    cells_only: bool = ...,
    force: bool = ...,
    least_squares: bool = ...,
    jobs: Optional[int] = ...,
    progress: Optional[Callable[[str, int, int], object]] = ...,
    output: Optional[str] = ...,
) -> str: ...
def check(text: str, origin: str = ...) -> str: ...
def load(path: str) -> str: ...
def save(text: str, path: str) -> None: ...
def check_file(path: str) -> str: ...
def figures_html(text: str, half_sum: bool = ...) -> str: ...
def report_html(text: str, source: str, half_sum: bool = ..., title: Optional[str] = ...) -> Tuple[str, bool]: ...
def classify_point(
    instance: NativeInstance,
    z: List[Num],
    w: List[List[Num]],
    c: Optional[Num] = ...,
    exact_only: bool = ...,
) -> str: ...
def arrangement(instance: NativeInstance, faces: bool = ...) -> str: ...
def generic(instance: NativeInstance, rare: bool = ..., depth: int = ..., output: Optional[str] = ...) -> str: ...
