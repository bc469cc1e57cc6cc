"""Exports that other systems read: FHIR R5 and R4B bundles, ICH E2B(R3) messages.

Imported only by `causality export` (and the CIOMS I report), never at start-up: FHIR validation pulls in
fhir.resources and pydantic, which take longer to import than `causality score` takes to start.
"""
