import pytest

from tests.test_models import _event
from veille.schema import SchemaError, plover_schema, validate_record


def test_schema_is_versioned_draft_2020_12():
    schema = plover_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert "1.0" in schema["$id"]


def test_schema_accepts_a_built_record():
    validate_record(_event().to_record())


@pytest.mark.parametrize(
    ("field", "value"),
    [("event", "PRAISE"), ("quad_class", 7), ("actor", []), ("date", "12/05/2025"), ("modality", "maybe")],
)
def test_schema_rejects_bad_fields(field, value):
    rec = _event().to_record()
    rec[field] = value
    with pytest.raises(SchemaError, match=field):
        validate_record(rec)


def test_schema_requires_a_url_or_path():
    rec = _event().to_record()
    del rec["cite_info"]["path"]
    with pytest.raises(SchemaError):
        validate_record(rec)
