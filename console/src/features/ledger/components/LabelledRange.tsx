// The frame of a range picker: the pair's visible label, and one label for each end for screen readers.
import { Flex, Typography } from "antd";
import { useId, type ReactNode } from "react";

export function LabelledRange({
  label,
  fromLabel,
  toLabel,
  testId,
  children,
}: {
  label: string;
  fromLabel: string;
  toLabel: string;
  testId: string;
  /** The picker, given the ids its two inputs must carry. */
  children: (ids: { start: string; end: string }) => ReactNode;
}) {
  const id = useId();
  return (
    <Flex vertical gap={4} role="group" aria-labelledby={`${id}-label`} data-testid={testId}>
      <Typography.Text type="secondary" id={`${id}-label`} style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <label htmlFor={`${id}-from`} className="ledger-sr-only">
        {fromLabel}
      </label>
      <label htmlFor={`${id}-to`} className="ledger-sr-only">
        {toLabel}
      </label>
      {children({ start: `${id}-from`, end: `${id}-to` })}
    </Flex>
  );
}
