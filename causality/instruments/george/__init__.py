"""George criteria for drug-induced thrombocytopenia: its name, sources and criteria, which the registry reads
for every case. The scoring is in ``scorer``, loaded only when a pair the criteria apply to is assessed."""

from __future__ import annotations

from causality.instruments import Citation, InstrumentInfo

INFO = InstrumentInfo(
    name="george",
    title="George criteria for drug-induced thrombocytopenia",
    summary="Four criteria (timing and recovery, other drugs, other causes, re-exposure): Definite to Unlikely.",
    citations=(Citation("George JN, et al. Ann Intern Med 1998;129:886."),),
)

CRITERIA = {
    1: "drug preceded thrombocytopenia, and recovery was complete and sustained after stopping it",
    2: "the drug was the only one used before onset, or other drugs were continued or reintroduced with "
    "sustained normal platelet counts",
    3: "other causes of thrombocytopenia were excluded",
    4: "re-exposure to the drug caused recurrent thrombocytopenia",
    5: "drug-dependent platelet antibodies demonstrated (Oklahoma extension)",
}
