"""Certificates cross between Python and the command line both ways."""

import json

import pytest

import relucert


@pytest.mark.parametrize("fixture", ["decomposition_fig3_h2", "decomposition_fig2", "liu_fig2"])
def test_python_certificate_accepted_by_cli(tmp_path, cli, fixtures, fixture):
    cert = relucert.certify(relucert.Instance.from_toml(fixtures / f"{fixture}.toml"))
    path = tmp_path / "py.cert.json"
    cert.save(path)
    out = cli("check", path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith(f"{path}: accepted: ")
    # Byte-identical to the command line's certificate for the same instance. The package
    # decides every face/mode multiset, so the CLI runs the unreduced search too.
    cli_path = tmp_path / "cli.cert.json"
    made = cli("certify", fixtures / f"{fixture}.toml", "--no-reduce", "-o", cli_path)
    assert made.returncode == 0, made.stderr
    assert cli_path.read_text() == path.read_text()


def test_cli_certificate_accepted_by_python(tmp_path, cli, fixtures):
    path = tmp_path / "cli.cert.json"
    out = cli("certify", fixtures / "decomposition_fig3_h1.toml", "-o", path)
    assert out.returncode == 0, out.stderr
    cert = relucert.load(path)
    assert cert.check().startswith("accepted: N = 3, d = 2, K = 1")
    assert relucert.check(path).startswith("accepted: ")
    assert len(cert.cells) == 6
    assert cert.instance == relucert.Instance.from_toml(fixtures / "decomposition_fig3_h1.toml")
    # The committed certificate of the repository, too.
    committed = relucert.load(fixtures / "liu_thm3_degenerate.cert.json")
    assert committed.check().startswith("accepted: ")


def test_cli_rejects_what_python_rejects(tmp_path, cli):
    cert = relucert.certify(relucert.Instance(x=[[1, 0], [0, 1]], y=[1, 1], hidden=1))
    data = cert.to_dict()
    data["cells"][0]["loss"] = "12345"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    out = cli("check", path)
    assert out.returncode == 1
    with pytest.raises(relucert.CertificateRejected) as err:
        relucert.check(path)
    assert out.stdout.strip() == f"{path}: {err.value}"


def test_generic_certificate_both_ways(tmp_path, cli, fixtures):
    path = tmp_path / "gen.json"
    g = relucert.generic(relucert.Instance.from_toml(fixtures / "rare_balanced.toml"), rare=True, output=path)
    assert g.rare is True
    out = cli("check", path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert relucert.check(path).startswith("accepted")


def test_least_squares_and_output(tmp_path, cli, fixtures):
    path = tmp_path / "ls.cert.json"
    cert = relucert.certify(relucert.Instance.from_toml(fixtures / "liu_fig2.toml"), least_squares=True, output=path)
    assert path.read_text() == cert.text
    assert "pseudo_inverse" in cert.text
    assert cli("check", path).returncode == 0


@pytest.mark.parametrize("name", ["fig3.cert.jsonl", "fig3.cert.jsonl.gz"])
def test_streams_both_ways(tmp_path, cli, fixtures, name):
    """The issue's example: save as a relucert/2 stream (plain or gzip), load it back; the
    command line checks it, and the stream holds the records `certify` writes."""
    inst = relucert.Instance.from_toml(fixtures / "decomposition_fig3_h2.toml")
    cert = relucert.certify(inst)
    path = tmp_path / name
    cert.save(path)
    if name.endswith(".gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b"
    again = relucert.load(path)
    assert again == cert
    assert (again.verdict, again.global_min) == ("spurious-minima", 0)
    assert relucert.check(path).startswith("accepted: N = 3, d = 2, K = 2")
    out = cli("check", path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "verified: global minimum 0, verdict spurious-minima" in out.stdout
    # The same records as the command line's unreduced stream of the same instance.
    cli_path = tmp_path / ("cli." + name)
    made = cli("certify", fixtures / "decomposition_fig3_h2.toml", "--no-reduce", "-o", cli_path)
    assert made.returncode == 0, made.stderr
    assert relucert.load(cli_path) == cert
    if not name.endswith(".gz"):
        assert cli_path.read_bytes() == path.read_bytes()
    # certify(output=...) writes the stream directly.
    direct = tmp_path / ("direct." + name)
    relucert.certify(inst, output=direct)
    assert relucert.load(direct) == cert
