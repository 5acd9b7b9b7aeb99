// One declared field inside an antd Form, at its name path: a labelled Form.Item for scalars, a
// fieldset for addresses and groups, an editable table for lines.
import { Col, Form, Row } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useLabels } from "../engine/labels";
import type { FieldSpec, Fields, FormContext, Widget } from "../engine/types";
import { ADDRESS_FIELDS, isShown } from "../engine/values";
import { CashLinesField } from "../lines/CashLines";
import { JournalLinesField } from "../lines/JournalLines";
import { ListField } from "../lines/ListField";
import type { NamePath } from "./valueProps";
import { FieldControl } from "./FieldControl";
import { valueProps } from "./valueProps";
import { numberRule } from "@/components/NumberInput";
import { useMe } from "@/auth/me";

const COMPOUND = new Set<Widget["type"]>(["group", "list", "journalLines", "cashLines", "documentLines"]);

/** Whether a field takes the form's full width. */
export function isWide(spec: FieldSpec): boolean {
  const widget = spec.widget;
  return Boolean(spec.wide) || COMPOUND.has(widget.type) || (widget.type === "text" && Boolean(widget.long));
}

interface FormFieldProps {
  kind: string;
  name: NamePath;
  spec: FieldSpec;
  context: FormContext;
  /** Lines show their own title unless they are all their section holds (the section says it). */
  titled?: boolean;
  /** In dense sections help is a tooltip on the label rather than text under the field. */
  compact?: boolean;
}

export function FormField({ kind, name, spec, context, titled = true, compact = false }: FormFieldProps) {
  const { t } = useTranslation("records");
  const labels = useLabels(kind);
  const { applets } = useMe();
  if (spec.readOnly || !isShown(spec, context)) return null;
  // a reference to an applet switched off (a customer's price book without price books) is no field
  const widgetTarget =
    spec.widget.type === "reference" || spec.widget.type === "references" ? spec.widget.target : null;
  if (widgetTarget && !applets.includes(widgetTarget.kind)) return null;
  const leaf = String(name[name.length - 1]);
  const label = labels.field(leaf);
  const disabled = spec.createOnly && context.mode === "edit";
  const widget =
    spec.widget.type === "choice" && spec.allowed ? { ...spec.widget, options: spec.allowed(context) } : spec.widget;
  switch (widget.type) {
    case "address":
      return <FieldGroup kind={kind} name={name} legend={label} fields={ADDRESS_FIELDS} context={context} />;
    case "group":
      return (
        <FieldGroup
          kind={kind}
          name={name}
          legend={titled ? label : undefined}
          fields={widget.fields}
          context={context}
        />
      );
    case "list":
      return <ListField kind={kind} name={name} label={label} titled={titled} widget={widget} />;
    case "journalLines":
      return <JournalLinesField kind={kind} name={name} label={label} titled={titled} context={context} />;
    case "cashLines":
      return <CashLinesField kind={kind} name={name} label={label} titled={titled} context={context} />;
    case "documentLines":
      return <widget.lines.Field kind={kind} name={name} label={label} titled={titled} context={context} />;
  }
  return (
    <Form.Item
      name={name}
      label={label}
      extra={spec.help && !compact ? labels.help(leaf) : undefined}
      tooltip={spec.help && compact ? labels.help(leaf) : undefined}
      rules={[
        ...(spec.required ? [{ required: true, message: t("required", { field: label }) }] : []),
        ...(widget.type === "money" || widget.type === "decimal" ? [numberRule()] : []),
      ]}
      {...valueProps(widget)}
    >
      <FieldControl widget={widget} kind={kind} disabled={disabled} allowClear={!spec.required} />
    </Form.Item>
  );
}

/** Fields laid out two to a row on wide screens, one on narrow ones. */
export function FieldGrid({ children }: { children: ReactNode }) {
  return <Row gutter={[16, 0]}>{children}</Row>;
}

export function FieldCell({
  spec,
  columns = 2,
  children,
}: {
  spec: FieldSpec;
  columns?: 2 | 3 | 4;
  children: ReactNode;
}) {
  if (isWide(spec)) return <Col span={24}>{children}</Col>;
  return (
    <Col xs={24} sm={12} lg={24 / columns}>
      {children}
    </Col>
  );
}

function FieldGroup({
  kind,
  name,
  legend,
  fields,
  context,
}: {
  kind: string;
  name: NamePath;
  legend?: string;
  fields: Fields;
  context: FormContext;
}) {
  const grid = (
    <FieldGrid>
      {Object.entries(fields).map(([sub, spec]) =>
        !spec.readOnly && isShown(spec, context) ? (
          <FieldCell key={sub} spec={spec}>
            <FormField kind={kind} name={[...name, sub]} spec={spec} context={context} />
          </FieldCell>
        ) : null,
      )}
    </FieldGrid>
  );
  // A group that is all its section holds needs no frame of its own: the section names it.
  if (!legend) return grid;
  return (
    <fieldset className="record-fieldset">
      <legend>{legend}</legend>
      {grid}
    </fieldset>
  );
}
