"""The interview loop: ask the next unanswered question, save the draft, show where the scores stand;
then review, change or override, and save the case.

No clinical rule lives here: the plan says what to ask, the case-file validator and the scoring core
turn the answers into a scored case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from causality.errors import CausalityError, DraftError, Interrupted
from causality.interview import plan
from causality.interview.drafts import Draft, resume_option
from causality.interview.partial import ASSESSMENT, Partial
from causality.interview.questions import Kind, Option, Question, Value, check_case_file

if TYPE_CHECKING:
    from causality.assessment import PairResult
    from causality.interview.register_target import RegisterTarget
    from causality.model import Case


class Prompter(Protocol):
    def ask(self, q: Question, default: Value | None = None) -> Value: ...

    def say(self, text: str = "") -> None: ...

    def page(self, text: str) -> None: ...


def _a_name(text: str) -> str | None:
    return None if text.strip() else "a name is needed: the register records who saved each version"


@dataclass
class Interview:
    prompter: Prompter
    draft: Draft
    output: Path | None = None
    register: RegisterTarget | None = None  # `assess --db`: the case is opened from and saved to a register
    asked: int = 0  # answers typed at a prompt (the review's menus not counted)
    _status: str = field(default="", repr=False)
    _problems: list[str] = field(default_factory=list, repr=False)
    _section: str = field(default="", repr=False)

    @property
    def case(self) -> Partial:
        return self.draft.case

    # --- asking -------------------------------------------------------------------------------------

    def _ask(self, q: Question, default: Value | None = None) -> Value:
        try:
            return self.prompter.ask(q, default)
        except (KeyboardInterrupt, EOFError):
            if self.draft.empty:
                raise Interrupted(None) from None
            self.draft.save()
            raise Interrupted(self.draft.path, resume_option(self.draft.path)) from None

    def _answer(self, q: Question, default: Value | None = None) -> None:
        plan.answer(self.case, q, self._ask(q, default))
        self.asked += 1
        self._save_draft()

    def _save_draft(self) -> None:
        """Save the draft; when that fails (a full disk, a folder gone), keep every answer in memory, say
        so, and let the clinician try again, choose another folder, or go on: the session never ends on it."""
        while True:
            try:
                self.draft.save()
                return
            except DraftError as exc:
                self.prompter.say(f"{exc}")
                self.prompter.say("Every answer so far is kept in memory.")
            choice = self._menu(
                "The draft could not be saved.",
                [Option("retry", "Try again", "r"), Option("folder", "Keep the draft in another folder", "f"),
                 Option("on", "Go on; try again after the next answer", "g")],
                key="draft.failed",
            )  # fmt: skip
            if choice == "on":
                return
            if choice == "folder":
                folder = self._ask(
                    Question("draft.folder", Kind.TEXT, "Folder for the draft", "Draft", "folder")
                )
                self.draft.path = Path(str(folder)).expanduser() / self.draft.path.name

    def run(self) -> Path | None:
        """Ask until every question is answered, then review. Returns the saved case file, or None.
        A resumed or loaded value that does not fit its question is asked again (shown as the default),
        never trusted and never thrown away unasked."""
        if not self.draft.empty:  # resumed or loaded; a new assessment gets its draft with the first answer
            self._save_draft()
        while True:
            q = plan.next_question(self.case)
            if q is None:
                saved, done = self._review()
                if done:
                    return saved
                continue
            if q.section != self._section:
                self._section = q.section
                if q.key.startswith("pair."):
                    self.prompter.say(f"-- {q.section}{self._onset_note(q.section)} --")
            if q.key.startswith("pair.") and q.key.endswith(".causes"):
                self._show_checklist_note(q)
            self._answer(q, q.value(self.case))
            if q.key.startswith("pair."):
                self._show_status(q.section)

    # --- scores as the answers come in ----------------------------------------------------------------

    def _assessed(self) -> tuple[Case, list[PairResult]] | None:
        from causality.assessment import assess_case
        from causality.casefile import read_case

        case, problems = read_case("interview", plan.data(self.case))
        self._problems = [f"{p.path}: {p.message}" for p in problems]
        return None if case is None or problems else (case, list(assess_case(case)))

    def _results(self) -> list[PairResult] | None:
        assessed = self._assessed()
        return None if assessed is None else assessed[1]

    def _in_full(self, case: Case, results: list[PairResult], questions: bool = False) -> str:
        """Every score of every pair, as `causality score` prints it."""
        from causality.report.view import pair_views
        from causality.table import join_blocks, render_pair

        return join_blocks(render_pair(v, questions) for v in pair_views(case, results))

    def _onset_note(self, section: str) -> str:
        r = next((r for r in self._results() or [] if f"{r.drug} x {r.reaction}" == section), None)
        return f"; onset {r.time_to_onset}" if r and r.time_to_onset_days is not None else ""

    def _show_status(self, section: str) -> None:
        """One line with where this pair's scores stand, when it changed."""
        results = self._results()
        r = next((r for r in results or [] if f"{r.drug} x {r.reaction}" == section), None)
        if r is None:
            return
        n, w = r.naranjo, r.who_umc
        status = (
            f"   so far: Naranjo {n.total} {n.category.label} (reachable {n.range.lower}..{n.range.upper}), "
            f"WHO-UMC {w.category.label.split(' /')[0] if w.category else 'none yet'}"
        )
        if status != self._status:
            self._status = status
            self.prompter.say(status)

    def _show_checklist_note(self, q: Question) -> None:
        from causality.catalogue import checklist_for

        j = int(q.key.split(".")[2])  # pair.I.J.causes
        checklist = checklist_for(self.case.reaction_term(j))
        if checklist.key != "generic":
            self.prompter.say(f"  Checklist: {checklist.title} ({checklist.source})")

    # --- review -----------------------------------------------------------------------------------------

    def _menu(self, message: str, options: list[Option], key: str = "menu") -> str:
        value = self._ask(Question(key, Kind.SELECT, message, "Review", message, options=tuple(options)))
        return str(value)

    def _summary(self, case: Case, results: list[PairResult]) -> None:
        """One screen: each pair's results and warnings, as the review and the end of the interview show."""
        from causality.report.view import pair_views

        for v in pair_views(case, results):
            who = v.who_category or f"no category met (nearest: {', '.join(v.who_nearest)})"
            self.prompter.say(f"  {v.drug} x {v.reaction}")
            self.prompter.say(
                f"    Naranjo {v.naranjo_total}: {v.naranjo_category} "
                f"(could reach {v.range_lower} to {v.range_upper})"
            )
            self.prompter.say(f"    WHO-UMC: {who}")
            for f in v.further:
                self.prompter.say(f"    {f.title}: {f.result}")
            for warning in v.warnings:
                self.prompter.say(f"    ! {warning}")
        if case.signatures:
            from causality.audit import describe

            for signature in case.signatures:  # whether each still holds for the case as it now stands
                self.prompter.say(f"  Signature: {describe(signature)}")

    def _review(self) -> tuple[Path | None, bool]:
        assessed = self._assessed()
        if assessed is None:  # the answers do not make a valid case: ask what is missing or wrong
            self.prompter.say("Some answers do not fit together; please check them:")
            for problem in self._problems:  # as `causality score` would say it, field by field
                self.prompter.say(f"  - {problem}")
            self._change()
            return None, False

        results = assessed[1]
        self.prompter.say("")
        self.prompter.say("Review")
        self._summary(*assessed)
        action = self._menu(
            "What next?",
            [
                Option("save", "Save the case", "s"),
                Option("show", "Show every answer and score in full", "f"),
                Option("change", "Change an answer", "c"),
                Option("naranjo", "Override a Naranjo answer (with a reason)", "o"),
                Option("who", "Record the assessor's WHO-UMC category (with a reason)", "w"),
                Option("instrument", "Add or skip an instrument (with a reason)", "i"),
                Option("quit", "Stop here; keep the draft to finish later", "q"),
            ],
        )
        if action == "show":
            self._show_answers()
            self.prompter.page(self._in_full(*assessed, questions=True))
        elif action == "change":
            self._change()
        elif action == "naranjo":
            self._override_naranjo(results)
        elif action == "who":
            self._override_who(results)
        elif action == "instrument":
            self._choose_instrument(results)
        elif action == "quit":
            self.prompter.say(
                f"Draft kept: {self.draft.path}\nResume with: causality assess {resume_option(self.draft.path)}"
            )
            return None, True
        elif action == "save" and self.register is not None:
            self._save_to_register(self.register, results)
            return None, True  # saved, or kept in the draft after a refusal (the clinician's choice)
        elif action == "save":
            saved = self._save(results)
            return saved, saved is not None  # not saved (declined, or the folder failed): back to the review
        return None, False

    def _show_answers(self) -> None:
        """Every answer typed at a prompt; the instruments' answers follow, each with its source."""
        section = ""
        for q in plan.plan(self.case):
            if not q.answered(self.case):
                continue
            if q.section != section:
                section = q.section
                self.prompter.say(f"{section} (asked)")
            self.prompter.say(f"  {q.label}: {q.show(q.value(self.case))}"[:80])
        self.prompter.say("")

    def _pick_pair(self, results: list[PairResult]) -> tuple[int, int, PairResult]:
        pairs = self.case.pairs()
        index = 0
        if len(pairs) > 1:
            options = [Option(str(k), self.case.pair_label(i, j)) for k, (i, j) in enumerate(pairs)]
            index = int(self._menu("Which drug and reaction?", options))
        i, j = pairs[index]
        return i, j, results[index]

    def _change(self) -> None:
        questions = [q for q in plan.plan(self.case) if q.answered(self.case)]
        pairs = {self.case.pair_label(i, j): n + 1 for n, (i, j) in enumerate(self.case.pairs())}

        def tag(q: Question) -> str:  # a long drug x reaction name would push the answer off the line
            return f"pair {pairs[q.section]}" if q.section in pairs else q.section

        options = [
            Option(str(k), f"[{tag(q)}] {q.label} = {q.show(q.value(self.case))}"[:76])
            for k, q in enumerate(questions)
        ]
        options.append(Option("back", "Back to the review"))
        picked = self._menu("Which answer?", options)
        if picked != "back":
            q = questions[int(picked)]
            self._answer(q, q.value(self.case))

    def _override_naranjo(self, results: list[PairResult]) -> None:
        from causality.instruments import naranjo as N

        i, j, result = self._pick_pair(results)
        trace = result.naranjo_trace
        options = [
            Option(item.id, f"{item.id} {item.domain}: {trace[item.id].value} ({trace[item.id].source})")
            for item in N.ITEMS
        ]
        item_id = self._menu("Which item?", options)
        item = N.ITEM_BY_ID[item_id]
        self.prompter.say(f"  {item.question}")
        answer = self._menu(
            "Answer",
            [
                Option("yes", f"Yes ({item.yes:+d})", "y"),
                Option("no", f"No ({item.no:+d})", "n"),
                Option("unknown", "Do not know (0)", "u"),
                Option("derived", "Use the answer the facts give", "d"),
            ],
        )
        self._set_with_reason(
            (i, j),
            ("naranjo", item_id, "answer"),
            None if answer == "derived" else answer,
            "Reason for the override",
        )

    def _override_who(self, results: list[PairResult]) -> None:
        from causality.instruments.who_umc import Category

        i, j, _ = self._pick_pair(results)
        options = [Option(c.value, c.label) for c in Category]
        options.append(Option("computed", "Use the computed category"))
        category = self._menu("The assessor's WHO-UMC category", options)
        self._set_with_reason(
            (i, j),
            ("who_umc_override", None, "category"),
            None if category == "computed" else category,
            "Reason for this category",
        )

    def _choose_instrument(self, results: list[PairResult]) -> None:
        """Add an instrument the reaction term did not route to, or skip one it did; the case records it."""
        from causality.instruments.registry import title

        i, j, result = self._pick_pair(results)
        options = [
            Option(
                r.instrument,
                f"{title(r.instrument)}: {'applied' if r.applies else 'not applied'} ({r.why})"[:76],
            )
            for r in result.routes
        ]
        name = self._menu("Which instrument?", options)
        use = self._menu(
            title(name),
            [Option("add", "Apply it", "a"), Option("skip", "Skip it", "s"),
             Option("routing", "Leave it to the reaction term", "r")],
        )  # fmt: skip
        self._set_with_reason(
            (i, j), ("instruments", name, "use"), None if use == "routing" else use, "Reason"
        )

    def _set_with_reason(
        self, pair: tuple[int, int], where: tuple[str, str | None, str], value: str | None, prompt: str
    ) -> None:
        """Record an assessor's answer in the pair's assessment (``group``, ``item``: e.g. the Naranjo item
        q5, or the WHO-UMC category itself when ``item`` is None) with the reason asked for it, or (None) go
        back to the computed one."""
        group, item, word = where
        held = self.case.root(("pair", *pair), create=True)
        assert held is not None
        container = held.setdefault(group, {}) if item is not None else held
        name = item if item is not None else group
        if value is None:
            container.pop(name, None)
        else:
            named = {"instruments": "instrument", "who_umc_override": "who_override"}.get(group, group)
            key = f"pair.{pair[0]}.{pair[1]}.{named}{f'.{item}' if item else ''}.reason"
            reason = self._ask(Question(key, Kind.TEXT, prompt, "Review", "reason"))
            container[name] = {word: value, "reason": reason}
            if word == "answer":
                container[name]["source"] = ASSESSMENT
        self._save_draft()

    def _save(self, results: list[PairResult]) -> Path | None:
        from causality.casefile import read_case, write_case

        case_id = str(self.case.doc.get("case_id") or "case")
        default = str(self.output or self.draft.source or f"{case_id}.yaml")
        name = self._ask(
            Question(
                "save.path",
                Kind.TEXT,
                "Save the case file as",
                "Review",
                "file",
                default=default,
                check=check_case_file,
            )
        )
        path = Path(str(name)).expanduser()
        if path.exists() and str(path) != self.draft.source:
            overwrite = self._menu(
                f"{path} exists. Replace it?", [Option("no", "No", "n"), Option("yes", "Yes", "y")]
            )
            if overwrite != "yes":
                return None
        case, problems = read_case(str(path), plan.data(self.case))
        if case is None or problems:  # cannot happen after _results() succeeded; never write a bad file
            raise CausalityError("\n".join(str(p) for p in problems))
        from causality import audit

        self._record_changes(case, audit.base_case(path, self.draft.source))
        try:
            write_case(path, case)
        except OSError as exc:
            self.prompter.say(
                f"Could not save {path}: {exc.strerror or exc}. Your answers are still in the draft."
            )
            return None
        self.draft.remove()
        self._summary(case, results)  # the whole of it is in the report, or `causality score`
        self.prompter.say(f"Saved {path}")
        self._offer_report(path)
        return path

    def _save_to_register(self, target: RegisterTarget, results: list[PairResult]) -> None:
        """Saved as the next version of the one the interview started from; refused, with who saved in
        between and what they changed, when the case moved on meanwhile: the answers then stay in the draft
        (nothing lost) unless the clinician chooses to save theirs over it, knowingly."""
        from sqlalchemy.exc import SQLAlchemyError

        from causality.casefile import read_case
        from causality.register import store

        edited, problems = read_case(target.source(), plan.data(self.case))
        if edited is None or problems:  # cannot happen after _results() succeeded; never store a bad case
            raise CausalityError("\n".join(str(p) for p in problems))
        if target.case_id is not None and edited.case_id != target.case_id:
            target.case_id, target.base, target.assessor = None, None, None  # renamed: a new case
        try:  # one assessor's edit goes back beside the others' assessments; the version it started from
            case, before = target.whole(edited, target.base), target.base_case()
        except (CausalityError, SQLAlchemyError) as exc:  # unreachable, refused, full...
            self._not_saved_to_register(exc)
            return
        # Several people work on one register: the one saving says who they are (the case's, or the opened
        # assessor's, name offered), for the case's history and the register's record.
        offered = edited.assessor.name if edited.assessor and edited.assessor.name else None
        who = str(
            self._ask(
                Question("save.by", Kind.TEXT, "Your name, for the register's record of this save", "Review",
                         "who is saving", default=offered or "", check=_a_name)
            )
        ).strip()  # fmt: skip
        self._record_changes(case, before, by=who)
        edited.history, edited.signatures = case.history, case.signatures
        base = target.base
        while True:
            try:
                version = store.save(target.engine(), case, base, who, store.INTERVIEW)
                break
            except (CausalityError, SQLAlchemyError) as exc:
                self._not_saved_to_register(exc)
                return
            except store.Conflict as conflict:
                self.prompter.say(str(conflict))
                choice = self._menu(
                    "Your answers are kept. What now?",
                    [Option("keep", "Keep them in the draft, to look at the register's version first", "k"),
                     Option("over", f"Save yours as version {conflict.current + 1} (theirs stays in the "
                                    "register's history)", "s")],
                    key="save.conflict",
                )  # fmt: skip
                if choice != "over":
                    self.draft.save()
                    self.prompter.say(
                        f"Not saved. Your answers are in the draft {self.draft.path}. See the register's version "
                        f"with: causality db --db URL show {case.case_id}; then go on with: causality assess "
                        "--db URL --resume (URL: the register's address)"
                    )
                    return
                base = conflict.current
                try:  # beside the assessments as they are now
                    case, before = target.whole(edited, base), target.base_case(base)
                except (CausalityError, SQLAlchemyError) as exc:
                    self._not_saved_to_register(exc)
                    return
                # The history goes on from the version saved in between: its entry stays, and this save's
                # entry says what it takes back of it.
                self._record_changes(case, before, by=who)
                edited.history, edited.signatures = case.history, case.signatures
        self.draft.remove()
        self._summary(case, results)
        self.prompter.say(
            f"Saved {case.case_id} as version {version} in the register {store.shown(target.url)}"
        )

    def _not_saved_to_register(self, exc: Exception) -> None:
        """The register could not be read or written (a server gone, a lock, a refusal): say why in one
        line and keep every answer in the draft, as a file that cannot be written does."""
        from causality.register import store

        self.draft.save()
        reason = str(exc).splitlines()[0] if isinstance(exc, CausalityError) else store.reason(exc)
        self.prompter.say(f"Could not save to the register: {reason}. Your answers are still in the draft "
                          f"{self.draft.path} (causality assess --db URL --resume).")  # fmt: skip

    def _record_changes(self, case: Case, base: Case | None, by: str | None = None) -> None:
        """A new case is marked with when it was assessed. A change to an existing one (``base``: the file
        saved over, else the one the interview started from, or the register's version) is added to its
        history, with who made it and, where needed, why; its history and signatures are carried over, and
        it is marked as assessed now only if something changed."""
        import dataclasses

        from causality import audit
        from causality.casefile import mark_assessed

        if base is None:
            case.history, case.signatures = [], []
            mark_assessed(case)  # the report prints when it was assessed, not when it was printed
            return
        case.history, case.signatures = list(base.history), list(base.signatures)
        before = audit.document(dataclasses.replace(base, shorthand=False))
        case.assessed_at = base.assessed_at
        if case.assessed_at is None or audit.document(case) != before:
            mark_assessed(case)
        found, unexplained = audit.changes(before, audit.document(case))
        if not found:
            return
        audit.check_signatures(case)  # as saved: a change leaves no signature holding
        broken = audit.first_break(base)
        if broken is not None:  # never hidden: the new entry goes after it, and verify goes on saying so
            self.prompter.say(
                f"Note: the history of this case is broken at entry {broken.number} "
                f"({audit.when(broken.entry.at)}, {broken.entry.by}): {broken.why}. These changes are "
                "added after it; causality verify will go on reporting it."
            )
        named = by or (case.assessor.name if case.assessor and case.assessor.name else None)
        why = (
            "the case was signed"
            if base.signatures
            else "an override was taken back"
            if unexplained
            else None
        )
        answers = {
            q.key: str(self._ask(q)).strip() for q in plan.history_questions(by=named is None, reason=why)
        }
        audit.append(
            case, found, named or answers["save.by"], answers.get("save.reason"), audit.content_hash(base)
        )

    def _offer_report(self, case_file: Path) -> None:
        """After saving: the printable report, in the format the clinician wants, or none."""
        from causality.report.render import write_report

        fmt = self._menu(
            "Write a report too?",
            key="report.format",
            options=[
                Option("no", "No", "n"),
                Option("pdf", "PDF", "p"),
                Option("html", "HTML (print from a browser)", "h"),
                Option("md", "Markdown", "m"),
                Option("txt", "Plain text", "t"),
            ],
        )
        if fmt == "no":
            return
        name = self._ask(
            Question(
                "report.path",
                Kind.TEXT,
                "Report file",
                "Review",
                "report",
                default=str(case_file.with_suffix(f".{fmt}")),
            )
        )
        try:
            write_report(str(case_file), str(name), fmt)
        except CausalityError as exc:  # e.g. PDF without WeasyPrint: the case is saved; say what to do
            self.prompter.say(str(exc))
            return
        self.prompter.say(f"Report written: {name}")
