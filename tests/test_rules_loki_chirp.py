"""Loki / THOR IOC files read back the way Loki reads them, and CISA CHIRP files load with CHIRP's loader and
compile with yara-python the way CHIRP compiles them."""

from __future__ import annotations

import codecs
import re

import yaml
import yara
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.corpus.model import Indicator
from compiler.corpus.vocab import Tlp
from compiler.outputs.rules.loki import filename_regex
from tests.rules_support import context, corpus_of, emit, fixture_corpus, real_context, real_corpus

# --- Loki's own reading logic, as in Neo23x0/Loki loki.py (initialize_*_iocs) ----------------------


def loki_hashes(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines(keepends=True):
        if re.search(r"^#", line) or re.search(r"^[\s]*$", line):
            continue
        row = line.split(";")
        found[row[0].lower()] = row[1].rstrip(" ").rstrip("\n")
    return found


WINDOWS_ENV = {"ProgramFiles": "C:\\Program Files"}


def replace_env_vars(regex: str) -> str:
    """Loki's replaceEnvVars: the first %VAR% becomes the environment's value, regex-escaped."""
    res = re.search(r"([@]?%[A-Za-z_]+%)", regex)
    if res:
        name = res.group(1).replace("%", "").replace("@", "")
        if name in WINDOWS_ENV:
            regex = regex.replace(res.group(1), re.escape(WINDOWS_ENV[name]))
    return regex


def loki_filenames(text: str) -> list[tuple[re.Pattern[str], str, str]]:
    found = []
    last_comment = ""
    for line in text.splitlines(keepends=True):
        if re.search(r"^[\s]*$", line):
            continue
        if re.search(r"^#", line):
            last_comment = line.lstrip("#").lstrip(" ").rstrip("\n")
            continue
        row = line.rstrip(" ").rstrip("\n\r").split(";")
        assert len(row) == 2, line
        found.append((re.compile(replace_env_vars(row[0])), row[1], last_comment))
    return found


def loki_c2(text: str) -> dict[str, str]:
    found = {}
    last_comment = ""
    for line in text.splitlines(keepends=True):
        if re.search(r"^#", line) or re.search(r"^[\s]*$", line):
            last_comment = line.lstrip("#").lstrip(" ").rstrip("\n")
            continue
        c2 = line.rstrip("\n").split(";")[0]
        if len(c2) >= 4:
            found[c2.lower()] = last_comment
    return found


def test_loki_reads_every_hash_name_and_c2_value_of_the_fixture() -> None:
    corpus = fixture_corpus()
    files = {k: codecs.decode(v, "utf-8") for k, v in emit("loki", corpus, context()).items()}
    hashes = loki_hashes(files["rules/loki/hash-iocs.txt"])
    assert set(hashes) == {
        "a615d0df38e2b76eba630700b0fb2cc129160f649038d52ebb450a2b044dc064",
        "4bde187b0aad9fea7ee72bcc7bff4c4dcb7eca03",
        "55fa4997295e71a8e5e878c2eddae16a",
    }  # not the TLP:AMBER one, not the expired one
    assert hashes["a615d0df38e2b76eba630700b0fb2cc129160f649038d52ebb450a2b044dc064"].endswith(
        'Test file one, its "content" is known'
    )
    c2 = loki_c2(files["rules/loki/c2-iocs.txt"])
    assert set(c2) == {
        "198.51.100.23",
        "2001:db8::23",
        "198.51.100.0/28",
        "xn--bcher-kva.example",
        "c2.rules-test.example",
    }
    regexes = loki_filenames(files["rules/loki/filename-iocs.txt"])
    assert len(regexes) == 5 and all(score == "80" for _, score, _ in regexes)
    samples = {
        "C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\x;y'z#.aspx": True,
        "c:\\INETPUB\\wwwroot\\aspnet_client\\system_web\\X;Y'Z#.ASPX": True,  # Windows paths: any case
        "C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\x;y'z#.aspx.bak": False,
        "D:\\inetpub\\wwwroot\\aspnet_client\\system_web\\x;y'z#.aspx": False,
        '/var/www/html/"q"*?\\|.php': True,
        '/var/www/html/"Q"*?\\|.php': False,  # POSIX paths keep their case
        'D:\\upload\\we"ird;na*me?.aspx': True,
        'D:\\upload\\we"ird;na*me?.aspx.txt': False,
        "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\ü ö.aspx": True,
    }
    for path, expected in samples.items():
        assert any(r.search(path) for r, _, _ in regexes) == expected, path


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\"),
        min_size=1,
        max_size=30,
    )
)
def test_file_name_regexes_match_exactly_their_name(name: str) -> None:
    name = name.strip() or "x"
    ind = Indicator(type="file-name", value=name, set_id="s", index=0, confidence=50, valid_from="2024-01-01")
    regex = filename_regex(ind)
    assert ";" not in regex and not regex.startswith("#")
    pattern = re.compile(regex)
    assert pattern.search("C:\\some\\dir\\" + name) and pattern.search("/srv/" + name)
    assert not pattern.search("C:\\some\\dir\\" + name + "x")


def _chirp(corpus_files: dict[str, bytes]) -> list[dict[str, object]]:
    docs: list[dict[str, object]] = []
    for data in corpus_files.values():
        docs.extend(yaml.safe_load_all(data.decode("utf-8")))  # CHIRP's loader
    return docs


def test_chirp_documents_load_and_their_yara_compiles_as_chirp_compiles_it() -> None:
    for corpus, ctx in ((fixture_corpus(), context()), (real_corpus(), real_context())):
        docs = _chirp(emit("chirp", corpus, ctx))
        for doc in docs:
            assert set(doc) == {"name", "description", "confidence", "ioc_type", "indicator"}
            assert isinstance(doc["confidence"], int) and 1 <= doc["confidence"] <= 10
        yara_docs = [d for d in docs if d["ioc_type"] == "yara"]
        names = [d["name"] for d in yara_docs]
        assert len(names) == len(set(names))
        rules = yara.compile(sources={d["name"]: d["indicator"]["rule"] for d in yara_docs})  # type: ignore[index]
        assert all(d["indicator"]["files"] == "\\**" for d in yara_docs)  # type: ignore[index]
        if corpus is fixture_corpus():
            assert [m.rule for m in rules.match(data=b"iocc test file one\n")] == [
                "rules_test_2024_file_hashes_1"
            ]
            network = next(d for d in docs if d["ioc_type"] == "network")
            ips = network["indicator"]["ips"].splitlines()  # type: ignore[index]
            assert set(ips) == {
                "198.51.100.23",
                "2001:db8::23",
                "xn--bcher-kva.example",
                "c2.rules-test.example",
            }


def test_chirp_leaves_out_amber_sets_at_tlp_clear_and_keeps_them_at_amber() -> None:
    clear = b"".join(emit("chirp", fixture_corpus(), context()).values())
    amber = b"".join(emit("chirp", fixture_corpus(), context(tlp=Tlp.AMBER)).values())
    assert b"192.0.2.201" not in clear and b"192.0.2.201" in amber


def test_chirp_hash_rules_split_into_parts() -> None:
    values = [("md5", f"{n:032x}") for n in range(2500)]
    docs = _chirp(emit("chirp", corpus_of(values), context()))
    assert [d["name"] for d in docs] == [f"rules-test-2024: file hashes (part {n} of 3)" for n in (1, 2, 3)]
    yara.compile(sources={str(d["name"]): d["indicator"]["rule"] for d in docs})  # type: ignore[index]


def test_chirp_files_load_back_exactly() -> None:
    from compiler.outputs.rules.chirp import documents as chirp_documents
    from compiler.outputs.rules.select import live

    odd = [("ipv4", "198.51.100.1"), ("domain", "a.example"), ("sha256", "0" * 64)]
    for corpus, ctx in ((fixture_corpus(), context()), (corpus_of(odd), context())):
        files = emit("chirp", corpus, ctx)
        want = [d for lv in live(corpus, ctx) for d in chirp_documents(lv, 1000)]
        assert _chirp(files) == want
