// Wizard step 3: which actions per chosen applet — applets as rows, actions as columns, with "all"
// toggles for a row, a column and the whole matrix.
import { Checkbox, Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import type { AppletActions } from "../api";
import { useLabels } from "../labels";
import { allActions, type Choice } from "./permissions";

interface MatrixProps {
  applets: AppletActions[];
  choice: Choice;
  onChange: (choice: Choice) => void;
}

function tally(values: boolean[]): { checked: boolean; indeterminate: boolean } {
  const on = values.filter(Boolean).length;
  return { checked: values.length > 0 && on === values.length, indeterminate: on > 0 && on < values.length };
}

export function ActionMatrix({ applets, choice, onChange }: MatrixProps) {
  const { t } = useTranslation("admin");
  const labels = useLabels();
  const actions = allActions(applets);
  const has = (applet: AppletActions, action: string) => (choice[applet.id] ?? []).includes(action);

  const set = (cells: [AppletActions, string][], on: boolean) => {
    const next: Choice = { ...choice };
    for (const [applet, action] of cells) {
      const current = next[applet.id] ?? [];
      const updated = on ? [...new Set([...current, action])] : current.filter((item) => item !== action);
      next[applet.id] = applet.actions.filter((item) => updated.includes(item));
    }
    onChange(next);
  };

  const cellsOfRow = (applet: AppletActions): [AppletActions, string][] => applet.actions.map((action) => [applet, action]);
  const cellsOfColumn = (action: string): [AppletActions, string][] =>
    applets.filter((applet) => applet.actions.includes(action)).map((applet) => [applet, action]);
  const everyCell = applets.flatMap(cellsOfRow);
  const whole = tally(everyCell.map(([applet, action]) => has(applet, action)));

  const columns: TableColumnsType<AppletActions> = [
    {
      title: (
        <Checkbox
          {...whole}
          onChange={(event) => set(everyCell, event.target.checked)}
          aria-label={t("wizard.matrix.everything")}
        >
          {t("wizard.matrix.applet")}
        </Checkbox>
      ),
      key: "applet",
      fixed: "left",
      width: 200,
      render: (_, applet) => <Typography.Text strong>{labels.applet(applet)}</Typography.Text>,
    },
    {
      title: t("wizard.matrix.all"),
      key: "all",
      width: 64,
      align: "center",
      render: (_, applet) => (
        <Checkbox
          {...tally(applet.actions.map((action) => has(applet, action)))}
          onChange={(event) => set(cellsOfRow(applet), event.target.checked)}
          aria-label={t("wizard.matrix.allOfApplet", { applet: labels.applet(applet) })}
        />
      ),
    },
    ...actions.map((action) => ({
      title: (
        <Checkbox
          {...tally(cellsOfColumn(action).map(([applet]) => has(applet, action)))}
          onChange={(event: { target: { checked: boolean } }) => set(cellsOfColumn(action), event.target.checked)}
          aria-label={t("wizard.matrix.allOfAction", { action: labels.action(action) })}
        >
          {labels.action(action)}
        </Checkbox>
      ),
      key: action,
      align: "center" as const,
      width: 100,
      render: (_: unknown, applet: AppletActions) =>
        applet.actions.includes(action) ? (
          <Checkbox
            checked={has(applet, action)}
            onChange={(event) => set([[applet, action]], event.target.checked)}
            aria-label={t("wizard.matrix.cell", { applet: labels.applet(applet), action: labels.action(action) })}
          />
        ) : (
          <Typography.Text type="secondary" aria-label={t("wizard.matrix.notApplicable")}>
            —
          </Typography.Text>
        ),
    })),
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t("wizard.help.actions")}</Typography.Paragraph>
      <Table<AppletActions>
        rowKey="id"
        size="small"
        bordered
        columns={columns}
        dataSource={applets}
        pagination={false}
        scroll={{ x: 264 + actions.length * 100 }}
        data-testid="action-matrix"
      />
    </>
  );
}
