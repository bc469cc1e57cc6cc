"""`causality assess --db`: a case opened from the register and saved back as its next version; two
assessors saving one case from the same version: one is saved, the other refused with who and what, and
its answers kept in the draft (nothing lost), to be saved over knowingly or later."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from causality.cli import cli
from causality.interview.drafts import load
from causality.interview.engine import Interview
from causality.interview.register_target import RegisterTarget
from causality.interview.session import draft_from_register, start
from tests.conftest import EXAMPLES
from tests.fake_prompter import Editing, FakePrompter, InTurn

# What `assess` asks of the digoxin example (the rest is in the file).
DIGOXIN_ASKED: dict[str, Any] = {
    "pair.0.0.information": "adequate",
    "reaction.0.care": (),
    "pair.0.0.preventability": (),
    "pair.0.0.conclusion": "",
}


def listed(url: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(
        cli, ["db", "--db", url, "list", "--instrument", "naranjo", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def imported(url: str) -> str:
    result = CliRunner().invoke(cli, ["db", "--db", url, "import", str(EXAMPLES / "digoxin-toxicity.yaml")])
    assert result.exit_code == 0, result.output
    return url


def shown(url: str) -> str:
    return CliRunner().invoke(cli, ["db", "--db", url, "show", "DIG-2024-007"]).output


def test_a_case_opened_from_the_register_is_saved_as_its_next_version(
    register_url: str, private_data_home: Path
) -> None:
    url = imported(register_url)
    p = FakePrompter({**DIGOXIN_ASKED, "menu": "save", "save.by": "Dr Reg Smith"})
    assert start(from_file="DIG-2024-007", resume=False, output=None, prompter=p, db_url=url) is None
    assert "save.path" not in p.asked  # no file: the register
    assert any(line.startswith("Saved DIG-2024-007 as version 2 in the register") for line in p.said)
    assert {r["version"] for r in listed(url)} == {2}
    text = shown(url)
    assert "information: adequate" in text and "history:" in text  # the first save starts the case's history
    trail = CliRunner().invoke(cli, ["db", "--db", url, "audit", "DIG-2024-007", "--format", "json"])
    actions = [(r["action"], r["version"]) for r in json.loads(trail.output)]
    assert ("imported", 1) in actions and ("saved", 2) in actions and ("change", 2) in actions
    assert not list((private_data_home / "adr-causality" / "drafts").glob("draft-*.json"))


def test_two_assessors_save_one_version_one_is_refused_and_keeps_every_answer(
    register_url: str,
    private_data_home: Path,
) -> None:
    url = imported(register_url)
    # Both open version 1.
    ann, ben = RegisterTarget(url), RegisterTarget(url)
    ann_draft, ben_draft = draft_from_register(ann, "DIG-2024-007"), draft_from_register(ben, "DIG-2024-007")
    # Ann changes the age and saves first.
    script: dict[str, Any] = {
        **DIGOXIN_ASKED,
        "menu": InTurn("change", "save"),
        "age": "83",
        "save.by": "Ann",
    }
    Interview(Editing(script, change="age = 82"), ann_draft, register=ann).run()
    assert {r["version"] for r in listed(url)} == {2}
    # Ben changes the conclusion from the same version: refused, told by whom and what, answers kept.
    script = {**DIGOXIN_ASKED, "pair.0.0.conclusion": "digoxin toxicity, probable", "menu": "save",
              "save.conflict": "keep", "save.by": "Ben"}  # fmt: skip
    p = FakePrompter(script)
    Interview(p, ben_draft, register=ben).run()
    refusal = next(line for line in p.said if "not saved" in line)
    assert "you started from version 1, and since then Ann (version 2" in refusal
    assert "patient.age: 82 -> 83 (yours: 82)" in refusal  # what Ann changed, and what Ben's draft holds
    assert "history" not in refusal and "assessed_at" not in refusal  # bookkeeping is not news
    assert "causality assess --db URL --resume" in "\n".join(p.said)
    assert {r["version"] for r in listed(url)} == {2} and "age: 83" in shown(url)
    kept = load(ben_draft.path)
    assert kept.case.doc["assessments"][0]["conclusion"] == "digoxin toxicity, probable"
    # Resumed, Ben saves his over Ann's, knowingly: version 3; Ann's stays in the register's versions.
    p = FakePrompter({"menu": "save", "save.conflict": "over", "save.by": "Ben"})
    assert start(from_file=None, resume=False, output=None, prompter=p, draft_file=str(ben_draft.path),
                 db_url=url) is None  # fmt: skip
    assert {r["version"] for r in listed(url)} == {3}
    text = shown(url)
    assert "digoxin toxicity, probable" in text and "age: 82" in text
    assert "version 3 of 3" in text.splitlines()[0]
    earlier = CliRunner().invoke(cli, ["db", "--db", url, "show", "DIG-2024-007", "--version", "2"]).output
    assert "version 2 of 3" in earlier and "age: 83" in earlier  # Ann's version is still there to read
    trail = json.loads(
        CliRunner().invoke(cli, ["db", "--db", url, "audit", "DIG-2024-007", "-f", "json"]).output
    )
    assert [(r["action"], r["who"]) for r in trail if r["action"] == "saved"] == [
        ("saved", "Ann"),
        ("saved", "Ben"),
    ]


def test_a_register_draft_goes_back_to_its_register_only(
    register_url: str, private_data_home: Path, tmp_path: Path
) -> None:
    url = imported(register_url)
    draft = draft_from_register(RegisterTarget(url), "DIG-2024-007")
    draft.save()
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    result = CliRunner().invoke(cli, ["assess", "--draft", str(draft.path), "--db", other])
    # assess needs a terminal: the refusal to use another register comes first only in-process
    from causality.errors import UsageError

    try:
        start(from_file=None, resume=False, output=None, prompter=FakePrompter({}), draft_file=str(draft.path),
              db_url=other)  # fmt: skip
    except UsageError as exc:
        assert "this draft was started in the register" in str(exc) and "--db" in str(exc)
    else:
        raise AssertionError("a draft of one register was opened with another")
    assert result.exit_code != 0


class Defaults:
    """Answers what the script names; takes every other question's default (Enter), as a hurried clinician
    would. For what this file tests, the answers themselves do not matter, only whose assessments change."""

    def __init__(self, script: dict[str, Any]) -> None:
        self.script, self.said, self.asked = script, [], []  # type: ignore[var-annotated]

    def say(self, text: str = "") -> None:
        self.said.append(text)

    def page(self, text: str) -> None:
        self.said.append(text)

    def ask(self, q: Any, default: Any = None) -> Any:
        from causality.interview.questions import Kind

        self.asked.append(q.key)
        if q.key in self.script:
            return self.script[q.key]
        value = q.default if default is None else default
        if q.kind is Kind.CHECKBOX:
            return list(value or [])
        if q.kind is Kind.SELECT:
            return value if value is not None else q.options[-1].value
        return value if value is not None else ""


def test_one_assessor_opens_their_own_assessments_and_the_others_stay_as_they_were(
    register_url: str, private_data_home: Path
) -> None:
    import yaml

    files = [str(EXAMPLES / "agreement" / f"alemtuzumab-{who}.yaml") for who in ("ann", "bo")]
    assert CliRunner().invoke(cli, ["db", "--db", register_url, "import", *files]).exit_code == 0

    def stored() -> dict[str, Any]:
        text = CliRunner().invoke(cli, ["db", "--db", register_url, "show", "ALEM-2024-001"]).output
        return yaml.safe_load(text.split("\n", 1)[1])

    def by(doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
        return [p for p in doc["assessments"] if (p.get("assessor") or {}).get("name") == name]

    before = stored()
    p = Defaults({"register.assessor": "1", "pair.0.0.conclusion": "possible: infection was not ruled out",
                  "menu": "save"})  # fmt: skip
    start(from_file="ALEM-2024-001", resume=False, output=None, prompter=p, db_url=register_url)  # type: ignore[arg-type]
    assert p.asked[0] == "register.assessor"  # two assessors: whose is asked first
    after = stored()
    assert by(after, "Ann Lee") == by(before, "Ann Lee")  # untouched, word for word
    bo = by(after, "Bo Chen")
    assert [x["reaction"] for x in bo] == ["generalized petechiae", "epistaxis"]
    assert bo[0]["conclusion"] == "possible: infection was not ruled out"
    assert (
        after["assessor"]["name"] == "Ann Lee"
    )  # the case's own assessor stays; each assessment names its own
    assert after["history"][-1]["by"] == "Bo Chen"
    assert {r["version"] for r in listed(register_url)} == {3}


def test_a_register_gone_before_the_save_keeps_the_answers(
    tmp_path: Path, private_data_home: Path, monkeypatch: Any
) -> None:
    """The server goes away between opening the case and saving it: the version it started from cannot be
    read back. One line says so; the draft keeps the change (no internal error, nothing lost)."""
    import sqlalchemy as sa

    from causality.register import store

    url = imported(f"sqlite:///{tmp_path / 'r.sqlite'}")
    target = RegisterTarget(url)
    draft = draft_from_register(target, "DIG-2024-007")

    def gone(*args: object, **kwargs: object) -> object:
        raise sa.exc.OperationalError("SELECT versions ...", {}, Exception("server closed the connection"))

    monkeypatch.setattr(store, "version_document", gone)
    script = {**DIGOXIN_ASKED, "menu": InTurn("change", "save", "quit"), "age": "83", "save.by": "Ann"}
    p = Editing(script, change="age = 82")
    Interview(p, draft, register=target).run()
    said = [line for line in p.said if line.startswith("Could not save to the register")]
    assert said and "server closed the connection" in said[0]
    assert load(draft.path).case.doc["patient"]["age"] == 83
