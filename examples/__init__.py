"""The example cases, shipped inside the wheel as ``causality.examples`` (`causality examples` writes them)."""
