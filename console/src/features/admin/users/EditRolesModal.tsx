// Changing a user's roles; the API refuses (409) to take admin away from the last active admin.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Modal } from "antd";
import { useTranslation } from "react-i18next";

import { api, unwrap } from "@/api/client";
import { FormProblemAlert, useFormProblem } from "@/components/FormProblem";
import { keys, type User } from "../api";
import { RolesSelect } from "./RolesSelect";

interface RolesValues {
  roles: string[];
}

export function EditRolesModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RolesValues>();
  const problem = useFormProblem(form);

  const save = useMutation({
    mutationFn: (values: RolesValues) =>
      unwrap(api.PATCH("/v1/platform/users/{user_id}", { params: { path: { user_id: user!.id } }, body: { roles: values.roles } })),
    onMutate: () => problem.clear(),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.users });
      void queryClient.invalidateQueries({ queryKey: keys.roles });
      void queryClient.invalidateQueries({ queryKey: ["me"] });
      void message.success(t("users.rolesSaved", { name: saved.name }));
      onClose();
    },
    onError: (error) => problem.show(error),
  });

  return (
    <Modal
      open={user !== null}
      title={t("users.editRolesOf", { name: user?.name ?? "" })}
      okText={t("common:action.save")}
      cancelText={t("common:action.cancel")}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
      onCancel={onClose}
      afterClose={problem.clear}
      destroyOnHidden
    >
      <FormProblemAlert shown={problem.shown} />
      {user ? (
        <Form<RolesValues>
          form={form}
          layout="vertical"
          initialValues={{ roles: user.roles }}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item name="roles" label={t("users.field.roles")} extra={t("users.help.roles")}>
            <RolesSelect />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
