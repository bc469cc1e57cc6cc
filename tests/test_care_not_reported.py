"""What a reaction led to: where the case records some of it (the seed case: treatment given; admission and
stay not reported), Enter keeps the rest unrecorded, so the severity scale says "at least", never a level
drawn from facts nobody gave; unticking "not reported" records the rest as "no"."""

from __future__ import annotations

from pathlib import Path

import yaml

from causality.interview.engine import Interview
from causality.interview.session import draft_from_file
from tests.conftest import EXAMPLES
from tests.test_register_interview import Defaults


def saved(tmp_path: Path, script: dict[str, object]) -> dict[str, object]:
    out = tmp_path / "case.yaml"
    p = Defaults({"menu": "save", "save.path": str(out), "report.format": "no", **script})
    Interview(p, draft_from_file(str(EXAMPLES / "alemtuzumab.yaml"))).run()  # type: ignore[arg-type]
    data: dict[str, object] = yaml.safe_load(out.read_text(encoding="utf-8"))
    return data


def consequences(data: dict[str, object], j: int) -> dict[str, object]:
    return data["reactions"][j]["consequences"]  # type: ignore[index,no-any-return]


def test_enter_keeps_what_is_not_reported_unrecorded(tmp_path: Path, private_data_home: Path) -> None:
    data = saved(tmp_path, {})
    for j in (0, 1):
        c = consequences(data, j)
        assert c.get("treatment") == "yes"
        assert "admission" not in c and "intensive_care" not in c and "extra_days" not in c


def test_unticking_not_reported_records_the_rest_as_no(tmp_path: Path, private_data_home: Path) -> None:
    data = saved(tmp_path, {"reaction.0.care": ["treatment"]})  # the clinician knows: nothing else happened
    c = consequences(data, 0)
    assert (c["treatment"], c["admission"], c["intensive_care"], c["permanent_harm"], c["extra_days"]) == (
        "yes", "no", "no", "no", 0)  # fmt: skip
    assert "admission" not in consequences(data, 1)  # the other reaction left as the file had it
