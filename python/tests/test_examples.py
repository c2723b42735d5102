"""The issue's examples and SPEC §9's worked examples, with exact expected values.

relucert's loss is (1/N)·Σ; the decomposition paper's figures use (1/2)·Σ, so with N = 3 its
losses are 3/2 times ours (4/25 there is 8/75 here)."""

from fractions import Fraction as F

import pytest

import relucert

FIG3_X = [[-1, 1], [2, 1], [1, 3]]
FIG3_Y = [1, 2, 3]


@pytest.fixture(scope="module")
def fig3_h2():
    inst = relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=2)
    return inst, relucert.certify(inst, jobs=2, progress=False)


def test_issue_example_verdict_and_global_min(fig3_h2):
    _, cert = fig3_h2
    assert (cert.verdict, cert.global_min) == ("spurious-minima", F(0))
    assert isinstance(cert.global_min, F)


def test_fig3_h2_cells(fig3_h2):
    """SPEC §9: h = 2: 21 cells; loss 0 in 7 of them (5 genuine)."""
    _, cert = fig3_h2
    cells = cert.cells
    assert len(cells) == 21
    zero = [c for c in cells if c.loss == 0]
    assert len(zero) == 7
    assert sum(c.genuine for c in zero) == 5
    assert sum(c.multiplicity for c in cells) == 36
    assert cert.summary["genuine"] == 17
    assert cert.summary["losses"] == [F(0), F(8, 75), F(1, 3), F(4, 3), F(3), F(10, 3), F(13, 3), F(14, 3)]
    for c in cells:
        assert isinstance(c.loss, F)
        assert (c.witness is not None) == c.genuine
        assert len(c.chambers) == 2


def test_fig3_h2_loss_levels(fig3_h2):
    _, cert = fig3_h2
    levels = cert.loss_levels
    assert [lv.loss for lv in levels] == [F(0), F(8, 75), F(1, 3), F(4, 3), F(3), F(10, 3), F(13, 3), F(14, 3)]
    assert [lv.spurious for lv in levels] == [False] + [True] * 7
    assert sum(lv.families for lv in levels) == len(cert.minima) == 72
    inst, _ = fig3_h2
    for lv in levels:
        # Each level's witness is a local minimum with exactly that loss (checked independently).
        point = relucert.classify_point(inst, z=lv.witness.z, w=lv.witness.w)
        assert point.local_min
        assert point.loss == lv.loss
    summary = cert.summary_json()
    assert summary["verdict"] == "spurious-minima" and summary["global_min"] == "0"
    assert summary["levels"][1]["loss"] == "8/75" and summary["levels"][1]["spurious"] is True
    assert set(summary["levels"][0]["witness"]) == {"z", "w", "c"}


def test_fig3_h2_minima_are_typed(fig3_h2):
    _, cert = fig3_h2
    for fam in cert.minima:
        assert isinstance(fam.loss, F)
        assert all(isinstance(v, F) for v in fam.witness.z)
        assert len(fam.faces) == 2 and len(fam.modes) == 2
        assert fam.spurious == (fam.loss > 0)


def test_check_accepts(fig3_h2):
    _, cert = fig3_h2
    report = cert.check()
    assert report.startswith("accepted: N = 3, d = 2, K = 2: 6 chambers")
    assert "72 families of minima verified" in report


def test_fig3_h1_six_cells():
    """SPEC §9: h = 1: six cells, losses 4/25, 1/2, 2, 5, 13/2, 7 in (1/2)Σ; 1/2 and 2 not genuine."""
    cert = relucert.certify(relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=1))
    losses = sorted((c.loss, c.genuine) for c in cert.cells)
    half_sum = [(loss * F(3, 2), genuine) for loss, genuine in losses]
    assert half_sum == [(F(4, 25), True), (F(1, 2), False), (F(2), False), (F(5), True), (F(13, 2), True), (F(7), True)]


def test_liu_fig2():
    """SPEC §9: x = (1,0), (0,1), y = (1,1), K = 1: chambers -- loss 1, +- and -+ loss 1/2, ++ loss 0 with R* = (1,1)."""
    inst = relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1)
    cert = relucert.certify(inst)
    by_chamber = {c.chambers[0]: c for c in cert.cells}
    assert {k: c.loss for k, c in by_chamber.items()} == {"--": F(1), "+-": F(1, 2), "-+": F(1, 2), "++": F(0)}
    assert by_chamber["++"].genuine and by_chamber["++"].solution_dim == 0
    assert by_chamber["++"].witness.R == ((F(1), F(1)),)
    assert cert.global_min == 0 and cert.verdict == "spurious-minima"


def test_liu_fig2_y_minus_one():
    """SPEC §9: with y = (1,−1) the ++ cell has R* = (1,−1), not genuine."""
    cert = relucert.certify(relucert.Instance(x=[[1, 0], [0, 1]], y=[1, -1], hidden=1))
    plus = [c for c in cert.cells if c.chambers == ("++",)][0]
    assert not plus.genuine and plus.witness is None
    assert cert.global_min == F(1, 2)


def test_decomposition_fig2():
    """SPEC §9: x = −2, 2, y = −3, −1: minima at loss 1/2 (global), 9/2 and 5 (w = 0, z > 0), spurious."""
    inst = relucert.Instance(x=[[-2], [2]], y=[-3, -1], hidden=1)
    cert = relucert.certify(inst)
    assert cert.global_min == F(1, 2)
    levels = [(lv.loss, lv.spurious) for lv in cert.loss_levels]
    assert levels == [(F(1, 2), False), (F(9, 2), True), (F(5), True)]
    dead = [f for f in cert.minima if f.loss == 5][0]
    assert dead.witness.w == ((F(0),),) and dead.witness.z[0] > 0
    assert not dead.differentiable
    assert relucert.arrangement(inst, faces=True).face_count == 3


def test_classify_point_issue_example():
    inst = relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=1)
    p = relucert.classify_point(inst, z=[1], w=[[0, 1]])
    # f(x_i) = relu(x_i2) = 1, 1, 3 against y = 1, 2, 3: loss (0 + 1 + 0)/3.
    assert p.loss == F(1, 3)
    assert p.residuals == (F(0), F(-1), F(0))
    assert p.faces == ("+++",)
    assert p.local_min is False
    d = p.descent
    assert d["derivative"] < 0 and d["loss_at_step"] < p.loss
    assert isinstance(d["step"], F)


def test_classify_point_local_min():
    inst = relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1)
    p = relucert.classify_point(inst, z=["1"], w=[[F(1), "1"]])
    assert p.local_min and p.loss == 0 and p.multipliers is not None and p.descent is None


def test_arrangement_example():
    a = relucert.arrangement(relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=2))
    assert a.chamber_count == 6 and len(a.chambers) == 6 and a.faces is None
    assert len({c.signs for c in a.chambers}) == 6
    x = [[-1, 1], [2, 1], [1, 3]]
    for ch in a.chambers:
        for s, xi in zip(ch.signs, x):
            value = sum(F(wi) * xj for wi, xj in zip(ch.witness, xi))
            assert (value > 0) == (s == "+") and (value < 0) == (s == "-")
    faces = relucert.arrangement(relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=2), faces=True)
    assert faces.face_count == len(faces.faces) == 13


def test_generic_general_position_and_rare(fixtures):
    g = relucert.generic(relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=2))
    assert g.general_position is True and g.subset_size == 2 and g.subsets_examined == 3
    assert g.chambers == {"hyperplanes": 3, "counted": 6, "general_position_formula": 6, "equal": True}
    assert g.rare is None
    with pytest.raises(relucert.InputError, match="alpha"):
        relucert.generic(relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=2), rare=True)
    dep = relucert.generic(relucert.Instance.from_toml(fixtures / "generic_dependent.toml"))
    assert dep.general_position is False and dep.dependency is not None
    assert all(isinstance(v, F) for v in dep.dependency)


def test_generic_rare_fixtures(fixtures):
    rare = relucert.generic(relucert.Instance.from_toml(fixtures / "rare_balanced.toml"), rare=True)
    assert rare.rare is True and rare.witness is not None
    assert all(isinstance(v, F) for v in rare.witness["lambda"])
    perturbed = relucert.generic(relucert.Instance.from_toml(fixtures / "rare_perturbed.toml"), rare=True)
    assert perturbed.rare is False and perturbed.witness is None


def test_repr_html(fig3_h2):
    _, cert = fig3_h2
    html = cert._repr_html_()
    assert "spurious-minima" in html and "8/75" in html and "<table>" in html
    assert "verdict='spurious-minima'" in repr(cert)
    # The report's pictures, inline: the arrangement of Fig. 3 (d = 2: six chambers, each
    # labelled by its sign string) and the histogram of the 21 cells' subglobal losses.
    assert html.count("<figure") == 2 and html.count("<svg") == 2
    assert 'id="arrangement-figure" data-dim="2" data-chambers="6"' in html
    assert 'id="histogram-figure"' in html


def test_report_file(tmp_path):
    """Liu Fig. 2 (d = 2, K = 1): the page has the arrangement, the histogram and the loss
    along the circle, and the checker's verdict."""
    inst = relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1)
    cert = relucert.certify(inst)
    assert cert._repr_html_().count("<figure") == 3
    page = tmp_path / "liu.html"
    assert cert.report(page, title="Liu Fig. 2") is True
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>") and "<title>relucert report: Liu Fig. 2</title>" in text
    assert 'id="circle-figure"' in text and 'id="checker" class="ok"' in text
    assert [p.name for p in tmp_path.iterdir()] == ["liu.html"], "no temporary file left"
    with pytest.raises(OSError, match="does not exist"):
        cert.report(tmp_path / "no" / "x.html")


def test_instance_forms():
    from decimal import Decimal

    a = relucert.Instance(x=[["-1", F(1)], [2, "1.0"], [Decimal("1"), "3/1"]], y=[1, "2", 3.0], hidden=2, exact="decimal")
    b = relucert.Instance(x=FIG3_X, y=FIG3_Y, hidden=2)
    assert a == b
    c = relucert.Instance(x=[[1], [2]], y=[1, 2], hidden=1, bias=True, alpha="1/10", output_bias=True)
    assert c.x == ((F(1), F(1)), (F(2), F(1))) and c.d == 2 and c.alpha == F(1, 10) and c.output_bias
    cert = relucert.certify(c)
    assert cert.instance == c
    assert cert.minima[0].witness.c is not None
    cert.check()


def test_installed_package_is_used():
    """`make test` installs the release wheel into a clean environment and tests that copy."""
    import os

    if os.environ.get("RELUCERT_EXPECT_INSTALLED"):
        assert "site-packages" in relucert.__file__, relucert.__file__
    assert relucert._native.CERTIFICATE_FORMAT == "relucert/1"
