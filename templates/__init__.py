"""Jinja2 templates for printable reports; shipped inside the wheel as ``causality.templates``."""
