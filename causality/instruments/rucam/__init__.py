"""Updated RUCAM: its name, sources and the words of the answers a case file may state, which the registry
reads for every case. The scoring is in ``scorer``, loaded only when a liver injury is assessed."""

from __future__ import annotations

from enum import StrEnum

from causality.instruments import Citation, InstrumentInfo

INFO = InstrumentInfo(
    name="rucam",
    title="Updated RUCAM (Roussel Uclaf Causality Assessment Method), 2016",
    summary="Liver injury: seven scored items on a hepatocellular or a cholestatic/mixed scale, -9 to +14.",
    citations=(
        Citation(
            "Danan G, Teschke R. RUCAM in drug and herb induced liver injury: the update. "
            "Int J Mol Sci 2016;17(1):14.",
            doi="10.3390/ijms17010014",
            note="Where published versions differ in a detail, each result says which reading it used.",
        ),
    ),
)


class Concomitant(StrEnum):
    """Item 4: the single worst applicable option."""

    NONE_OR_NO_INFORMATION = "none_or_no_information"
    INCOMPATIBLE_TIME = "incompatible_time"
    COMPATIBLE_TIME = "compatible_time"
    KNOWN_HEPATOTOXIN_COMPATIBLE_TIME = "known_hepatotoxin_compatible_time"
    EVIDENCE_FOR_ITS_ROLE = "evidence_for_its_role"


class Reexposure(StrEnum):
    """Item 7 (ALT for hepatocellular; ALP and/or bilirubin for cholestatic/mixed)."""

    DOUBLING_DRUG_ALONE = (
        "doubling_drug_alone"  # +3, provided the value was < 5 x ULN (ALP: < 2 x ULN) before
    )
    DOUBLING_WITH_SAME_DRUGS = "doubling_with_same_drugs"  # +1
    INCREASE_BELOW_ULN = "increase_below_uln"  # -2
    OTHER_OR_NOT_DONE = "other_or_not_done"  # 0
