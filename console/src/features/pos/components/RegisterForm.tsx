// A new register (for those who may manage the point of sale): its code, the location its stock leaves from,
// its drawer and the clearing cash books of card and e-wallet tenders, the walk-in customer, the over/short
// account, optionally the account cash in and out moves against and a price book, and its block size.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Form, Input, InputNumber, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { api, idempotent, unwrap, type Schemas } from "@/api/client";
import { ProblemAlert } from "@/components/ProblemAlert";
import { posKeys } from "../lib/api";

type Body = Schemas["PosRegisterCreate"];
type Option = { value: string; label: string };

const PAGE = { limit: 200 } as const;

function options(items: { id: string; code?: string | null; name?: string | null }[]): Option[] {
  return items.map((item) => ({ value: item.id, label: [item.code, item.name].filter(Boolean).join(" · ") }));
}

/** What the pickers offer, read once the form opens. */
function usePicks(open: boolean) {
  return useQuery({
    queryKey: ["pos", "register-picks"],
    enabled: open,
    queryFn: async () => {
      const [units, books, customers, accounts, priceBooks] = await Promise.all([
        unwrap(api.GET("/v1/org-units", { params: { query: { ...PAGE, kind: "location" } } })),
        unwrap(api.GET("/v1/cash-books", { params: { query: PAGE } })),
        unwrap(api.GET("/v1/customers", { params: { query: PAGE } })),
        unwrap(api.GET("/v1/accounts", { params: { query: { ...PAGE, sort: "code" } } })),
        unwrap(api.GET("/v1/price-books", { params: { query: PAGE } })),
      ]);
      return {
        locations: options(units.items),
        cashBooks: options(books.items),
        customers: options(customers.items),
        accounts: options(accounts.items.filter((account) => !account.is_header)),
        priceBooks: options(priceBooks.items),
      };
    },
  });
}

const REQUIRED = [
  ["location_id", "locations"],
  ["cash_book_id", "cashBooks"],
  ["card_cash_book_id", "cashBooks"],
  ["ewallet_cash_book_id", "cashBooks"],
  ["customer_id", "customers"],
  ["over_short_account_id", "accounts"],
] as const;
const OPTIONAL = [
  ["cash_transfer_account_id", "accounts"],
  ["price_book_id", "priceBooks"],
] as const;

export function RegisterForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation("pos");
  const [form] = Form.useForm<Body>();
  const [key] = useState(() => crypto.randomUUID());
  const picks = usePicks(open);
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (body: Body) => unwrap(api.POST("/v1/pos/registers", { body, ...idempotent(key) })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: posKeys.registers });
      form.resetFields();
      onClose();
    },
  });
  const select = (name: string, from: keyof NonNullable<typeof picks.data>, required: boolean) => (
    <Form.Item key={name} name={name} label={t(`registers.fields.${name}`)} rules={[{ required }]}>
      <Select
        showSearch={{ optionFilterProp: "label" }}
        allowClear={!required}
        loading={picks.isLoading}
        options={picks.data?.[from] ?? []}
      />
    </Form.Item>
  );
  return (
    <Modal
      open={open}
      title={t("registers.new")}
      okText={t("registers.create")}
      okButtonProps={{ loading: create.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ProblemAlert error={picks.error ?? create.error} />
      <Form<Body>
        form={form}
        layout="vertical"
        initialValues={{ block_size: 100 }}
        onFinish={(values) => create.mutate(values)}
        data-testid="pos-register-form"
      >
        <Form.Item name="code" label={t("registers.code")} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label={t("registers.name")} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        {REQUIRED.map(([name, from]) => select(name, from, true))}
        {OPTIONAL.map(([name, from]) => select(name, from, false))}
        <Form.Item name="block_size" label={t("registers.blockSize")} rules={[{ required: true }]}>
          <InputNumber min={10} max={1000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
