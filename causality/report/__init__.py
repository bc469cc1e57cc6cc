"""Printable assessment reports: one view of the case, rendered through Jinja2 templates."""
