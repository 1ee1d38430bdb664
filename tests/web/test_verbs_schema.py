"""Property-based requests to every declared verb's endpoint: never a 500, always the schema.

schemathesis generates query strings from the OpenAPI parameters the declarations produce
(types, choices, year patterns, repeated lists) and also malformed ones; every answer must be a
2xx table or a 4xx ``{"detail": ...}``, never a server error.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (extra: dev; CI installs it)"
)
from hypothesis import HealthCheck, given, settings  # noqa: E402

from detente.tables import all_verbs  # noqa: E402

VERB_PATHS = "|".join(f"/api/{v.name}" for v in all_verbs())


def test_verbs_never_fail_on_generated_requests(web_app, client) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web_app)
    operations = [r.ok() for r in schema.include(path_regex=f"^({VERB_PATHS})$").get_all_operations()]
    assert len(operations) == len(all_verbs())
    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            response = client.get(case.formatted_path, params=case.query)
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            if response.status_code >= 400:
                assert "detail" in response.json()

        check()
