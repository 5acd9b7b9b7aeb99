// The company's registration details, shared by sign-up and the company profile: legal name, the
// registration numbers, the base currency (read-only), the first month of the financial year, the time zone.
import { Col, Form, Input, Row, Select } from "antd";
import type { ColProps } from "antd";
import type { Rule } from "antd/es/form";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { Schemas } from "@/api/client";
import { NameItem } from "./fields";
import { formatMessage } from "@/lib/problems";

import {
  BRN_EXAMPLES,
  BRN_PATTERN,
  monthOptions,
  SST_PATTERN,
  TIN_EXAMPLES,
  TIN_PATTERN,
  timeZoneOptions,
  upperTrim,
} from "./options";

export interface CompanyFieldValues {
  legal_name: string;
  brn: string;
  tin: string;
  sst_number?: string;
  fiscal_year_start_month: number;
  time_zone: CompanyBody["time_zone"];
}

type CompanyBody = Pick<Schemas["SignupRequest"], keyof CompanyFieldValues>;

/** The fields as the API takes them: trimmed, no SST number as null. */
export function companyBody(values: CompanyFieldValues): CompanyBody {
  return {
    legal_name: values.legal_name.trim(),
    brn: values.brn.trim(),
    tin: values.tin.trim(),
    sst_number: values.sst_number?.trim() || null,
    fiscal_year_start_month: values.fiscal_year_start_month,
    time_zone: values.time_zone,
  };
}

type RegistrationNumber = "brn" | "tin" | "sstNumber";
export type CompanyField = "legalName" | RegistrationNumber | "baseCurrency" | "fiscalYearStartMonth" | "timeZone";

interface Layout {
  legalName: ColProps;
  other: ColProps;
  /** The field the base currency follows. */
  currencyAfter: CompanyField;
}

const LAYOUTS = {
  /** Sign-up's narrow card: the legal name across, the rest in pairs, the currency beside the SST number. */
  twoColumns: { legalName: { xs: 24 }, other: { xs: 24, md: 12 }, currencyAfter: "sstNumber" },
  /** The profile page: three across, the currency completing the legal name's row. */
  threeColumns: { legalName: { xs: 24, lg: 16 }, other: { xs: 24, sm: 12, lg: 8 }, currencyAfter: "legalName" },
} as const satisfies Record<string, Layout>;

const REGISTRATION_NUMBERS = [
  { field: "brn", name: "brn", pattern: BRN_PATTERN, required: true, code: "format.brn", examples: BRN_EXAMPLES },
  { field: "tin", name: "tin", pattern: TIN_PATTERN, required: true, code: "format.tin", examples: TIN_EXAMPLES },
  { field: "sstNumber", name: "sst_number", pattern: SST_PATTERN, required: false, code: "format.sst_number", examples: ["W10-1808-32000104"] },
] as const satisfies readonly {
  field: RegistrationNumber;
  name: keyof CompanyFieldValues;
  pattern: RegExp;
  required: boolean;
  code: string;
  examples: readonly string[];
}[];

interface CompanyFieldsProps {
  /** Each field's label (sign-up and the profile word some of them differently). */
  label: (field: CompanyField) => string;
  /** Help under the fields that have any. */
  help?: Partial<Record<RegistrationNumber | "baseCurrency", string>>;
  /** Check the registration numbers' formats while typing; otherwise the API's answer lands on the field. */
  checkFormats?: boolean;
  /** The base currency, shown read-only (it is chosen once, at sign-up). */
  baseCurrency: {
    inputId: string;
    value: string;
    /** Marked required where the form marks the optional fields, so it does not read as optional. */
    markRequired?: boolean;
  };
  layout: keyof typeof LAYOUTS;
}

export function CompanyFields({ label, help = {}, checkFormats = false, baseCurrency, layout }: CompanyFieldsProps) {
  const { t, i18n } = useTranslation("auth");
  const columns: Layout = LAYOUTS[layout];
  const numberRules = ({ pattern, required, code, examples }: (typeof REGISTRATION_NUMBERS)[number]): Rule[] => [
    ...(required ? [{ required: true, whitespace: true, message: t("validation.required") }] : []),
    ...(checkFormats ? [{ pattern, message: formatMessage(code, [...examples]) }] : []),
  ];
  const fields: [CompanyField, ReactNode][] = [
    ["legalName", <NameItem name="legal_name" label={label("legalName")} autoComplete="organization" />],
    ...REGISTRATION_NUMBERS.map((number): [CompanyField, ReactNode] => [
      number.field,
      <Form.Item
        name={number.name}
        label={label(number.field)}
        extra={help[number.field]}
        normalize={upperTrim}
        rules={numberRules(number)}
      >
        <Input />
      </Form.Item>,
    ]),
    [
      "fiscalYearStartMonth",
      <Form.Item name="fiscal_year_start_month" label={label("fiscalYearStartMonth")} rules={[{ required: true }]}>
        <Select options={monthOptions(i18n.language)} />
      </Form.Item>,
    ],
    [
      "timeZone",
      <Form.Item name="time_zone" label={label("timeZone")} rules={[{ required: true }]}>
        <Select showSearch={{ optionFilterProp: "label" }} options={timeZoneOptions()} />
      </Form.Item>,
    ],
  ];
  const currency = (
    <Form.Item label={label("baseCurrency")} htmlFor={baseCurrency.inputId} extra={help.baseCurrency} required={baseCurrency.markRequired}>
      <Input id={baseCurrency.inputId} value={baseCurrency.value} readOnly variant="filled" />
    </Form.Item>
  );
  return (
    <Row gutter={16}>
      {fields.flatMap(([field, item]) => {
        const cell = (
          <Col key={field} {...(field === "legalName" ? columns.legalName : columns.other)}>
            {item}
          </Col>
        );
        if (field !== columns.currencyAfter) return [cell];
        return [
          cell,
          <Col key="baseCurrency" {...columns.other}>
            {currency}
          </Col>,
        ];
      })}
    </Row>
  );
}
