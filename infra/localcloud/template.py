"""Load a SAM template and resolve CloudFormation intrinsics locally.

Short tags (``!Ref``, ``!Sub`` ...) are turned into their long form (``{"Ref": ...}``,
``{"Fn::Sub": ...}``) when loading; :class:`Resolver` then evaluates them against the
local physical names that :mod:`localcloud.provision` hands out.
"""

from __future__ import annotations

import base64
import copy
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger("localcloud.template")

ACCOUNT_ID = "123456789012"
SERVERLESS_FUNCTION = "AWS::Serverless::Function"

# Globals.Function keys that are merged into each AWS::Serverless::Function.
_FUNCTION_GLOBAL_KEYS = (
    "Runtime",
    "Timeout",
    "MemorySize",
    "CodeUri",
    "Handler",
    "Layers",
    "Environment",
    "Architectures",
    "Tracing",
    "Tags",
    "Description",
    "ReservedConcurrentExecutions",
    "LoggingConfig",
    "Policies",
)


class _Loader(yaml.SafeLoader):
    """SafeLoader that understands CloudFormation short-form intrinsics."""


def _construct_tag(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if tag_suffix in ("Ref", "Condition"):
        return {tag_suffix: value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        logical, _, attr = value.partition(".")
        value = [logical, attr]
    return {f"Fn::{tag_suffix}": value}


_Loader.add_multi_constructor("!", _construct_tag)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


@dataclass
class Template:
    """A parsed SAM template with Globals merged into functions."""

    path: Path
    data: dict[str, Any]

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.data.get("Resources") or {}

    @property
    def parameters(self) -> dict[str, Any]:
        return self.data.get("Parameters") or {}

    @property
    def conditions(self) -> dict[str, Any]:
        return self.data.get("Conditions") or {}

    @property
    def mappings(self) -> dict[str, Any]:
        return self.data.get("Mappings") or {}

    def of_type(self, *types: str) -> dict[str, dict[str, Any]]:
        return {lid: res for lid, res in self.resources.items() if res.get("Type") in types}


def _merge_function_globals(globals_fn: Mapping[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(dict(props))
    for key in _FUNCTION_GLOBAL_KEYS:
        if key not in globals_fn:
            continue
        gval = copy.deepcopy(globals_fn[key])
        if key == "Environment":
            gvars = dict((gval or {}).get("Variables") or {})
            fvars = ((merged.get("Environment") or {}).get("Variables")) or {}
            gvars.update(fvars)
            merged["Environment"] = {**(merged.get("Environment") or {}), "Variables": gvars}
        elif key == "Layers":
            merged["Layers"] = list(gval or []) + list(merged.get("Layers") or [])
        elif key == "Tags":
            merged["Tags"] = {**(gval or {}), **(merged.get("Tags") or {})}
        else:
            merged.setdefault(key, gval)
    return merged


def _merge_api_globals(globals_api: Mapping[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(dict(props))
    for key, gval in globals_api.items():
        if key not in merged:
            merged[key] = copy.deepcopy(gval)
        elif isinstance(gval, dict) and isinstance(merged[key], dict):
            merged[key] = {**copy.deepcopy(gval), **merged[key]}
    return merged


def load_template(path: str | Path) -> Template:
    """Read ``template.yaml`` and merge ``Globals`` into functions and APIs."""
    tpath = Path(path).resolve()
    data = _include(load_yaml(tpath.read_text(encoding="utf-8")) or {}, tpath.parent)
    glob = data.get("Globals") or {}
    for res in (data.get("Resources") or {}).values():
        rtype = res.get("Type")
        if rtype == SERVERLESS_FUNCTION:
            res["Properties"] = _merge_function_globals(glob.get("Function") or {}, res.get("Properties") or {})
        elif rtype == "AWS::Serverless::Api":
            res["Properties"] = _merge_api_globals(glob.get("Api") or {}, res.get("Properties") or {})
        elif rtype == "AWS::Serverless::StateMachine" and glob.get("StateMachine"):
            res["Properties"] = _merge_api_globals(glob["StateMachine"], res.get("Properties") or {})
    return Template(path=tpath, data=data)


def _include(node: Any, base_dir: Path) -> Any:
    """Expand ``Fn::Transform: {Name: AWS::Include}`` of local files, as CloudFormation does before
    anything else reads the template."""
    if isinstance(node, list):
        return [_include(item, base_dir) for item in node]
    if not isinstance(node, dict):
        return node
    transform = node.get("Fn::Transform")
    if len(node) == 1 and isinstance(transform, dict) and transform.get("Name") == "AWS::Include":
        location = str((transform.get("Parameters") or {}).get("Location", ""))
        if location.startswith(("s3:", "http")):
            raise ValueError(f"AWS::Include of {location}: only local files are included locally")
        included = base_dir / location
        return _include(load_yaml(included.read_text(encoding="utf-8")), included.parent)
    return {key: _include(value, base_dir) for key, value in node.items()}


_SUB_RE = re.compile(r"\$\{([^}]+)\}")
NO_VALUE = object()


@dataclass
class Resolver:
    """Evaluates intrinsic functions.

    ``ref`` and ``get_att`` are callbacks supplied by the provisioner: they map a logical id
    (and attribute) to the local physical value.
    """

    template: Template
    region: str = "ap-southeast-1"
    stack_name: str = "local"
    account_id: str = ACCOUNT_ID
    parameter_overrides: Mapping[str, Any] = field(default_factory=dict)
    ref: Callable[[str], Any] | None = None
    get_att: Callable[[str, str], Any] | None = None
    _condition_cache: dict[str, bool] = field(default_factory=dict)

    # -- parameters / pseudo parameters -------------------------------------------------
    def parameter_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, spec in self.template.parameters.items():
            if name in self.parameter_overrides:
                values[name] = self.parameter_overrides[name]
            elif isinstance(spec, dict) and "Default" in spec:
                values[name] = spec["Default"]
            else:
                values[name] = ""
            is_list = isinstance(spec, dict) and str(spec.get("Type", "")).startswith("CommaDelimitedList")
            if is_list and isinstance(values[name], str):
                values[name] = [v.strip() for v in values[name].split(",")] if values[name] else []
        return values

    def pseudo(self, name: str) -> Any:
        return {
            "AWS::Region": self.region,
            "AWS::AccountId": self.account_id,
            "AWS::StackName": self.stack_name,
            "AWS::StackId": (f"arn:aws:cloudformation:{self.region}:{self.account_id}:stack/{self.stack_name}/local"),
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NoValue": NO_VALUE,
            "AWS::NotificationARNs": [],
        }.get(name, NO_VALUE)

    def resolve_ref(self, name: str) -> Any:
        if name.startswith("AWS::"):
            value = self.pseudo(name)
            if value is NO_VALUE and name != "AWS::NoValue":
                raise KeyError(f"unknown pseudo parameter {name}")
            return value
        params = self.parameter_values()
        if name in params:
            return params[name]
        if self.ref is not None:
            return self.ref(name)
        return name

    def resolve_get_att(self, logical: str, attr: str) -> Any:
        if self.get_att is not None:
            return self.get_att(logical, attr)
        return f"{logical}.{attr}"

    # -- conditions -----------------------------------------------------------------------
    def condition(self, name: str) -> bool:
        if name not in self._condition_cache:
            expr = self.template.conditions.get(name)
            if expr is None:
                raise KeyError(f"unknown condition {name}")
            self._condition_cache[name] = bool(self.resolve(expr))
        return self._condition_cache[name]

    def resource_enabled(self, resource: Mapping[str, Any]) -> bool:
        cond = resource.get("Condition")
        return True if cond is None else self.condition(str(cond))

    # -- evaluation ------------------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        """Resolve all intrinsics in ``value`` (returns a new structure)."""
        if isinstance(value, list):
            out = [self.resolve(v) for v in value]
            return [v for v in out if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            handler = _INTRINSICS.get(key)
            if handler is not None:
                return handler(self, arg)
        out_map = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in out_map.items() if v is not NO_VALUE}

    def sub(self, template: str, variables: Mapping[str, Any] | None = None) -> str:
        variables = variables or {}

        def repl(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr.startswith("!"):
                return "${" + expr[1:] + "}"
            expr = expr.strip()
            if expr in variables:
                return str(variables[expr])
            if "." in expr and not expr.startswith("AWS::"):
                logical, _, attr = expr.partition(".")
                return str(self.resolve_get_att(logical, attr))
            return str(self.resolve_ref(expr))

        return _SUB_RE.sub(repl, template)


def _fn_sub(r: Resolver, arg: Any) -> str:
    if isinstance(arg, list):
        text, variables = arg[0], r.resolve(arg[1] if len(arg) > 1 else {})
        return r.sub(str(r.resolve(text)), variables)
    return r.sub(str(arg))


def _fn_get_att(r: Resolver, arg: Any) -> Any:
    if isinstance(arg, str):
        logical, _, attr = arg.partition(".")
    else:
        logical, attr = str(arg[0]), str(r.resolve(arg[1]))
    return r.resolve_get_att(logical, attr)


def _fn_join(r: Resolver, arg: Any) -> str:
    sep, items = r.resolve(arg[0]), r.resolve(arg[1])
    return str(sep).join(str(i) for i in items)


def _fn_select(r: Resolver, arg: Any) -> Any:
    index, items = r.resolve(arg[0]), r.resolve(arg[1])
    return items[int(index)]


def _fn_if(r: Resolver, arg: Any) -> Any:
    cond, when_true, when_false = arg
    return r.resolve(when_true if r.condition(str(cond)) else when_false)


def _fn_equals(r: Resolver, arg: Any) -> bool:
    left, right = r.resolve(arg[0]), r.resolve(arg[1])
    return str(left) == str(right)


def _fn_not(r: Resolver, arg: Any) -> bool:
    return not r.resolve(arg[0] if isinstance(arg, list) else arg)


def _fn_and(r: Resolver, arg: Any) -> bool:
    return all(r.resolve(a) for a in arg)


def _fn_or(r: Resolver, arg: Any) -> bool:
    return any(r.resolve(a) for a in arg)


def _fn_find_in_map(r: Resolver, arg: Any) -> Any:
    name, top, second = (r.resolve(a) for a in arg[:3])
    try:
        return r.template.mappings[name][top][second]
    except KeyError:
        if len(arg) > 3 and isinstance(arg[3], dict) and "DefaultValue" in arg[3]:
            return r.resolve(arg[3]["DefaultValue"])
        raise


def _fn_split(r: Resolver, arg: Any) -> list[str]:
    sep, text = r.resolve(arg[0]), r.resolve(arg[1])
    return str(text).split(str(sep))


def _fn_base64(r: Resolver, arg: Any) -> str:
    return base64.b64encode(str(r.resolve(arg)).encode()).decode()


def _fn_import_value(r: Resolver, arg: Any) -> str:
    name = str(r.resolve(arg))
    log.debug("Fn::ImportValue %s has no local export; using the export name", name)
    return name


def _fn_get_azs(r: Resolver, arg: Any) -> list[str]:
    return [f"{r.region}{s}" for s in "abc"]


def _fn_cidr(r: Resolver, arg: Any) -> Any:
    return r.resolve(arg)


_INTRINSICS: dict[str, Callable[[Resolver, Any], Any]] = {
    "Ref": lambda r, a: r.resolve_ref(str(r.resolve(a))),
    "Condition": lambda r, a: r.condition(str(a)),
    "Fn::Sub": _fn_sub,
    "Fn::GetAtt": _fn_get_att,
    "Fn::Join": _fn_join,
    "Fn::Select": _fn_select,
    "Fn::If": _fn_if,
    "Fn::Equals": _fn_equals,
    "Fn::Not": _fn_not,
    "Fn::And": _fn_and,
    "Fn::Or": _fn_or,
    "Fn::FindInMap": _fn_find_in_map,
    "Fn::Split": _fn_split,
    "Fn::Base64": _fn_base64,
    "Fn::ImportValue": _fn_import_value,
    "Fn::GetAZs": _fn_get_azs,
    "Fn::Cidr": _fn_cidr,
}
