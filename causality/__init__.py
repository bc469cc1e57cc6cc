"""Drug-reaction causality assessment: Naranjo, WHO-UMC and the facts behind them."""

__version__ = "0.1.0"
