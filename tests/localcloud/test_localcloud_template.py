from __future__ import annotations

from pathlib import Path

import pytest

from localcloud.schedules import Cron, rate_seconds
from localcloud.template import Resolver, Template, load_template, load_yaml

TEMPLATE = """
Parameters:
  Stage: {Type: String, Default: dev}
  Names: {Type: CommaDelimitedList, Default: "a,b"}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition NotProd, !Or [!Equals [1, 1], !Equals [1, 2]]]
Mappings:
  Sizes: {dev: {mem: 128}}
Globals:
  Function:
    Runtime: python3.11
    Timeout: 7
    CodeUri: src/
    Layers: [!Ref Shared]
    Environment:
      Variables: {A: global, B: global}
Resources:
  Shared: {Type: AWS::Serverless::LayerVersion, Properties: {ContentUri: shared/}}
  Table: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub "${AWS::StackName}-t"}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Timeout: 3
      Layers: [extra]
      Environment: {Variables: {B: local, C: !GetAtt Table.StreamArn}}
      Tags: !Custom {keep: me}
"""


@pytest.fixture()
def template(tmp_path: Path) -> Template:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE)
    return load_template(path)


def _resolver(template: Template, **overrides: str) -> Resolver:
    return Resolver(
        template,
        region="ap-southeast-1",
        stack_name="st",
        parameter_overrides=overrides,
        ref=lambda lid: f"phys-{lid}",
        get_att=lambda lid, attr: f"{lid}:{attr}",
    )


def test_globals_are_merged_into_functions(template: Template) -> None:
    props = template.resources["Fn"]["Properties"]
    assert props["Runtime"] == "python3.11"
    assert props["Timeout"] == 3  # the function's own value wins
    assert props["CodeUri"] == "src/"
    assert props["Layers"] == [{"Ref": "Shared"}, "extra"]
    assert props["Environment"]["Variables"] == {
        "A": "global",
        "B": "local",
        "C": {"Fn::GetAtt": ["Table", "StreamArn"]},
    }
    assert props["Tags"] == {"Fn::Custom": {"keep": "me"}}  # unknown tags are kept as data


def test_intrinsics(template: Template) -> None:
    r = _resolver(template)
    assert (
        r.resolve({"Fn::Sub": "${AWS::StackName}-${Stage}-${Table}-${Table.Arn}-${!Literal}"})
        == "st-dev-phys-Table-Table:Arn-${Literal}"
    )
    assert r.resolve(load_yaml('!Sub ["${X}/${AWS::Region}", {X: !Ref Stage}]')) == "dev/ap-southeast-1"
    assert r.resolve(load_yaml("!GetAtt Table.StreamArn")) == "Table:StreamArn"
    assert r.resolve(load_yaml("!GetAtt [Pool, ProviderURL]")) == "Pool:ProviderURL"
    assert r.resolve(load_yaml('!Join ["-", [a, !Ref Stage]]')) == "a-dev"
    assert r.resolve(load_yaml('!Select [1, !Split [",", "x,y,z"]]')) == "y"
    assert r.resolve(load_yaml("!If [IsProd, big, small]")) == "small"
    assert r.resolve(load_yaml("!FindInMap [Sizes, !Ref Stage, mem]")) == 128
    assert r.resolve(load_yaml("!Base64 hi")) == "aGk="
    assert r.resolve(load_yaml("!ImportValue shared-export")) == "shared-export"
    assert r.resolve({"Ref": "AWS::AccountId"}) == "123456789012"
    assert r.resolve({"Ref": "AWS::Partition"}) == "aws"
    assert r.resolve({"Ref": "AWS::URLSuffix"}) == "amazonaws.com"
    assert r.resolve({"Ref": "Names"}) == ["a", "b"]
    assert r.condition("Both") is True
    assert r.resolve({"k": {"Ref": "AWS::NoValue"}, "j": 1}) == {"j": 1}


def test_parameter_overrides(template: Template) -> None:
    r = _resolver(template, Stage="prod")
    assert r.resolve(load_yaml("!If [IsProd, big, small]")) == "big"
    assert r.resolve({"Ref": "Stage"}) == "prod"


def test_schedule_expressions() -> None:
    from datetime import UTC, datetime

    assert rate_seconds("rate(1 minute)") == 60
    assert rate_seconds("rate(5 minutes)") == 300
    assert rate_seconds("rate(2 hours)") == 7200
    start = datetime(2024, 1, 1, 10, 7, tzinfo=UTC)  # a Monday
    assert Cron("0/15 * * * ? *").next_after(start) == datetime(2024, 1, 1, 10, 15, tzinfo=UTC)
    assert Cron("0 2 * * ? *").next_after(start) == datetime(2024, 1, 2, 2, 0, tzinfo=UTC)
    assert Cron("30 9 ? * MON-FRI *").next_after(datetime(2024, 1, 5, 10, 0, tzinfo=UTC)) == datetime(
        2024, 1, 8, 9, 30, tzinfo=UTC
    )  # Friday after 9:30 -> Monday
    assert Cron("0 0 1 * ? *").next_after(start) == datetime(2024, 2, 1, 0, 0, tzinfo=UTC)
    assert Cron("0 0 L * ? *").next_after(start) == datetime(2024, 1, 31, 0, 0, tzinfo=UTC)
