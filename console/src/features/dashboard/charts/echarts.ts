// ECharts with only what the dashboard draws: bar and line charts on a grid with tooltips and a legend,
// rendered as SVG (crisp at any zoom, and light for a few small charts). Each chart's accessible name
// and description come from its container (see Chart.tsx), not from ECharts' aria component.
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export { echarts };
export type { EChartsCoreOption } from "echarts/core";

export const PALETTE = ["#0f6e56", "#e8a33d", "#3b7dd8", "#c4473a", "#7b61c9", "#2a9d8f", "#8c8c8c"];
