// Wizard step 2: the applets the role works with, grouped by category.
import { Card, Checkbox, Col, Flex, Row, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { AppletActions } from "../api";
import { byCategory, useLabels } from "../labels";
import type { Choice } from "./permissions";

interface PickerProps {
  catalogue: AppletActions[];
  choice: Choice;
  onChange: (choice: Choice) => void;
}

/** A newly chosen applet starts with "read" (when it has it): choosing an applet means seeing it. */
function starting(applet: AppletActions): string[] {
  return applet.actions.includes("read") ? ["read"] : [];
}

export function AppletPicker({ catalogue, choice, onChange }: PickerProps) {
  const { t } = useTranslation("admin");
  const labels = useLabels();

  const toggle = (applets: AppletActions[], on: boolean) => {
    const next = { ...choice };
    for (const applet of applets) {
      if (on) next[applet.id] ??= starting(applet);
      else delete next[applet.id];
    }
    onChange(next);
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("wizard.help.applets")}
      </Typography.Paragraph>
      {byCategory(catalogue).map(([category, applets]) => {
        const count = applets.filter((applet) => choice[applet.id] !== undefined).length;
        const categoryLabel = labels.category(category);
        return (
          <Card
            key={category}
            size="small"
            title={
              <Checkbox
                checked={count === applets.length}
                indeterminate={count > 0 && count < applets.length}
                onChange={(event) => toggle(applets, event.target.checked)}
                aria-label={t("wizard.allInCategory", { category: categoryLabel })}
              >
                {categoryLabel}
              </Checkbox>
            }
            extra={<Typography.Text type="secondary">{t("wizard.chosenCount", { count, total: applets.length })}</Typography.Text>}
          >
            <Row gutter={[16, 8]}>
              {applets.map((applet) => (
                <Col key={applet.id} xs={24} sm={12} lg={8}>
                  <Checkbox checked={choice[applet.id] !== undefined} onChange={(event) => toggle([applet], event.target.checked)}>
                    {labels.applet(applet)}
                    {applet.core ? (
                      <Tag color="blue" style={{ marginInlineStart: 6 }}>
                        {t("store.core")}
                      </Tag>
                    ) : null}
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </Card>
        );
      })}
    </Flex>
  );
}
