"""Create the template's resources in moto and record their local physical ids."""

from __future__ import annotations

import json
import logging
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .template import ACCOUNT_ID, SERVERLESS_FUNCTION, Resolver, Template

log = logging.getLogger("localcloud.provision")

TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable")
NESTED_STACK_TYPES = ("AWS::Serverless::Application", "AWS::CloudFormation::Stack")
LAYER_TYPES = ("AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion")
STATE_MACHINE_TYPES = ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")

# Property that names each resource type (used for Ref / physical names).
_NAME_PROPERTY = {
    "AWS::DynamoDB::Table": "TableName",
    "AWS::Serverless::SimpleTable": "TableName",
    "AWS::Cognito::UserPool": "UserPoolName",
    "AWS::Cognito::UserPoolClient": "ClientName",
    "AWS::S3::Bucket": "BucketName",
    "AWS::SQS::Queue": "QueueName",
    "AWS::SecretsManager::Secret": "Name",
    "AWS::Serverless::StateMachine": "Name",
    "AWS::StepFunctions::StateMachine": "StateMachineName",
    "AWS::Serverless::Function": "FunctionName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::Serverless::LayerVersion": "LayerName",
    "AWS::Lambda::LayerVersion": "LayerName",
    "AWS::Events::Rule": "Name",
    "AWS::Scheduler::Schedule": "Name",
    "AWS::SNS::Topic": "TopicName",
    "AWS::IAM::Role": "RoleName",
    "AWS::Events::EventBus": "Name",
}

_ARN_PATTERNS = {
    "AWS::Serverless::StateMachine": "arn:aws:states:{region}:{account}:stateMachine:{name}",
    "AWS::StepFunctions::StateMachine": "arn:aws:states:{region}:{account}:stateMachine:{name}",
    "AWS::Serverless::LayerVersion": "arn:aws:lambda:{region}:{account}:layer:{name}:1",
    "AWS::Lambda::LayerVersion": "arn:aws:lambda:{region}:{account}:layer:{name}:1",
    "AWS::DynamoDB::Table": "arn:aws:dynamodb:{region}:{account}:table/{name}",
    "AWS::Serverless::SimpleTable": "arn:aws:dynamodb:{region}:{account}:table/{name}",
    "AWS::SQS::Queue": "arn:aws:sqs:{region}:{account}:{name}",
    "AWS::SNS::Topic": "arn:aws:sns:{region}:{account}:{name}",
    "AWS::S3::Bucket": "arn:aws:s3:::{name}",
    "AWS::IAM::Role": "arn:aws:iam::{account}:role/{name}",
    "AWS::Events::Rule": "arn:aws:events:{region}:{account}:rule/{name}",
    "AWS::SecretsManager::Secret": "arn:aws:secretsmanager:{region}:{account}:secret:{name}",
}

_USER_POOL_KEYS = (
    "Policies",
    "LambdaConfig",
    "AutoVerifiedAttributes",
    "AliasAttributes",
    "UsernameAttributes",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "MfaConfiguration",
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "UserPoolTags",
    "AdminCreateUserConfig",
    "Schema",
    "UserPoolAddOns",
    "UsernameConfiguration",
    "AccountRecoverySetting",
    "DeletionProtection",
    "UserAttributeUpdateSettings",
)
_USER_POOL_CLIENT_KEYS = (
    "GenerateSecret",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData",
    "AuthSessionValidity",
)


def _tags_list(tags: Any) -> list[dict[str, str]]:
    if isinstance(tags, dict):
        return [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]
    return [{"Key": str(t["Key"]), "Value": str(t["Value"])} for t in tags or []]


def _cognito_schema(schema: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for attr in schema:
        item = dict(attr)
        for key in ("Mutable", "Required", "DeveloperOnlyAttribute"):
            if key in item:
                item[key] = str(item[key]).lower() == "true"
        for cons in ("StringAttributeConstraints", "NumberAttributeConstraints"):
            if cons in item:
                item[cons] = {k: str(v) for k, v in item[cons].items()}
        out.append(item)
    return out


@dataclass
class Stack:
    """Local physical ids, ARNs and function environments of a provisioned template."""

    template: Template
    region: str
    stack_name: str
    account_id: str = ACCOUNT_ID
    parameter_overrides: Mapping[str, Any] = field(default_factory=dict)
    physical_ids: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    function_env: dict[str, dict[str, str]] = field(default_factory=dict)
    children: dict[str, Stack] = field(default_factory=dict)  # nested stacks by logical id
    local_layers: dict[str, Path] = field(default_factory=dict)  # layer ARN -> folder, shared with nested stacks
    resolver: Resolver = field(init=False)

    def __post_init__(self) -> None:
        self.resolver = Resolver(
            template=self.template,
            region=self.region,
            stack_name=self.stack_name,
            account_id=self.account_id,
            parameter_overrides=self.parameter_overrides,
            ref=self.ref,
            get_att=self.get_att,
        )

    def all_stacks(self) -> list[Stack]:
        """This stack and every stack nested in it, depth first."""
        return [self, *(stack for child in self.children.values() for stack in child.all_stacks())]

    def find_stack(self, logical_id: str) -> Stack:
        """The stack (this or a nested one) that declares ``logical_id``."""
        for stack in self.all_stacks():
            if logical_id in stack.template.resources:
                return stack
        raise KeyError(f"no stack declares {logical_id!r}")

    # -- lookups --------------------------------------------------------------------------
    def resource_type(self, logical_id: str) -> str:
        return str(self.template.resources.get(logical_id, {}).get("Type", ""))

    def enabled_resources(self, *types: str) -> dict[str, dict[str, Any]]:
        return {lid: res for lid, res in self.template.of_type(*types).items() if self.resolver.resource_enabled(res)}

    def physical_name(self, logical_id: str) -> str:
        """The resource's own name property (resolved) or ``<StackName>-<LogicalId>``."""
        res = self.template.resources.get(logical_id, {})
        prop = _NAME_PROPERTY.get(str(res.get("Type")))
        props = res.get("Properties") or {}
        if prop and props.get(prop) is not None:
            return str(self.resolver.resolve(props[prop]))
        return f"{self.stack_name}-{logical_id}"

    def function_name(self, logical_id: str) -> str:
        return self.physical_name(logical_id)

    def function_arn(self, logical_id: str) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{self.function_name(logical_id)}"

    def ref(self, logical_id: str) -> Any:
        if logical_id in self.physical_ids:
            return self.physical_ids[logical_id]
        rtype = self.resource_type(logical_id)
        if not rtype:
            raise KeyError(f"Ref to unknown resource or parameter {logical_id!r}")
        arn = self._guess_arn(logical_id, rtype)
        if rtype in (
            "AWS::SNS::Topic",
            "AWS::Serverless::LayerVersion",
            "AWS::Lambda::LayerVersion",
            *STATE_MACHINE_TYPES,
            "AWS::SecretsManager::Secret",
        ):
            return arn
        if rtype in ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi", "AWS::Serverless::HttpApi"):
            return f"local{logical_id.lower()}"[:10]
        return self.physical_name(logical_id)

    def get_att(self, logical_id: str, attr: str) -> Any:
        if logical_id in self.children and attr.startswith("Outputs."):
            outputs = self.children[logical_id].outputs()
            if attr[len("Outputs.") :] not in outputs:
                raise KeyError(f"nested stack {logical_id} has no output {attr[len('Outputs.') :]!r}")
            return outputs[attr[len("Outputs.") :]]
        if attr in self.attributes.get(logical_id, {}):
            return self.attributes[logical_id][attr]
        rtype = self.resource_type(logical_id)
        if attr == "Arn" and rtype:
            return self._guess_arn(logical_id, rtype)
        if attr in ("Name", "QueueName", "TopicName"):
            return self.physical_name(logical_id)
        log.debug("GetAtt %s.%s has no local value; using a placeholder", logical_id, attr)
        return f"{self.physical_name(logical_id)}.{attr}"

    def _guess_arn(self, logical_id: str, rtype: str) -> str:
        if rtype in (SERVERLESS_FUNCTION, "AWS::Lambda::Function"):
            return self.function_arn(logical_id)
        pattern = _ARN_PATTERNS.get(rtype)
        if pattern is None:
            service = rtype.split("::")[1].lower() if "::" in rtype else "local"
            pattern = f"arn:aws:{service}:{{region}}:{{account}}:{{name}}"
        name = self.physical_name(logical_id)
        return pattern.format(region=self.region, account=self.account_id, name=name)

    # -- convenience ----------------------------------------------------------------------
    def table_name(self, logical_id: str) -> str:
        return str(self.physical_ids[logical_id])

    def stream_arn(self, logical_id: str) -> str:
        return str(self.attributes[logical_id]["StreamArn"])

    def user_pool_id(self, logical_id: str) -> str:
        return str(self.physical_ids[logical_id])

    def client_id(self, logical_id: str) -> str:
        return str(self.physical_ids[logical_id])

    def issuer(self, pool_logical_id: str) -> str:
        return f"https://{self.attributes[pool_logical_id]['ProviderURL']}"

    def state_machine_arn(self, logical_id: str) -> str:
        return str(self.physical_ids[logical_id])

    def outputs(self) -> dict[str, Any]:
        out = {}
        for name, spec in (self.template.data.get("Outputs") or {}).items():
            try:
                out[name] = self.resolver.resolve(spec.get("Value"))
            except Exception as exc:  # an output referencing something not local
                log.debug("output %s not resolvable locally: %s", name, exc)
        return out


class Provisioner:
    """Creates resources in moto, in an order that satisfies the product's references."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.resolve = stack.resolver.resolve
        import boto3

        self._session = boto3.session.Session(region_name=stack.region)

    def client(self, service: str) -> Any:
        return self._session.client(service)  # type: ignore[call-overload]

    def run(self) -> Stack:
        st = self.stack
        for lid, res in st.template.resources.items():
            if not st.resolver.resource_enabled(res):
                log.debug("skipping %s: condition is false", lid)
        steps = (
            (TABLE_TYPES, self.table),
            (("AWS::S3::Bucket",), self.bucket),
            (("AWS::SQS::Queue",), self.queue),
            (("AWS::SNS::Topic",), self.topic),
            (("AWS::SNS::Subscription",), self.subscription),
            (("AWS::Cognito::UserPool",), self.user_pool),
            (("AWS::Cognito::UserPoolClient",), self.user_pool_client),
            (("AWS::SecretsManager::Secret",), self.secret),
            (STATE_MACHINE_TYPES, self.state_machine),
        )
        handled: set[str] = set()
        for types, create in steps:
            resources = st.enabled_resources(*types)
            if types == ("AWS::SQS::Queue",):  # dead-letter queues first
                resources = dict(
                    sorted(resources.items(), key=lambda kv: "RedrivePolicy" in (kv[1].get("Properties") or {}))
                )
            for lid, res in resources.items():
                create(lid, res.get("Properties") or {})
                handled.add(lid)
        for lid, res in st.template.resources.items():
            if lid not in handled:
                log.debug("not provisioning %s (%s)", lid, res.get("Type"))
        for lid in st.enabled_resources(SERVERLESS_FUNCTION, "AWS::Lambda::Function"):
            st.physical_ids[lid] = st.function_name(lid)
            st.attributes.setdefault(lid, {})["Arn"] = st.function_arn(lid)
        for lid, res in st.enabled_resources(*LAYER_TYPES).items():
            props = res.get("Properties") or {}
            content = self.resolve(props.get("ContentUri") or props.get("Content") or ".")
            if isinstance(content, str):
                folder = (st.template.base_dir / content).resolve()
                st.local_layers[st.ref(lid)] = folder / "python" if (folder / "python").is_dir() else folder
        for lid, res in st.enabled_resources(*NESTED_STACK_TYPES).items():
            self.nested_stack(lid, res.get("Properties") or {})
        for lid, res in st.enabled_resources(SERVERLESS_FUNCTION).items():
            variables = ((res.get("Properties") or {}).get("Environment") or {}).get("Variables") or {}
            st.function_env[lid] = {k: _env_str(v) for k, v in self.resolve(variables).items()}
        return st

    # -- nested stacks ------------------------------------------------------------------------
    def nested_stack(self, lid: str, props: dict[str, Any]) -> None:
        """A nested stack from a local template, provisioned with the parameters its parent passes
        (in declaration order, so a stack may take another's outputs)."""
        from .template import load_template

        st = self.stack
        location = self.resolve(props.get("Location") or props.get("TemplateURL"))
        if not isinstance(location, str) or location.startswith(("http", "s3:")):
            raise ValueError(f"{lid}: only nested stacks from local templates run locally, got {location!r}")
        passed = self.resolve(props.get("Parameters") or {})
        parameters = {name: _parameter_str(value) for name, value in passed.items()}
        child = Stack(
            template=load_template(st.template.base_dir / location),
            region=st.region,
            stack_name=f"{st.stack_name}-{lid}",
            account_id=st.account_id,
            parameter_overrides=parameters,
            local_layers=st.local_layers,
        )
        st.children[lid] = child
        st.physical_ids[lid] = f"arn:aws:cloudformation:{st.region}:{st.account_id}:stack/{child.stack_name}/local"
        Provisioner(child).run()

    # -- DynamoDB ---------------------------------------------------------------------------
    def table(self, lid: str, props: dict[str, Any]) -> None:
        st = self.stack
        p = self.resolve(props)
        name = st.physical_name(lid)
        if st.resource_type(lid) == "AWS::Serverless::SimpleTable":
            pk = p.get("PrimaryKey") or {"Name": "id", "Type": "String"}
            ktype = {"String": "S", "Number": "N", "Binary": "B"}.get(pk["Type"], pk["Type"])
            p = {
                "KeySchema": [{"AttributeName": pk["Name"], "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": pk["Name"], "AttributeType": ktype}],
                "BillingMode": "PAY_PER_REQUEST",
                **{k: v for k, v in p.items() if k in ("SSESpecification", "Tags")},
            }
        args: dict[str, Any] = {
            "TableName": name,
            "KeySchema": p["KeySchema"],
            "AttributeDefinitions": p["AttributeDefinitions"],
            "BillingMode": p.get("BillingMode", "PROVISIONED"),
        }
        if args["BillingMode"] == "PROVISIONED":
            args["ProvisionedThroughput"] = p.get("ProvisionedThroughput") or {
                "ReadCapacityUnits": 5,
                "WriteCapacityUnits": 5,
            }
        gsis = []
        for spec in p.get("GlobalSecondaryIndexes") or []:
            gsi = {
                k: v
                for k, v in spec.items()
                if k in ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput", "OnDemandThroughput")
            }
            if args["BillingMode"] == "PROVISIONED":
                gsi.setdefault("ProvisionedThroughput", {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
            gsis.append(gsi)
        if gsis:
            args["GlobalSecondaryIndexes"] = gsis
        if p.get("LocalSecondaryIndexes"):
            args["LocalSecondaryIndexes"] = p["LocalSecondaryIndexes"]
        if p.get("StreamSpecification"):
            args["StreamSpecification"] = {
                "StreamEnabled": True,
                "StreamViewType": p["StreamSpecification"].get("StreamViewType", "NEW_AND_OLD_IMAGES"),
            }
        if p.get("SSESpecification"):
            args["SSESpecification"] = {"Enabled": bool(p["SSESpecification"].get("SSEEnabled", True))}
        if p.get("Tags"):
            args["Tags"] = _tags_list(p["Tags"])
        desc = self._create_table(name, args, p.get("TimeToLiveSpecification"))
        st.physical_ids[lid] = name
        attrs = {"Arn": desc["TableArn"]}
        if desc.get("LatestStreamArn"):
            attrs["StreamArn"] = desc["LatestStreamArn"]
        st.attributes[lid] = attrs
        log.debug("table %s -> %s", lid, name)

    def _create_table(self, name: str, args: dict[str, Any], ttl: dict[str, Any] | None) -> dict[str, Any]:
        """The table, created with its time to live; or, restored from a snapshot, kept with its items."""
        ddb = self.client("dynamodb")
        try:
            desc: dict[str, Any] = ddb.create_table(**args)["TableDescription"]
        except ddb.exceptions.ResourceInUseException:
            return dict(ddb.describe_table(TableName=name)["Table"])
        if ttl and str(ttl.get("Enabled", True)).lower() == "true":
            ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
            )
        return desc

    # -- S3 / SQS / Secrets ------------------------------------------------------------------
    def bucket(self, lid: str, props: dict[str, Any]) -> None:
        st = self.stack
        name = st.physical_name(lid).lower()
        s3 = self.client("s3")
        try:
            if st.region == "us-east-1":
                s3.create_bucket(Bucket=name)
            else:
                s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": st.region})
        except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
            pass  # restored from a snapshot
        st.physical_ids[lid] = name
        st.attributes[lid] = {
            "Arn": f"arn:aws:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{st.region}.amazonaws.com",
            "WebsiteURL": f"http://{name}.s3-website-{st.region}.amazonaws.com",
        }

    def queue(self, lid: str, props: dict[str, Any]) -> None:
        st = self.stack
        p = self.resolve(props)
        name = st.physical_name(lid)
        if str(p.get("FifoQueue", "")).lower() == "true" and not name.endswith(".fifo"):
            name += ".fifo"
        attrs = {key: _attribute(value) for key, value in p.items() if key not in ("QueueName", "Tags")}
        sqs = self.client("sqs")
        try:
            url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
        except sqs.exceptions.QueueNameExists:  # restored from a snapshot with other attributes
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
            sqs.set_queue_attributes(QueueUrl=url, Attributes=attrs)
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        st.physical_ids[lid] = url
        st.attributes[lid] = {"Arn": arn, "QueueName": name, "QueueUrl": url}

    # -- SNS ------------------------------------------------------------------------------------
    def topic(self, lid: str, props: dict[str, Any]) -> None:
        """A topic (FIFO when ``FifoTopic``) and its inline ``Subscription`` list."""
        st = self.stack
        p = self.resolve(props)
        name = st.physical_name(lid)
        fifo = str(p.get("FifoTopic", "")).lower() == "true"
        if fifo and not name.endswith(".fifo"):
            name += ".fifo"
        attributes = {"FifoTopic": "true"} if fifo else {}
        if str(p.get("ContentBasedDeduplication", "")).lower() == "true":
            attributes["ContentBasedDeduplication"] = "true"
        arn = self.client("sns").create_topic(Name=name, Attributes=attributes)["TopicArn"]
        st.physical_ids[lid] = arn
        st.attributes[lid] = {"TopicArn": arn, "TopicName": name}
        for inline in p.get("Subscription") or []:
            self._subscribe(arn, inline)

    def subscription(self, lid: str, props: dict[str, Any]) -> None:
        p = self.resolve(props)
        self.stack.physical_ids[lid] = self._subscribe(str(p["TopicArn"]), p)

    def _subscribe(self, topic_arn: str, p: dict[str, Any]) -> str:
        sns = self.client("sns")
        for existing in sns.list_subscriptions_by_topic(TopicArn=topic_arn).get("Subscriptions", []):
            if existing["Protocol"] == str(p["Protocol"]) and existing["Endpoint"] == str(p["Endpoint"]):
                return str(existing["SubscriptionArn"])  # restored from a snapshot
        attributes = {}
        for key in ("FilterPolicyScope", "FilterPolicy", "RawMessageDelivery", "RedrivePolicy"):
            value = p.get(key)
            if value is not None:
                attributes[key] = _attribute(value)
        answer = self.client("sns").subscribe(
            TopicArn=topic_arn,
            Protocol=str(p["Protocol"]),
            Endpoint=str(p["Endpoint"]),
            Attributes=attributes,
            ReturnSubscriptionArn=True,
        )
        return str(answer["SubscriptionArn"])

    def secret(self, lid: str, props: dict[str, Any]) -> None:
        st = self.stack
        p = self.resolve(props)
        name = st.physical_name(lid)
        value = p.get("SecretString")
        if value is None:
            gen = p.get("GenerateSecretString") or {}
            length = int(gen.get("PasswordLength", 32))
            excluded = str(gen.get("ExcludeCharacters", ""))
            alphabet = [c for c in string.ascii_letters + string.digits if c not in excluded]
            generated = "".join(secrets.choice(alphabet) for _ in range(length))
            if gen.get("SecretStringTemplate") and gen.get("GenerateStringKey"):
                doc = json.loads(gen["SecretStringTemplate"])
                doc[gen["GenerateStringKey"]] = generated
                value = json.dumps(doc)
            else:
                value = generated
        secrets_client = self.client("secretsmanager")
        try:
            resp = secrets_client.create_secret(Name=name, SecretString=str(value))
        except secrets_client.exceptions.ResourceExistsException:  # restored from a snapshot: keep its value
            resp = secrets_client.describe_secret(SecretId=name)
        st.physical_ids[lid] = resp["ARN"]
        st.attributes[lid] = {"Arn": resp["ARN"], "Id": resp["ARN"], "Name": name}

    # -- Cognito ------------------------------------------------------------------------------
    def user_pool(self, lid: str, props: dict[str, Any]) -> None:
        st = self.stack
        p = self.resolve(props)
        args = {k: v for k, v in p.items() if k in _USER_POOL_KEYS}
        if "Schema" in args:
            args["Schema"] = _cognito_schema(args["Schema"])
        if isinstance(args.get("UserPoolTags"), list):
            args["UserPoolTags"] = {t["Key"]: t["Value"] for t in args["UserPoolTags"]}
        args.pop("LambdaConfig", None)  # triggers would need Lambda in moto; not wired locally
        idp = self.client("cognito-idp")
        existing = [p for p in idp.list_user_pools(MaxResults=60)["UserPools"] if p["Name"] == st.physical_name(lid)]
        if existing:  # restored from a snapshot: its users and their passwords
            pool = idp.describe_user_pool(UserPoolId=existing[0]["Id"])["UserPool"]
        else:
            pool = idp.create_user_pool(PoolName=st.physical_name(lid), **args)["UserPool"]
        provider = f"cognito-idp.{st.region}.amazonaws.com/{pool['Id']}"
        st.physical_ids[lid] = pool["Id"]
        st.attributes[lid] = {
            "Arn": pool["Arn"],
            "UserPoolId": pool["Id"],
            "ProviderName": provider,
            "ProviderURL": provider,
        }

    def user_pool_client(self, lid: str, props: dict[str, Any]) -> None:
        st = self.stack
        p = self.resolve(props)
        args = {k: v for k, v in p.items() if k in _USER_POOL_CLIENT_KEYS}
        idp = self.client("cognito-idp")
        listed = idp.list_user_pool_clients(UserPoolId=p["UserPoolId"], MaxResults=60)["UserPoolClients"]
        existing = [c for c in listed if c["ClientName"] == st.physical_name(lid)]
        if existing:  # restored from a snapshot
            client = idp.describe_user_pool_client(UserPoolId=p["UserPoolId"], ClientId=existing[0]["ClientId"])[
                "UserPoolClient"
            ]
        else:
            client = idp.create_user_pool_client(UserPoolId=p["UserPoolId"], ClientName=st.physical_name(lid), **args)[
                "UserPoolClient"
            ]
        st.physical_ids[lid] = client["ClientId"]
        st.attributes[lid] = {
            "ClientId": client["ClientId"],
            "Name": client["ClientName"],
            "ClientSecret": client.get("ClientSecret", ""),
            "UserPoolId": p["UserPoolId"],
        }

    # -- Step Functions ------------------------------------------------------------------------
    def state_machine(self, lid: str, raw: dict[str, Any]) -> None:
        st = self.stack
        subs = {k: _env_str(v) for k, v in self.resolve(raw.get("DefinitionSubstitutions") or {}).items()}
        if raw.get("DefinitionUri") is not None:
            uri = self.resolve(raw["DefinitionUri"])
            if not isinstance(uri, str):
                raise ValueError(f"{lid}: DefinitionUri in S3 is not supported locally")
            text = (st.template.base_dir / Path(uri)).read_text(encoding="utf-8")
            definition_text = json.dumps(_load_definition(text))
        elif raw.get("DefinitionString") is not None:
            definition_text = str(self.resolve(raw["DefinitionString"]))
        elif raw.get("Definition") is not None:
            definition_text = json.dumps(self.resolve(raw["Definition"]))
        else:
            raise ValueError(f"{lid}: state machine without a definition")
        for key, value in subs.items():
            definition_text = definition_text.replace("${" + key + "}", value)
        sm_type = str(raw.get("Type") or raw.get("StateMachineType") or "STANDARD").upper()
        sfn = self.client("stepfunctions")
        role = f"arn:aws:iam::{st.account_id}:role/{st.stack_name}-{lid}Role"
        try:
            arn = sfn.create_state_machine(
                name=st.physical_name(lid), definition=definition_text, roleArn=role, type=sm_type
            )["stateMachineArn"]
        except sfn.exceptions.StateMachineAlreadyExists:  # restored from a snapshot: today's definition
            arn = f"arn:aws:states:{st.region}:{st.account_id}:stateMachine:{st.physical_name(lid)}"
            sfn.update_state_machine(stateMachineArn=arn, definition=definition_text, roleArn=role)
        st.physical_ids[lid] = arn
        st.attributes[lid] = {"Arn": arn, "Name": st.physical_name(lid), "Type": sm_type}


def _load_definition(text: str) -> Any:
    """Definitions may be JSON or YAML (SAM accepts both)."""
    try:
        return json.loads(text)
    except ValueError:
        from .template import load_yaml

        return load_yaml(text)


def _attribute(value: Any) -> str:
    """A template property as an SQS/SNS attribute string: objects as JSON, booleans as true/false."""
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _parameter_str(value: Any) -> str:
    """A nested stack's parameter as CloudFormation passes it: a string (lists comma-separated)."""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return _env_str(value)


def _env_str(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def provision(
    template: Template,
    region: str,
    stack_name: str = "local",
    parameter_overrides: Mapping[str, Any] | None = None,
) -> Stack:
    stack = Stack(
        template=template,
        region=region,
        stack_name=stack_name,
        parameter_overrides=dict(parameter_overrides or {}),
    )
    return Provisioner(stack).run()
