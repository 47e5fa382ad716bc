"""The reference date for lifecycle decisions: explicit, SOURCE_DATE_EPOCH, else the data; never the clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.corpus.asof import as_of_date

ROOT = Path(".")


def test_explicit_wins() -> None:
    assert as_of_date(ROOT, "2021-03-20", ["2021-03-16"], {"SOURCE_DATE_EPOCH": "0"}) == "2021-03-20"


def test_source_date_epoch_is_a_utc_date() -> None:
    assert as_of_date(ROOT, None, ["2021-03-16"], {"SOURCE_DATE_EPOCH": "1615939199"}) == "2021-03-16"
    assert as_of_date(ROOT, None, ["2021-03-16"], {"SOURCE_DATE_EPOCH": "1615939200"}) == "2021-03-17"


def test_else_the_latest_date_in_the_data() -> None:
    dates = ["2021-03-02", "2021-03-16", "2021-03-05T10:07:29.0421232Z"]
    assert as_of_date(ROOT, None, dates, {}) == "2021-03-16"
    assert as_of_date(ROOT, None, [], {}) == "1970-01-01"


@pytest.mark.parametrize(
    ("explicit", "env"), [("2021-02-30", {}), ("yesterday", {}), (None, {"SOURCE_DATE_EPOCH": "soon"})]
)
def test_malformed_input_is_an_error_not_a_fallback(explicit: str | None, env: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        as_of_date(ROOT, explicit, ["2021-03-16"], env)


def test_the_clock_is_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime

    class NoClock(datetime.datetime):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> NoClock:
            raise AssertionError("the wall clock was read")

    monkeypatch.setattr(datetime, "datetime", NoClock)
    assert as_of_date(ROOT, None, ["2021-03-16"], {}) == "2021-03-16"
