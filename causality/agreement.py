"""How far assessors agree: on each instrument's category, on each Naranjo item, and Naranjo against WHO-UMC.

Pure and standard library only (imported by `causality agreement` alone). The statistics work on tables of
counts; :func:`ratings` turns assessed pairs into what is counted, and :func:`agreement` counts it.

- Observed agreement: the share of pairs both assessors put in the same category (three or more: the share
  of agreeing assessor pairs per pair, averaged, as Fleiss defines it).
- Cohen's kappa (two assessors) with the large-sample standard error of Fleiss, Cohen and Everitt (1969),
  as SAS PROC FREQ reports it, and the 95 % confidence interval kappa +- 1.96 SE.
- Weighted kappa (Cicchetti-Allison linear and Fleiss-Cohen quadratic weights) over the ordered categories
  of the scale, every one included whether used or not.
- Fleiss' kappa (1971) for three or more assessors.
- Gwet's AC1 (2008), whose chance agreement does not collapse when one category dominates (the kappa
  paradox); the marginal totals are given with it so that the paradox can be seen.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution

# --- statistics on tables of counts --------------------------------------------------------------------


def _proportions(table: Sequence[Sequence[int]]) -> tuple[list[list[float]], list[float], list[float], int]:
    n = sum(sum(row) for row in table)
    if n == 0:
        raise ValueError("an empty table")
    p = [[c / n for c in row] for row in table]
    rows = [sum(row) for row in p]
    cols = [sum(p[i][j] for i in range(len(p))) for j in range(len(p))]
    return p, rows, cols, n


def observed_agreement(table: Sequence[Sequence[int]]) -> float:
    """The share of subjects on the diagonal of a two-assessor table."""
    p, _, _, _ = _proportions(table)
    return sum(p[i][i] for i in range(len(p)))


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa with its standard error and 95 % confidence interval; None where it is undefined."""

    value: float | None
    se: float | None = None
    ci: tuple[float, float] | None = None


def cohen_kappa(table: Sequence[Sequence[int]]) -> Kappa:
    """Cohen's kappa of a square table (rows: one assessor, columns: the other) with its standard error.

    Undefined (None) when chance agreement is complete: both assessors put every subject in one category.
    """
    p, rows, cols, n = _proportions(table)
    k = len(p)
    po = sum(p[i][i] for i in range(k))
    pe = sum(rows[i] * cols[i] for i in range(k))
    if math.isclose(pe, 1.0):
        return Kappa(None)
    kappa = (po - pe) / (1 - pe)
    # Fleiss, Cohen & Everitt (1969): the asymptotic variance, not the one under the null hypothesis.
    a = sum(p[i][i] * (1 - (rows[i] + cols[i]) * (1 - kappa)) ** 2 for i in range(k))
    b = (1 - kappa) ** 2 * sum(
        p[i][j] * (cols[i] + rows[j]) ** 2 for i in range(k) for j in range(k) if i != j
    )
    c = (kappa - pe * (1 - kappa)) ** 2
    variance = max(a + b - c, 0.0) / (n * (1 - pe) ** 2)
    se = math.sqrt(variance)
    return Kappa(kappa, se, (kappa - Z95 * se, kappa + Z95 * se))


def weighted_kappa(table: Sequence[Sequence[int]], weights: str) -> float | None:
    """Weighted kappa of a square table whose categories are in their order: ``linear`` weights
    1 - |i - j| / (k - 1), ``quadratic`` 1 - (i - j)^2 / (k - 1)^2. None where undefined."""
    p, rows, cols, _ = _proportions(table)
    k = len(p)
    if k < 2:
        return None
    power = {"linear": 1, "quadratic": 2}[weights]
    w = [[1 - (abs(i - j) / (k - 1)) ** power for j in range(k)] for i in range(k)]
    po = sum(w[i][j] * p[i][j] for i in range(k) for j in range(k))
    pe = sum(w[i][j] * rows[i] * cols[j] for i in range(k) for j in range(k))
    if math.isclose(pe, 1.0):
        return None
    return (po - pe) / (1 - pe)


def _raters_per_subject(counts: Sequence[Sequence[int]]) -> int:
    sizes = {sum(row) for row in counts}
    if len(sizes) != 1 or min(sizes) < 2:
        raise ValueError("every subject needs the same number of ratings, at least two")
    return sizes.pop()


def fleiss_observed(counts: Sequence[Sequence[int]]) -> float:
    """The mean share of agreeing assessor pairs per subject (subjects x categories counts)."""
    m = _raters_per_subject(counts)
    return sum((sum(c * c for c in row) - m) / (m * (m - 1)) for row in counts) / len(counts)


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' kappa of subjects x categories counts, each subject rated by the same number of assessors.
    None where undefined (every rating in one category)."""
    m = _raters_per_subject(counts)
    total = m * len(counts)
    shares = [sum(row[j] for row in counts) / total for j in range(len(counts[0]))]
    pe = sum(s * s for s in shares)
    if math.isclose(pe, 1.0):
        return None
    return (fleiss_observed(counts) - pe) / (1 - pe)


def gwet_ac1(counts: Sequence[Sequence[int]]) -> float | None:
    """Gwet's AC1 of subjects x categories counts (two or more ratings per subject), over every category of
    the scale (the columns, used or not). None for a scale of one category."""
    q = len(counts[0])
    if q < 2:
        return None
    pa = fleiss_observed(counts)
    pi = [sum(row[j] / sum(row) for row in counts) / len(counts) for j in range(q)]
    pe = sum(x * (1 - x) for x in pi) / (q - 1)
    return (pa - pe) / (1 - pe)


def counts_of(table: Sequence[Sequence[int]]) -> list[list[int]]:
    """A two-assessor table as subjects x categories counts (one row per subject)."""
    k = len(table)
    out = []
    for i in range(k):
        for j in range(k):
            row = [0] * k
            row[i] += 1
            row[j] += 1
            out.extend([row] * table[i][j])
    return out


# --- what is counted -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    """One assessment of one pair: who made it, in which role, and each instrument's category."""

    pair: tuple[str, str, str]  # case_id, drug, reaction as written
    rater: str  # the assessor's name, else the file it came from
    role: str  # independent, consensus or adjudication
    reason: str | None
    source: str
    categories: Mapping[str, str | None]  # by instrument id; None: not applied, or no result
    items: Mapping[str, str]  # the Naranjo answers, q1..q10

    @property
    def key(self) -> tuple[str, str, str]:
        """Files with the same case_id, drug and reaction are assessments of one pair."""
        return (self.pair[0].strip(), self.pair[1].casefold().strip(), self.pair[2].casefold().strip())

    @property
    def final(self) -> bool:
        return self.role != "independent"


def rater_key(name: str) -> str:
    return " ".join(name.casefold().split())


def ratings(cases: Iterable[Any]) -> list[Rating]:
    """Every assessment of every case, scored. ``cases`` are :class:`causality.model.Case`."""
    from causality.assessment import assess_pair

    out = []
    for case in cases:
        for pair in case.assessments:
            result = assess_pair(case, pair)
            person = pair.assessor_of(case)
            rater = person.name if person is not None and person.name else case.source
            naranjo = result.naranjo_trace
            out.append(
                Rating(
                    (case.case_id, pair.drug, pair.reaction),
                    rater,
                    pair.role.value,
                    pair.reason,
                    case.source,
                    {key: r.category() for key, r in result.results.items()},
                    {key: t.value.value for key, t in naranjo.items()},
                )
            )
    return out


def twice_by_one(all_ratings: Sequence[Rating]) -> list[tuple[Rating, Rating]]:
    """Independent assessments of one pair by the same assessor (in two files): which one counts is unknown."""
    seen: dict[tuple[tuple[str, str, str], str, str], Rating] = {}
    out = []
    for r in all_ratings:
        k = (r.key, rater_key(r.rater), r.role)
        if k in seen:
            out.append((seen[k], r))
        else:
            seen[k] = r
    return out


# --- agreement on one scale ----------------------------------------------------------------------------


@dataclass
class Scale:
    """Agreement on one scale (an instrument's categories, or one Naranjo item's answers)."""

    categories: tuple[str, ...]
    ordinal: tuple[str, ...]
    raters: list[str] = field(default_factory=list)  # the assessors of the pairs counted
    per_pair: int = 0  # assessors per pair counted
    pairs: int = 0
    left_out: list[str] = field(default_factory=list)  # why each pair not counted was left out
    observed: float | None = None
    kappa: Kappa = field(default_factory=lambda: Kappa(None))
    linear: float | None = None
    quadratic: float | None = None
    weighted_pairs: int = 0
    weighted_left_out: int = 0
    fleiss: float | None = None
    ac1: float | None = None
    marginals: dict[str, dict[str, int]] = field(default_factory=dict)
    confusion: list[list[int]] | None = None
    notes: list[str] = field(default_factory=list)
    pairwise: list[Scale] = field(default_factory=list)  # three or more assessors: each two of them

    @property
    def two(self) -> bool:
        """The same two assessors assessed every pair counted: Cohen's kappa applies."""
        return self.per_pair == 2 and len(self.raters) == 2

    def data(self) -> dict[str, Any]:
        two = self.two
        return {
            "pairs": self.pairs,
            "raters": len(self.raters),
            "rater_names": list(self.raters),
            "raters_per_pair": self.per_pair or None,
            "observed_agreement": _round(self.observed),
            "cohen_kappa": _round(self.kappa.value) if two else None,
            "cohen_kappa_se": _round(self.kappa.se) if two else None,
            "cohen_kappa_ci95": [_round(x) for x in self.kappa.ci] if two and self.kappa.ci else None,
            "weighted_kappa_linear": _round(self.linear) if two else None,
            "weighted_kappa_quadratic": _round(self.quadratic) if two else None,
            "weighted_pairs": self.weighted_pairs if two and self.ordinal else None,
            "weighted_pairs_left_out": self.weighted_left_out if two and self.ordinal else None,
            "fleiss_kappa": _round(self.fleiss) if not two else None,
            "gwet_ac1": _round(self.ac1),
            "categories": list(self.categories),
            "ordinal_categories": list(self.ordinal),
            "marginals": self.marginals,
            "confusion": None
            if self.confusion is None
            else {"rows": self.raters[0], "columns": self.raters[1], "table": self.confusion},
            "pairs_left_out": len(self.left_out),
            "left_out": list(self.left_out),
            "notes": list(self.notes),
            "pairwise": [
                {
                    "raters": list(s.raters),
                    "pairs": s.pairs,
                    "observed_agreement": _round(s.observed),
                    "cohen_kappa": _round(s.kappa.value),
                    "weighted_kappa_linear": _round(s.linear),
                    "weighted_kappa_quadratic": _round(s.quadratic),
                }
                for s in self.pairwise
            ],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _names(rs: Iterable[Rating]) -> dict[str, str]:
    """Each assessor by identity (case and spacing aside), with the spelling first seen."""
    out: dict[str, str] = {}
    for r in rs:
        out.setdefault(rater_key(r.rater), r.rater)
    return dict(sorted(out.items()))


def scale(
    by_pair: Mapping[tuple[str, str, str], Sequence[tuple[str, str | None]]],
    labels: Mapping[tuple[str, str, str], str],
    raters: Mapping[str, str],
    categories: tuple[str, ...],
    ordinal: tuple[str, ...],
) -> Scale:
    """Agreement on one scale. ``by_pair``: for each pair, each assessor (by identity) with their category
    (None: no result). The pairs counted are those with results from the number of assessors most pairs
    have (two or more); the others are left out and named (a pair nobody gave a result is not named). Two
    assessors throughout: Cohen's kappa and its kin; otherwise Fleiss' kappa, which allows the assessors to
    differ from pair to pair, and Cohen's kappa of each two of them on the pairs both assessed."""
    out = Scale(categories, ordinal)
    rated: dict[tuple[str, str, str], dict[str, str]] = {}
    for key, given in by_pair.items():
        said = {k: c for k, c in given if c is not None}
        if len(said) == 1:
            out.left_out.append(f"{labels[key]}: a result from {raters[next(iter(said))]} only")
        elif said:
            rated[key] = said
    if not rated:
        out.notes.append("no pair has results from two assessors")
        return out
    sizes = Counter(len(said) for said in rated.values())
    m = max(sizes, key=lambda n: (sizes[n], n))  # assessors per pair, as most pairs have it
    for key, said in rated.items():
        if len(said) != m:
            out.left_out.append(
                f"{labels[key]}: results from {len(said)} assessors, where most pairs have {m}"
            )
    counted = [said for said in rated.values() if len(said) == m]
    order = [k for k in raters if any(k in said for said in counted)]
    out.raters, out.per_pair, out.pairs = [raters[k] for k in order], m, len(counted)
    out.marginals = {raters[k]: {c: sum(1 for said in counted if said.get(k) == c) for c in categories}
                     for k in order}  # fmt: skip
    counts = [[list(said.values()).count(c) for c in categories] for said in counted]
    out.observed = fleiss_observed(counts)
    out.ac1 = gwet_ac1(counts)
    if out.two:
        a, b = order
        index = {c: i for i, c in enumerate(categories)}
        table = [[0] * len(categories) for _ in categories]
        for said in counted:
            table[index[said[a]]][index[said[b]]] += 1
        out.confusion = table
        out.kappa = cohen_kappa(table)
        if out.kappa.value is None:
            out.notes.append("kappa cannot be computed: both assessors put every pair in one category")
        if ordinal:
            rank = {c: i for i, c in enumerate(ordinal)}
            kept = [(said[a], said[b]) for said in counted if said[a] in rank and said[b] in rank]
            out.weighted_pairs, out.weighted_left_out = len(kept), len(counted) - len(kept)
            if kept:
                wt = [[0] * len(ordinal) for _ in ordinal]
                for x, y in kept:
                    wt[rank[x]][rank[y]] += 1
                out.linear = weighted_kappa(wt, "linear")
                out.quadratic = weighted_kappa(wt, "quadratic")
            if out.weighted_left_out:
                out.notes.append(
                    f"weighted kappa leaves out {out.weighted_left_out} pair(s) with a category outside the "
                    f"ordered scale ({', '.join(c for c in categories if c not in rank)})"
                )
        return out
    out.fleiss = fleiss_kappa(counts)
    if m == 2:
        out.notes.append(
            "the pairs were assessed by different assessors: Fleiss' kappa, two assessors a pair"
        )
    if out.fleiss is None:
        out.notes.append("kappa cannot be computed: every assessor put every pair in one category")
    for a, b in combinations(order, 2):  # Cohen's kappa of each two assessors, on the pairs both assessed
        both = {key: [(k, c) for k, c in given if k in (a, b)] for key, given in by_pair.items()}
        shared = {key: given for key, given in both.items() if sum(c is not None for _, c in given) == 2}
        if shared:
            out.pairwise.append(scale(shared, labels, {a: raters[a], b: raters[b]}, categories, ordinal))
    return out


# --- agreement over a set of assessments ---------------------------------------------------------------

# Naranjo and WHO-UMC side by side: the categories that correspond (Certain and Definite, ..., Unlikely and
# Doubtful); Conditional and Unassessable have no Naranjo counterpart and are left out.
NARANJO_OF_WHO_UMC = {
    "certain": "definite",
    "probable": "probable",
    "possible": "possible",
    "unlikely": "doubtful",
}


@dataclass
class Report:
    """Agreement on every instrument, with what was not counted."""

    instruments: dict[str, Scale]
    items: dict[str, Scale]  # the Naranjo items
    naranjo_vs_who_umc: Scale | None
    assessments: int
    final: list[Rating]  # consensus and adjudication assessments: not counted, shown as the result

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: s.data() for key, s in self.instruments.items()}
        if "naranjo" in out:
            out["naranjo"]["items"] = {key: s.data() for key, s in self.items.items()}
            if self.naranjo_vs_who_umc is not None:
                out["naranjo"]["vs_who_umc"] = self.naranjo_vs_who_umc.data()
        return out


def pair_label(key: tuple[str, str, str], rs: Sequence[Rating]) -> str:
    case_id, drug, reaction = rs[0].pair
    return f"{case_id}: {drug} x {reaction}"


def agreement(
    all_ratings: Sequence[Rating], instruments: Sequence[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> Report:
    """Agreement between the independent assessments on each instrument (id, every category, the ordered
    ones; no categories: the results as worded), each Naranjo item, and Naranjo against WHO-UMC."""
    independent = [r for r in all_ratings if not r.final]
    raters = _names(independent)
    groups: dict[tuple[str, str, str], list[Rating]] = {}
    for r in independent:
        groups.setdefault(r.key, []).append(r)
    labels = {key: pair_label(key, rs) for key, rs in groups.items()}
    shown: dict[str, Scale] = {}
    for instrument, every, ordinal in instruments:
        by_pair = {
            key: [(rater_key(r.rater), r.categories.get(instrument)) for r in rs]
            for key, rs in groups.items()
        }
        used = {c for given in by_pair.values() for _, c in given if c is not None}
        if not used:
            continue  # applied to no pair
        cats = every or tuple(sorted(used))
        unknown = used - set(cats)
        if unknown:
            cats = (*cats, *sorted(unknown))
        shown[instrument] = scale(by_pair, labels, raters, cats, ordinal)
    items: dict[str, Scale] = {}
    if "naranjo" in shown:
        answers = ("yes", "no", "unknown")
        for item in (f"q{n}" for n in range(1, 11)):
            by_pair = {
                key: [
                    (rater_key(r.rater), r.items.get(item) if r.categories.get("naranjo") else None)
                    for r in rs
                ]
                for key, rs in groups.items()
            }
            items[item] = scale(by_pair, labels, raters, answers, ())
    vs = None
    if "naranjo" in shown and "who_umc" in shown:
        vs = _naranjo_vs_who_umc(independent)
    return Report(shown, items, vs, len(all_ratings), [r for r in all_ratings if r.final])


def _naranjo_vs_who_umc(rs: Sequence[Rating]) -> Scale:
    """The two instruments as two raters of every assessment, with the categories paired."""
    order = tuple(NARANJO_OF_WHO_UMC.values())
    by_pair: dict[tuple[str, str, str], list[tuple[str, str | None]]] = {}
    labels = {}
    for n, r in enumerate(rs):
        who = r.categories.get("who_umc")
        key = (str(n), r.pair[0], r.rater)
        labels[key] = f"{r.pair[0]}: {r.pair[1]} x {r.pair[2]} ({r.rater})"
        by_pair[key] = [
            ("naranjo", r.categories.get("naranjo")),
            ("who_umc", NARANJO_OF_WHO_UMC.get(who) if who else None),
        ]
    out = scale(by_pair, labels, {"naranjo": "Naranjo", "who_umc": "WHO-UMC"}, order, order)
    out.notes.append(
        "WHO-UMC categories paired with Naranjo's: certain with definite, probable with probable, possible "
        "with possible, unlikely with doubtful; conditional, unassessable and no category are left out"
    )
    return out


def disagreements(all_ratings: Sequence[Rating], instruments: Sequence[str]) -> list[dict[str, Any]]:
    """The pairs whose independent assessments differ in a category, with each assessor's result and the
    final one where a consensus or adjudication recorded it."""
    groups: dict[tuple[str, str, str], list[Rating]] = {}
    for r in all_ratings:
        groups.setdefault(r.key, []).append(r)
    out = []
    for rs in groups.values():
        independent = [r for r in rs if not r.final]
        finals = [r for r in rs if r.final]
        differ = [
            i
            for i in instruments
            if len({r.categories.get(i) for r in independent}) > 1
            and any(r.categories.get(i) is not None for r in independent)
        ]
        if len(independent) < 2 or not differ:
            continue
        case_id, drug, reaction = rs[0].pair
        out.append(
            {
                "case_id": case_id,
                "drug": drug,
                "reaction": reaction,
                "instruments": differ,
                "assessments": [
                    {"assessor": r.rater, "file": r.source, **{i: r.categories.get(i) for i in differ}}
                    for r in independent
                ],
                "final": [
                    {
                        "assessor": r.rater,
                        "role": r.role,
                        "reason": r.reason,
                        "file": r.source,
                        **{i: r.categories.get(i) for i in differ},
                    }
                    for r in finals
                ],
            }
        )
    return out
