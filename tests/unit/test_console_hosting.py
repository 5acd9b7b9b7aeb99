"""template.yaml hosts the console as AWS would: a private bucket read only by CloudFront (origin access
control), client-side routes answered with index.html, and /v1/* forwarded uncached to the API."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.support.hub import template_resources

RESOURCES = template_resources()


def distribution() -> dict[str, Any]:
    return dict(RESOURCES["ConsoleDistribution"]["Properties"]["DistributionConfig"])


def test_the_bucket_is_private_and_read_only_by_the_distribution() -> None:
    bucket = RESOURCES["ConsoleBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    statements = RESOURCES["ConsoleBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    allow = next(s for s in statements if s["Effect"] == "Allow")
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in allow["Condition"]["StringEquals"]
    console_origin = next(o for o in distribution()["Origins"] if o["Id"] == "console")
    assert "OriginAccessControlId" in console_origin


def test_the_api_is_forwarded_uncached_with_every_method() -> None:
    config = distribution()
    api = next(b for b in config["CacheBehaviors"] if b["PathPattern"] == "/v1/*")
    assert api["TargetOriginId"] == "api"
    assert {"POST", "PATCH", "PUT", "DELETE"} <= set(api["AllowedMethods"])
    assert api["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # Managed-CachingDisabled
    assert "CustomErrorResponses" not in config  # they would rewrite the API's problem details too


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/", "/index.html"),
        ("/customers/cus_01JD3V1T7Q8ZK4N2M5P6R7S8T9", "/index.html"),
        ("/ledger/trial-balance", "/index.html"),
        ("/assets/index-CylbdsQq.js", "/assets/index-CylbdsQq.js"),
        ("/favicon.ico", "/favicon.ico"),
        ("/v1.2/reports", "/index.html"),
    ],
)
def test_client_side_routes_are_answered_with_index_html(uri: str, served: str) -> None:
    code = RESOURCES["ConsoleRoutesFunction"]["Properties"]["FunctionCode"]
    script = code + f"\nconsole.log(JSON.stringify(handler({{request: {{uri: {json.dumps(uri)}}}}}).uri));"
    answer = subprocess.run(
        ["node", "-e", script],  # Node.js: the console build needs it too
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(answer.stdout) == served
