"""The published JSON Schema of veille's PLOVER record, and a validator for it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["plover_schema", "validate_record", "SchemaError"]


class SchemaError(ValueError):
    """A record does not validate against the PLOVER schema."""


@cache
def plover_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("plover-event.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator() -> Any:
    import jsonschema

    schema = plover_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate_record(record: dict[str, Any]) -> None:
    """Raise SchemaError naming every problem of `record`."""
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.path))
    if errors:
        problems = "; ".join(f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}" for e in errors)
        raise SchemaError(problems)

