"""Writes, one module per area. Services are keyword-only, typed, one transaction each;
they are the only place where the pure pipeline (ingest, segment, tagging) meets the ORM."""
