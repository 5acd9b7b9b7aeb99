"""Employees: numbered by the EMPLOYEE series; the people behind approvals, sales and payroll."""

from __future__ import annotations

from pydantic import Field

from ledgerlet.fields import Date, Email, Name, Phone, Reference, ShortText
from ledgerlet.formats import NRIC_PATTERN, text_format
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.rules import references


class EmployeeCreate(Input):
    name: Name
    email: Email | None = None
    phone: Phone | None = None
    job_title: ShortText | None = None
    org_unit_id: Reference | None = Field(default=None, description="Department or branch.")
    nric: str | None = Field(
        default=None,
        pattern=text_format(NRIC_PATTERN, "nric", "880101-14-5678"),
        description="MyKad number.",
    )
    hired_on: Date | None = None
    user_id: str | None = Field(default=None, max_length=64, description="Console user, if any.")


EMPLOYEES = MasterKind(
    label="employee",
    applet="employees",
    doc_type="EMPLOYEE",
    id_prefix="emp",
    create_model=EmployeeCreate,
    series="EMPLOYEE",
    filters=("org_unit_id", "job_title"),
    search_fields=("email", "phone"),
    rules=(references("org_unit_id", "ORGUNIT", "org unit"),),
)
