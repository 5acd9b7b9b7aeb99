// One chart: a titled card whose drawing has an accessible name (role="img"), resizing with its container.
import { Card } from "antd";
// The ESM build: the CommonJS one (lib/) hands Vite a module object instead of the component.
import ReactEChartsCore from "echarts-for-react/esm/core";
import type { ReactNode } from "react";

import { echarts, type EChartsCoreOption } from "./echarts";

export function Chart({
  title,
  description,
  option,
  testId,
  height = 300,
  extra,
}: {
  title: string;
  /** What the chart shows, read out to screen reader users. */
  description: string;
  option: EChartsCoreOption;
  testId: string;
  height?: number;
  extra?: ReactNode;
}) {
  return (
    <Card size="small" title={title} extra={extra} styles={{ body: { padding: "8px 8px 4px" } }}>
      <div role="img" aria-label={`${title}. ${description}`} data-testid={testId}>
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge
          lazyUpdate
          opts={{ renderer: "svg" }}
          style={{ height, width: "100%" }}
        />
      </div>
    </Card>
  );
}
