"""Every hub subscription's filter policy is one SNS accepts (at most five keys, at most 150 combinations of
values; moto counts them more strictly than AWS, weighting by depth, and the local runtime runs on moto):
a filter that grows past it stops the product from starting."""

import json

import pytest

from ledgerlet.domains import DOMAINS

SUBSCRIPTIONS = [(domain.name, subscription) for domain in DOMAINS for subscription in domain.subscriptions]


@pytest.mark.parametrize(("domain", "subscription"), SUBSCRIPTIONS, ids=[s.name for _, s in SUBSCRIPTIONS])
def test_sns_accepts_the_filter_policy(domain: str, subscription: object) -> None:
    import boto3
    from moto import mock_aws

    with mock_aws():
        sns = boto3.client("sns", region_name="ap-southeast-1")
        sqs = boto3.client("sqs", region_name="ap-southeast-1")
        topic = sns.create_topic(Name="hub-events")["TopicArn"]
        queue = sqs.create_queue(QueueName=f"{domain}-queue")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=arn,
            Attributes={
                "FilterPolicy": json.dumps(subscription.filter),  # type: ignore[attr-defined]
                "FilterPolicyScope": "MessageBody",
            },
        )


def test_there_are_subscriptions_to_check() -> None:
    assert {s.name for _, s in SUBSCRIPTIONS} >= {"LedgerPosting", "StockCosting", "EInvoiceQueueing"}
