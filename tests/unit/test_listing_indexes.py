"""The hub's listing indexes keep only the keys and the attributes lists filter on (keys.LISTED_ATTRIBUTES),
so a write that changes nothing a list filters on costs the indexes nothing. A list filtering on an
attribute the indexes do not keep would silently find nothing: these tests make that impossible."""

from __future__ import annotations

import pytest

from ledgerlet.hub import keys
from ledgerlet.hub.documents import DocumentStore, ListQuery
from tests.support.hub import hub_table_properties
from tests.unit.test_applet_declarations import _kinds


def test_both_indexes_project_the_listed_attributes_within_dynamodbs_limit() -> None:
    indexes = hub_table_properties()["GlobalSecondaryIndexes"]
    assert [index["IndexName"] for index in indexes] == [keys.BY_CODE_INDEX, keys.BY_NAME_INDEX]
    for index in indexes:
        assert index["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(keys.LISTED_ATTRIBUTES)}
    # DynamoDB: at most 100 projected non-key attributes summed over every secondary index of a table
    assert sum(len(index["Projection"]["NonKeyAttributes"]) for index in indexes) <= 100
    assert len(set(keys.LISTED_ATTRIBUTES)) == len(keys.LISTED_ATTRIBUTES)


def test_every_filter_a_kind_declares_is_kept_by_the_indexes() -> None:
    missing = {kind.doc_type: set(kind.filters) - set(keys.LISTED_ATTRIBUTES) for kind in _kinds()}
    assert {doc_type: names for doc_type, names in missing.items() if names} == {}


def test_a_list_filtering_on_an_attribute_the_indexes_do_not_keep_is_refused() -> None:
    store = DocumentStore("tnt_01TEST", db=object())  # type: ignore[arg-type]  # refused before any request
    with pytest.raises(ValueError, match="outstanding"):
        store.list_documents("SALESINVOICE", ListQuery(limit=10, equals={"outstanding": "0.00"}))
