"""`iocc import`: canonical values, duplicates skipped and reported, the target file's comments kept."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from compiler.authoring.fmt import format_text
from compiler.authoring.merge import corpus_keys, merge
from compiler.authoring.readers import detect_format, guess_type, reader, stamp, tlp_of
from compiler.cli import main
from compiler.corpus.asof import reference_date
from compiler.corpus.kinds import canonical, dedupe_key
from compiler.corpus.load import compose, to_data
from compiler.corpus.model import Corpus
from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.outputs.context import build_context
from compiler.outputs.registry import emitters
from compiler.pipeline import check, load_corpus
from tests.corpus_fixtures import FIXTURES, REPO

DATA = REPO.parent / "shared" / "data"
IMPORT = FIXTURES / "import"
# Microsoft's public feed (github.com/Azure/Azure-Sentinel, Sample Data/Feeds/, TLP:WHITE), kept as a
# fixture so the test runs in any clone; beside a checkout, the shared copy must be the same file.
MSTIC = IMPORT / "MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv"


def test_the_fixture_feed_is_the_shared_file() -> None:
    shared = DATA / MSTIC.name
    if shared.is_file():
        assert shared.read_bytes() == MSTIC.read_bytes()
    assert MSTIC.read_bytes().count(b"\n") >= 152


def _new_repo(tmp_path: Path, advisory: str = "test-import-2025") -> Path:
    """An empty repository with one new advisory and one new, empty indicator set `feed`."""
    root = tmp_path / "repo"
    (root / "advisories").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    assert main(["new", "advisory", advisory, "--date", "2025-01-02", "--root", str(root)]) == 0
    assert main(["new", "indicators", advisory, "feed", "--tlp", "clear", "--root", str(root)]) == 0
    return root


def _set_path(root: Path, advisory: str = "test-import-2025") -> Path:
    return root / "indicators" / advisory / "feed.yaml"


def _indicators(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    data = to_data(compose(text, path.name), path.name)
    assert isinstance(data, dict)
    items: list[dict[str, str]] = data["indicators"]
    return items


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    return code, capsys.readouterr().out.splitlines()


def test_microsoft_csv_into_an_empty_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The feed has 152 rows: 45 sha256, 104 filepath, 3 domainname. Five file paths repeat an earlier
    row exactly, so an empty set gains 147 indicators and the five repeats are reported as duplicates."""
    root = _new_repo(tmp_path)
    target = _set_path(root)
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "indicators: []", "# from Microsoft's feed\nindicators: []"
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    code, out = _run(capsys, "import", str(MSTIC), "--into", "feed", "--root", str(root))
    assert code == 0
    added = [line for line in out if line.startswith("added")]
    skipped = [line for line in out if line.startswith("skipped")]
    assert (len(added), len(skipped)) == (147, 5)
    assert all("duplicate: repeats row" in line for line in skipped)
    assert {line.split("(")[-1].split(")")[0] for line in skipped} == {
        f"row {n}" for n in (39, 43, 49, 50, 51)
    }
    items = _indicators(target)
    assert [sum(1 for i in items if i["type"] == t) for t in ("sha256", "file-path", "domain")] == [45, 99, 3]
    rows = [line.split(",") for line in MSTIC.read_text(encoding="utf-8").splitlines()[1:]]
    assert {r[2] for r in rows} == {i["value"] for i in items}  # every distinct row value is there
    text = target.read_text(encoding="utf-8")
    assert "# from Microsoft's feed\n" in text and text.startswith("# yaml-language-server:")
    assert "first_seen: '2021-03-05T10:07:29.0421232Z'" in text
    assert format_text(text, "indicator-set") == text  # the file stays in fmt's canonical form
    # a second import adds nothing and says why
    code, out = _run(capsys, "import", str(MSTIC), "--into", "feed", "--root", str(root))
    assert code == 0 and not [line for line in out if line.startswith("added")]
    assert sum("duplicate: already at indicators/test-import-2025/feed.yaml:" in line for line in out) == 152
    assert target.read_text(encoding="utf-8") == text
    # check refuses the set for its TODO placeholders (and the skeleton advisory it names), never for a value
    codes = {d.code for d in check(root).diagnostics if d.location.path.startswith("indicators/")}
    assert "IOC305" in codes and codes <= {"IOC303", "IOC305"}


@cache
def _real() -> Corpus:
    return published(load_corpus(REPO))


REAL = [a.id for a in _real().advisories if a.tlp == Tlp.CLEAR and _real().sets_of(a.id)]


@cache
def _bundle(advisory: str) -> tuple[Corpus, bytes]:
    corpus = _real()
    emission = emitters()["stix"](corpus, build_context(REPO, as_of=reference_date(corpus)))
    data = next(a.data for a in emission.artifacts if a.path == f"stix/{advisory}.json")
    return corpus, data


@pytest.mark.parametrize("advisory", REAL)
def test_a_stix_bundle_built_by_iocc_imports_as_the_same_indicators(tmp_path: Path, advisory: str) -> None:
    corpus, bundle = _bundle(advisory)
    parsed = reader("stix")(bundle.decode("utf-8"))
    root = _new_repo(tmp_path)
    merged = merge(_set_path(root).read_text(encoding="utf-8"), parsed, corpus_keys(root))
    assert all(o.reason == "revoked in the source" for o in merged.skipped), merged.skipped[:3]
    tree = to_data(compose(merged.text, "x"), "x")
    got = {(i["type"], i["value"]) for i in tree["indicators"] if "value" in i}
    want = {
        dedupe_key(i.type, i.value)
        for s in corpus.sets_of(advisory)
        if s.tlp == Tlp.CLEAR
        for i in s.indicators
        if not i.is_rule and i.withdrawn is None
    }
    assert {dedupe_key(t, v) for t, v in got} == want
    rules = sorted(i["type"] for i in tree["indicators"] if "rule" in i)
    want_rules = sorted(
        i.type
        for s in corpus.sets_of(advisory)
        if s.tlp == Tlp.CLEAR
        for i in s.indicators
        if i.is_rule and i.withdrawn is None
    )
    assert rules == want_rules


@pytest.mark.parametrize("advisory", REAL)
def test_importing_the_same_bundle_into_the_real_corpus_adds_nothing(advisory: str) -> None:
    corpus, bundle = _bundle(advisory)
    parsed = reader("stix")(bundle.decode("utf-8"))
    target = REPO / corpus.sets_of(advisory)[0].path
    merged = merge(target.read_text(encoding="utf-8"), parsed, corpus_keys(REPO))
    assert merged.added == ()
    assert all(
        o.reason.startswith("duplicate: already at indicators/") or o.reason == "revoked in the source"
        for o in merged.skipped
    )


def test_free_text_with_defanged_values(tmp_path: Path) -> None:
    parsed = reader("text")((IMPORT / "blog-post.txt").read_text(encoding="utf-8"))
    found = [(c.type, canonical(c.type, c.value), c.origin) for c in parsed.candidates]
    assert found == [
        ("url", "http://c2.evil-shell.example/gate.php?id=7", "line 3"),
        ("url", "https://cdn.bad-updates.example/x.js", "line 3"),
        ("ipv4", "198.51.100.23", "line 4"),
        ("cidr", "203.0.113.0/24", "line 4"),
        ("ipv6", "2001:db8::bad", "line 4"),
        ("email", "ops@mail.evil-shell.example", "line 5"),
        ("file-path", "C:\\ProgramData\\Microsoft\\Crypto\\it.exe", "line 5"),
        ("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "line 6"),
        ("md5", "098f6bcd4621d373cade4e832627b4f6", "line 6"),
        ("domain", "payload-store.top", "line 7"),
        ("domain", "staging.evil-shell.top", "line 7"),
    ]


def test_misp_event(tmp_path: Path) -> None:
    parsed = reader("misp")((IMPORT / "event.misp.json").read_text(encoding="utf-8"))
    assert [(c.type, c.value) for c in parsed.candidates] == [
        ("sha256", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"),
        ("ipv4", "198.51.100.23"),
        ("ipv4", "198.51.100.24"),
        ("file-path", "C:\\inetpub\\wwwroot\\aspnet_client\\z.aspx"),
        ("file-name", "z.aspx"),
        ("md5", "098f6bcd4621d373cade4e832627b4f6"),
    ]
    assert parsed.candidates[1].first_seen == "2021-03-03T10:00:00.000000Z"
    assert {c.tlp for c in parsed.candidates} == {"clear"}
    reasons = sorted(r.reason for r in parsed.rejected)
    assert reasons == [
        "MISP type 'AS' has no iocc type",
        "deleted in MISP",
        "to_ids is off: context, not an indicator",
    ]


def test_chirp_file() -> None:
    parsed = reader("chirp")((IMPORT / "indicators.chirp.yaml").read_text(encoding="utf-8"))
    assert [(c.type, c.name) for c in parsed.candidates] == [
        ("ipv4", None),
        ("domain", None),
        ("yara", "test-web-shell"),
    ]
    assert [r.reason for r in parsed.rejected] == [
        "neither an IP address nor a domain",
        "CHIRP events indicators have no iocc type",
    ]


def test_rules_and_merge_keep_their_text(tmp_path: Path) -> None:
    root = _new_repo(tmp_path)
    target = _set_path(root)
    parsed = reader("chirp")((IMPORT / "indicators.chirp.yaml").read_text(encoding="utf-8"))
    merged = merge(target.read_text(encoding="utf-8"), parsed, corpus_keys(root))
    tree = to_data(compose(merged.text, "x"), "x")
    rule = tree["indicators"][2]
    assert rule["type"] == "yara" and rule["name"] == "test-web-shell"
    assert rule["rule"].startswith("rule test_web_shell\n{\n")
    again = merge(merged.text, parsed, corpus_keys(root))
    assert len(again.added) == 3  # the corpus on disk does not hold them yet ...
    target.write_text(merged.text, encoding="utf-8")
    assert merge(merged.text, parsed, corpus_keys(root)).added == ()  # ... once it does, none is new


def test_values_marked_above_the_set_are_skipped(tmp_path: Path) -> None:
    root = _new_repo(tmp_path)
    target = _set_path(root)
    text = target.read_text(encoding="utf-8").replace("tlp: amber", "tlp: clear")
    feed = "Indicator,IndicatorType,TLP\n198.51.100.7,ip,Amber\n198.51.100.8,ip,White\n"
    merged = merge(text, reader("csv")(feed), {})
    assert [o.value for o in merged.added] == ["198.51.100.8"]
    assert merged.skipped[0].reason.startswith("marked TLP:AMBER, more restrictive than the set's TLP:CLEAR")
    assert merged.skipped[0].code == "IOC801"


def test_invalid_values_are_skipped_with_the_reason() -> None:
    merged = merge("id: s\ntlp: clear\nindicators: []\n", reader("csv")("sha256\nabc\n"), {})
    assert merged.added == ()
    assert merged.skipped[0].reason == "invalid: not a SHA-256 hash: expected 64 hexadecimal digits"


def test_csv_column_kinds() -> None:
    typed = reader("csv")("ip,source\n103.77.192[.]219,x\n2001:db8::1,y\n")
    assert [(c.type, c.value) for c in typed.candidates] == [
        ("ipv4", "103.77.192[.]219"),
        ("ipv6", "2001:db8::1"),
    ]
    ua = reader("csv")("user_agent_iis_log_form,context\nantSword/v2.1,x\n")
    assert [(c.type, c.value) for c in ua.candidates] == [("user-agent", "antSword/v2.1")]
    bare = reader("csv")("value\nevil[.]example.top\n")
    assert [c.type for c in bare.candidates] == ["domain"]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("d41d8cd98f00b204e9800998ecf8427e", "md5"),
        ("da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1"),
        ("hxxp://x[.]example/a", "url"),
        ("1.2.3[.]4", "ipv4"),
        ("10.0.0.0/8", "cidr"),
        ("2001:db8::1", "ipv6"),
        ("a[@]b[.]example", "email"),
        ("C:\\x\\y.exe", "file-path"),
        ("evil(dot)example", "domain"),
        ("just words", None),
    ],
)
def test_guess_type(value: str, kind: str | None) -> None:
    assert guess_type(value) == kind


def test_small_helpers() -> None:
    assert stamp("2021-03-05T10:07:29.0421232Z") == "2021-03-05T10:07:29.0421232Z"
    assert stamp("2021-03-05 10:07:29") == "2021-03-05T10:07:29Z"
    assert stamp("yesterday") is None
    assert (tlp_of("White"), tlp_of("TLP:AMBER"), tlp_of("tlp:amber+strict"), tlp_of("x")) == (
        "clear",
        "amber",
        "amber+strict",
        None,
    )
    assert detect_format(Path("a.csv"), "") == "csv"
    assert detect_format(Path("a.json"), json.dumps({"Event": {}})) == "misp"
    assert detect_format(Path("a.json"), json.dumps({"type": "bundle"})) == "stix"
    assert detect_format(Path("a.yaml"), "ioc_type: network\n") == "chirp"
    assert detect_format(Path("a.txt"), "hello") == "text"


def test_import_reports_a_missing_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _new_repo(tmp_path)
    assert main(["import", str(IMPORT / "blog-post.txt"), "--into", "nope", "--root", str(root)]) == 2
    assert "no indicator set 'nope'" in capsys.readouterr().err
