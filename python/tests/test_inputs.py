"""Exact input from NumPy and pandas under each float policy, in Python and in CSV files."""

from fractions import Fraction as F

import numpy as np
import pandas as pd
import pytest

import relucert

TENTH_BINARY = F(3602879701896397, 36028797018963968)


def test_float_policy_values():
    assert relucert.exact_value(0.1, "decimal") == F(1, 10)
    assert relucert.exact_value(0.1, "binary") == TENTH_BINARY == F(0.1)
    assert relucert.exact_value(np.float64(-2.5), "binary") == F(-5, 2)
    assert relucert.exact_value(np.float32(0.1), "decimal") == F(1, 10)
    assert relucert.exact_value(np.float32(0.1), "binary") == F(float(np.float32(0.1)))
    assert relucert.exact_value(1e22, "decimal") == F(10**22)
    assert relucert.exact_value(np.int64(7)) == 7
    with pytest.raises(relucert.InputError, match='exact="decimal"'):
        relucert.exact_value(0.1)
    with pytest.raises(relucert.InputError, match="finite"):
        relucert.exact_value(float("nan"), "decimal")


def test_numpy_float_array_under_each_policy():
    x = np.array([[0.1, 1.0], [2.0, 0.5]])
    y = np.array([0.3, 1.0])
    with pytest.raises(relucert.InputError) as err:
        relucert.Instance(x=x, y=y, hidden=1)
    assert str(err.value).startswith("x[0][0]: expected an exact number")
    assert 'exact="decimal"' in str(err.value) and 'exact="binary"' in str(err.value)
    dec = relucert.Instance(x=x, y=y, hidden=1, exact="decimal")
    assert dec.x == ((F(1, 10), F(1)), (F(2), F(1, 2)))
    assert dec.y == (F(3, 10), F(1))
    binary = relucert.Instance(x=x, y=y, hidden=1, exact="binary")
    assert binary.x[0][0] == TENTH_BINARY and binary.y[0] == F(0.3)
    assert binary.x[1] == (F(2), F(1, 2))


def test_numpy_integer_and_object_arrays_need_no_policy():
    inst = relucert.Instance(x=np.array([[-1, 1], [2, 1], [1, 3]]), y=np.array([1, 2, 3], dtype=np.int32), hidden=1)
    assert inst.x[0] == (F(-1), F(1))
    obj = np.array([[F(1, 3), "2/7"]], dtype=object)
    assert relucert.Instance(x=obj, y=[1], hidden=1).x == ((F(1, 3), F(2, 7)),)


def test_pandas_under_each_policy():
    df = pd.DataFrame({"x1": [0.1, 2.0], "x2": [1, 1], "y": [0.25, 2.0]})
    with pytest.raises(relucert.InputError, match=r'x\[0\]\[0\].*exact="decimal"'):
        relucert.Instance.from_dataframe(df, hidden=1)
    dec = relucert.Instance.from_dataframe(df, hidden=1, exact="decimal")
    assert dec.x == ((F(1, 10), F(1)), (F(2), F(1)))
    assert dec.y == (F(1, 4), F(2))
    binary = relucert.Instance.from_dataframe(df, hidden=1, exact="binary")
    assert binary.x[0][0] == TENTH_BINARY and binary.y == (F(1, 4), F(2))
    # A named label column, and the DataFrame/Series directly.
    named = relucert.Instance.from_dataframe(df[["y", "x1", "x2"]], hidden=1, label="y", exact="decimal")
    assert named == dec
    direct = relucert.Instance(x=df[["x1", "x2"]], y=df["y"], hidden=1, exact="decimal")
    assert direct == dec
    ints = pd.DataFrame({"a": [-1, 2, 1], "b": [1, 1, 3], "y": [1, 2, 3]})
    assert relucert.Instance.from_dataframe(ints, hidden=2).x == relucert.Instance(
        x=[[-1, 1], [2, 1], [1, 3]], y=[1, 2, 3], hidden=2
    ).x
    with pytest.raises(relucert.InputError, match="label"):
        relucert.Instance.from_dataframe(ints, hidden=1, label="nope")


def test_pandas_nan_is_refused():
    df = pd.DataFrame({"x": [1.0, np.nan], "y": [1, 2]})
    with pytest.raises(relucert.InputError, match=r"x\[1\]\[0\]: expected a finite number"):
        relucert.Instance.from_dataframe(df, hidden=1, exact="decimal")


def write_numpy_csv(path, header):
    data = np.array([[0.1, 1.0, 1.0], [2.0, 1.0, 2.0], [1.0, 3.0, 3.0]])
    if header:
        np.savetxt(path, data, delimiter=",", header="x1,x2,y")
    else:
        np.savetxt(path, data, delimiter=",")


def test_numpy_savetxt_csv_under_each_policy(tmp_path):
    path = tmp_path / "np.csv"
    write_numpy_csv(path, header=True)
    assert path.read_text().startswith("# x1,x2,y\n1.000000000000000056e-01,")
    with pytest.raises(relucert.InputError) as err:
        relucert.Instance.from_csv(path, hidden=1)
    message = str(err.value)
    assert 'line 2: column "x1"' in message and "--floats decimal" in message and "%.18e" in message
    dec = relucert.Instance.from_csv(path, hidden=1, floats="decimal")
    assert dec.x[0] == (F(1, 10), F(1)) and dec.y == (F(1), F(2), F(3))
    binary = relucert.Instance.from_csv(path, hidden=1, floats="binary")
    assert binary.x[0][0] == TENTH_BINARY


def test_numpy_csv_without_header_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "bare.csv"
    write_numpy_csv(path, header=False)
    with pytest.raises(relucert.InputError, match='line 1: expected a header row.*header="x1,x2,y"'):
        relucert.Instance.from_csv(path, hidden=1, floats="decimal")


def test_pandas_csv_with_index_column(tmp_path):
    path = tmp_path / "pd.csv"
    pd.DataFrame({"x1": [0.1, 2.0, 1.0], "x2": [1, 1, 3], "y": [1, 2, 3]}).to_csv(path)
    assert path.read_text().startswith(",x1,x2,y\n0,0.1,1,1\n")
    inst = relucert.Instance.from_csv(path, hidden=1)  # pandas writes the shortest decimal: exact under reject
    assert inst.x == ((F(1, 10), F(1)), (F(2), F(1)), (F(1), F(3)))
    assert inst.y == (F(1), F(2), F(3))


def test_cli_floats_flag(tmp_path, cli):
    path = tmp_path / "np.csv"
    write_numpy_csv(path, header=True)
    refused = cli("arrangement", "--csv", path, "--hidden", "1")
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"error: {path}: line 2: column \"x1\":")
    assert "--floats decimal" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    for policy in ("decimal", "binary"):
        ok = cli("arrangement", "--csv", path, "--hidden", "1", "--floats", policy, "--json")
        assert ok.returncode == 0, ok.stderr
    bad = cli("arrangement", "--csv", path, "--hidden", "1", "--floats", "maybe")
    assert bad.returncode == 2 and "maybe" in bad.stderr
    pandas_path = tmp_path / "pd.csv"
    pd.DataFrame({"x1": [-1, 2, 1], "x2": [1, 1, 3], "y": [1, 2, 3]}).to_csv(pandas_path)
    out = cli("certify", "--csv", pandas_path, "--hidden", "1", "-o", tmp_path / "pd.cert.json")
    assert out.returncode == 0, out.stderr
    assert "6 multisets" in out.stdout
