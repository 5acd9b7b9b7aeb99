import { Select } from "antd";
import type { SelectProps } from "antd";

import { useRoles } from "../api";
import { useLabels } from "../labels";

/** A multi-select of the company's roles (value: role names). */
export function RolesSelect(props: Omit<SelectProps<string[]>, "mode" | "options" | "loading">) {
  const roles = useRoles();
  const labels = useLabels();
  const options = (roles.data?.items ?? []).map((role) => ({
    value: role.name,
    label: role.name,
    title: labels.roleDescription(role),
  }));
  return (
    <Select<string[]>
      {...props}
      mode="multiple"
      loading={roles.isPending}
      options={options}
      showSearch={{ optionFilterProp: "label" }}
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          <div style={{ fontSize: 12, color: "rgba(0,0,0,0.55)", whiteSpace: "normal" }}>{option.data.title}</div>
        </div>
      )}
    />
  );
}
