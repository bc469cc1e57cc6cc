"""ALDEN: its name and sources, which the registry reads for every case. The algorithm is in ``scorer``,
loaded only when SJS or TEN is assessed."""

from __future__ import annotations

from causality.instruments import Citation, InstrumentInfo

INFO = InstrumentInfo(
    name="alden",
    title="ALDEN (Algorithm of Drug causality for Epidermal Necrolysis)",
    summary="SJS/TEN: six criteria for every drug taken, the last comparing the drugs; -12 to +10.",
    citations=(
        Citation(
            "Sassolas B, Haddad C, Mockenhaupt M, Dunant A, Liss Y, Bork K, Haustein UF, Vieluf D, Roujeau JC, "
            "Le Louet H. ALDEN, an algorithm for assessment of drug causality in Stevens-Johnson syndrome and "
            "toxic epidermal necrolysis: comparison with case-control analysis. Clin Pharmacol Ther "
            "2010;88(1):60-68.",
            doi="10.1038/clpt.2009.252",
            note="Where several drugs score above 3, the published wording of criterion 6 allows two readings: "
            "both are computed and shown.",
        ),
    ),
)
