"""Causality instruments: each folder holds one instrument's published data, its pure scorer and its entry
(:mod:`causality.instruments.base`); :mod:`causality.instruments.registry` lists them."""

from __future__ import annotations

from causality.instruments.base import Citation as Citation
from causality.instruments.base import InstrumentInfo as InstrumentInfo
