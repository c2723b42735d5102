"""Every exception type, with the command line's messages."""

import json
from fractions import Fraction as F

import pytest

import relucert


def test_exception_hierarchy():
    for cls in (relucert.InputError, relucert.LimitError, relucert.CertificateRejected):
        assert issubclass(cls, relucert.RelucertError)
        assert cls.__module__ == "relucert"
    assert issubclass(relucert.RelucertError, Exception)


def test_input_errors_name_the_field():
    cases = [
        (dict(x=[[1, 2], [3]], y=[1, 2], hidden=1), "x[1]: expected 2 numbers (the length of x[0]), found 1"),
        (dict(x=[[1]], y=[1, 2], hidden=1), "y: expected 1 labels (one per row of x), found 2"),
        (dict(x=[[1]], y=[1], hidden=0), "hidden: expected an integer ≥ 1 (the number of hidden units), found 0"),
        (dict(x=[[1]], y=[1], hidden=1, alpha=1), "alpha: expected a number in [0, 1) (the leaky slope alpha), found 1"),
        (dict(x=[["five"]], y=[1], hidden=1), 'x[0][0]: expected an exact number (integer, "p/q" or decimal like "-1.5e-3"), found "five"'),
        (dict(x=[["1/0"]], y=[1], hidden=1), 'x[0][0]: zero denominator in "1/0"'),
        (dict(x=[[True]], y=[1], hidden=1), "x[0][0]: expected an exact number, found the bool True"),
        (dict(x=[[None]], y=[1], hidden=1), "x[0][0]: expected an exact number"),
        (dict(x=[[1]], y=[1], hidden=1, weights=[-1]), "weights[0]: expected a positive number, found -1"),
        (dict(x=[[1]], y=[1], hidden=1, exact="maybe"), 'exact: expected "reject", "decimal" or "binary"'),
    ]
    for kwargs, message in cases:
        with pytest.raises(relucert.InputError) as err:
            relucert.Instance(**kwargs)
        assert str(err.value).startswith(message), (kwargs, str(err.value))


def test_input_error_same_as_cli(tmp_path, cli):
    bad = tmp_path / "bad.toml"
    bad.write_text('hidden = 1\nx = [[1, 2], [3]]\ny = [1, 2]\n')
    out = cli("certify", bad, "-o", tmp_path / "c.json")
    assert out.returncode == 2
    with pytest.raises(relucert.InputError) as err:
        relucert.Instance.from_toml(bad)
    assert out.stderr.strip() == f"error: {err.value}"


def test_point_shape_error():
    inst = relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1)
    with pytest.raises(relucert.InputError, match=r"z: expected 1 output weights \(hidden = 1\), found 2"):
        relucert.classify_point(inst, z=[1, 2], w=[[1, 1]])
    with pytest.raises(relucert.InputError, match=r"w\[0\]\[0\]: expected an exact number.*float"):
        relucert.classify_point(inst, z=[1], w=[[0.5, 1]])


def test_limit_error_before_any_work():
    # 4 samples in general position in the plane: 8 chambers; K = 32 is accepted by the checker
    # but C(39, 32) = 15 380 937 cell combinations exceed the limit.
    inst = relucert.Instance(x=[[1, 0], [0, 1], [1, 1], [1, -1]], y=[1, 2, 3, 4], hidden=32)
    with pytest.raises(relucert.LimitError, match=r"^the cell stage is estimated .* use --force|cell combinations \(8 chambers, K = 32\) exceed the limit 1000000"):
        relucert.certify(inst)
    with pytest.raises(relucert.LimitError, match="certificates support at most 32"):
        relucert.certify(relucert.Instance(x=[[1]], y=[1], hidden=33))


def test_families_over_the_limit_warn_and_certify_the_cells():
    x = [[1, 0, 1], [0, 1, 1], [1, 1, 1], [1, -1, 1], [2, 1, 1], [-1, 3, 1]]
    inst = relucert.Instance(x=x, y=[1, 2, 3, 4, 5, 6], hidden=2)
    with pytest.warns(RuntimeWarning, match="face/mode combinations exceed the limit"):
        cert = relucert.certify(inst, cells_only=False)
    assert cert.verdict is None and cert.minima is None and cert.loss_levels is None
    assert len(cert.cells) > 0


def test_certificate_rejected_names_the_rule():
    cert = relucert.certify(relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1))
    data = cert.to_dict()
    data["summary"]["global_min"] = "1/7"
    bad = relucert.Certificate(json.dumps(data))
    with pytest.raises(relucert.CertificateRejected) as err:
        bad.check()
    assert err.value.rule in ("global-min", "summary", "verdict", "family-spurious")
    assert str(err.value).startswith(f"rejected: rule {err.value.rule} at ")
    data = cert.to_dict()
    data["cells"][0]["loss"] = "12345"
    with pytest.raises(relucert.CertificateRejected) as err:
        relucert.Certificate(json.dumps(data)).check()
    assert err.value.rule == "cell-loss" and err.value.location and err.value.detail


def test_unreadable_certificates_are_input_errors(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "relucert/1", ')
    with pytest.raises(relucert.InputError, match="broken.json"):
        relucert.load(path)
    with pytest.raises(relucert.InputError, match="cannot read"):
        relucert.load(tmp_path / "missing.json")
    with pytest.raises(relucert.InputError, match="cannot read"):
        relucert.check(tmp_path / "missing.json")
    # A relucert/2 stream cut short (no trailer): load and check name the file and the reason.
    relucert.certify(relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1)).save(tmp_path / "whole.jsonl")
    lines = (tmp_path / "whole.jsonl").read_text().splitlines(keepends=True)
    (tmp_path / "cut.jsonl").write_text("".join(lines[:5]))
    with pytest.raises(relucert.InputError, match="cut.jsonl.*trailer"):
        relucert.load(tmp_path / "cut.jsonl")
    with pytest.raises(relucert.CertificateRejected):
        relucert.check(tmp_path / "cut.jsonl")


def test_output_errors(tmp_path):
    cert = relucert.certify(relucert.Instance(x=[[1]], y=[1], hidden=1))
    with pytest.raises(OSError, match="does not exist"):
        cert.save(tmp_path / "no" / "such" / "dir.json")
    with pytest.raises(OSError, match="does not exist"):
        cert.save(tmp_path / "no" / "x.cert.jsonl.gz")
    with pytest.raises(OSError, match="does not exist"):
        relucert.certify(relucert.Instance(x=[[1]], y=[1], hidden=1), output=tmp_path / "no" / "x.json")


def test_bad_arguments():
    inst = relucert.Instance(x=[[1]], y=[1], hidden=1)
    with pytest.raises(relucert.InputError, match="jobs"):
        relucert.certify(inst, jobs=0)
    with pytest.raises(TypeError, match="progress"):
        relucert.certify(inst, progress="yes")
    with pytest.raises(relucert.InputError, match="instance"):
        relucert.certify([[1]])
    assert relucert.certify(inst, jobs=1).global_min == F(0)
