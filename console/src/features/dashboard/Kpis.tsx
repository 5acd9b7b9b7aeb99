// The headline figures: cash and bank, receivables, payables and this month's profit, each with last
// month's figure beside it.
import { Card, Col, Row, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { Money } from "@/components/Format";
import type { MonthFigures } from "./lib/useDashboard";

type Key = "cash" | "receivables" | "payables" | "profit";
const TILES: Key[] = ["cash", "receivables", "payables", "profit"];

export function Kpis({ current, previous }: { current: MonthFigures; previous?: MonthFigures }) {
  const { t } = useTranslation("dashboard");
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {TILES.map((key) => {
        const negative = current[key].startsWith("-");
        return (
          <Col key={key} xs={24} sm={12} xl={6}>
            <Card size="small" data-testid={`kpi-${key}`}>
              <Typography.Text type="secondary" id={`kpi-${key}-label`}>
                {t(`kpi.${key}`)}
              </Typography.Text>
              <div
                className="dashboard-kpi-value"
                data-testid={`kpi-${key}-value`}
                style={{ color: key === "profit" && negative ? "#c4473a" : undefined }}
              >
                <Money amount={current[key]} />
              </div>
              {previous ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("kpi.lastMonth")} <Money amount={previous[key]} />
                </Typography.Text>
              ) : null}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
