"""No request gets a 5xx: every API operation fuzzed from the OpenAPI schema, and the dashboard's
pages fuzzed on the parameters that reach the library (codes, years, knots).

The example budget is small (the suite must stay fast); panels are kept to one year so a
generated request never builds the 1.9-million-row dyad-year panel.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (the fuzz test needs the 'dev' extra)"
)
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BUDGET = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples every run: a failure here is reproducible
)


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_api_operation_answers_5xx(web_app, client, mode: str) -> None:
    """Each operation of /api/openapi.json with valid (positive) and invalid (negative) input."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web_app)
    generation = schemathesis.GenerationMode(mode)
    failures: list[tuple] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @BUDGET
        @given(operation.as_strategy(generation_mode=generation))
        def probe(case) -> None:
            if case.path == "/api/panel":  # one year at most: the fuzz is about input, not size
                case.query = {**(case.query or {}), "years": "1990"}
            # sent through the session's TestClient (schemathesis' own ASGI transport leaves
            # threads behind that abort the interpreter at exit)
            response = client.request(
                case.method,
                case.formatted_path,
                params=case.query,
                headers={k: str(v) for k, v in (case.headers or {}).items()},
            )
            if response.status_code >= 500:
                failures.append((case.path, case.path_parameters, case.query, response.text[:200]))

        try:
            probe()
        except Unsatisfiable:  # no invalid input exists (e.g. an operation without parameters)
            assert mode == "negative", operation.label
    assert not failures, failures


# Texts that broke code lists and knots before (superscript digits, double minus, floats
# that are not finite), plus whatever hypothesis makes of short unicode strings.
NASTY = ["²", "--5", "-", "١٢", "2,,", "9" * 40, "inf", "nan", "1e308", "a", "<script>", "%00"]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


@pytest.mark.parametrize(
    "template",
    [
        "/country/{x}",
        "/dyad/{x}/2",
        "/dyad/2/{x}",
        "/network/{x}",
        "/crises?ccode={x}",
        "/crises?years={x}",
        "/deterrence?ccode={x}",
        "/alerts?ccode={x}",
        "/compare?ccode={x}",
        "/compare?ccode=2,{x}&measure={x}",
        "/?year={x}&measure={x}",
        "/api/crises?ccode={x}",
        "/api/deterrence?ccode={x}",
        "/api/alerts?ccode={x}",
        "/api/map?year={x}",
        "/api/panel?unit=dyad-years&years=1990&steps=peace_years:event=gmlmid,duration=splines,"
        "knots={x}%2B4%2B7",
    ],
)
def test_no_page_or_parameter_answers_5xx(client, template: str) -> None:
    from urllib.parse import quote

    @BUDGET
    @given(text)
    def probe(value: str) -> None:
        url = template.replace("{x}", quote(value, safe=""))
        response = client.get(url)
        assert response.status_code < 500, (url, response.text[:300])

    probe()
