// Editing the company profile (PATCH /v1/platform/tenant). Formats (registration numbers, postcode) are
// checked by the API, whose messages land on the fields; the form only insists on what is required.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, Divider, Flex, Form, Input, Row, Select, Typography } from "antd";
import type { FormInstance, FormRule } from "antd";
import { useTranslation } from "react-i18next";

import { api, unwrap, type Schemas } from "@/api/client";
import { FormProblemAlert, useFormProblem } from "@/components/FormProblem";
import { CompanyFields, companyBody, type CompanyFieldValues } from "@/features/auth/CompanyFields";
import { keys, type Address, type TenantProfile } from "../api";
import { MALAYSIAN_STATES } from "./states";

interface AddressValues {
  line1?: string;
  line2?: string;
  city?: string;
  postcode?: string;
  state?: Address["state"];
}

interface CompanyValues extends CompanyFieldValues {
  address: AddressValues;
}

const ADDRESS_FIELDS = ["line1", "line2", "city", "postcode", "state"] as const;

function blank(value: string | undefined): boolean {
  return !value || value.trim() === "";
}

function addressGiven(address: AddressValues | undefined): boolean {
  return ADDRESS_FIELDS.some((field) => !blank(address?.[field]));
}

function initialValues(tenant: TenantProfile): CompanyValues {
  return {
    legal_name: tenant.legal_name,
    brn: tenant.brn,
    tin: tenant.tin,
    sst_number: tenant.sst_number ?? "",
    fiscal_year_start_month: tenant.fiscal_year_start_month,
    time_zone: tenant.time_zone as CompanyValues["time_zone"],
    address: {
      line1: tenant.address?.line1 ?? "",
      line2: tenant.address?.line2 ?? "",
      city: tenant.address?.city ?? "",
      postcode: tenant.address?.postcode ?? "",
      state: tenant.address?.state,
    },
  };
}

function patchBody(values: CompanyValues, tenant: TenantProfile): Schemas["TenantPatch"] {
  const body: Schemas["TenantPatch"] = companyBody(values);
  const address = values.address;
  if (addressGiven(address)) {
    body.address = {
      line1: address.line1?.trim() ?? "",
      line2: blank(address.line2) ? null : address.line2!.trim(),
      city: address.city?.trim() ?? "",
      postcode: address.postcode?.trim() ?? "",
      state: address.state as Address["state"],
      country: "MY",
    };
  } else if (tenant.address) {
    body.address = null; // every address field emptied: clear it
  }
  return body;
}

/** Required once any part of the address is filled in (an address is optional as a whole). */
function requiredInAddress(form: FormInstance<CompanyValues>, message: string): FormRule {
  return {
    validator: async (_, value?: string) => {
      if (blank(value) && addressGiven(form.getFieldValue("address"))) throw new Error(message);
    },
  };
}

export function CompanyForm({ tenant, onDone }: { tenant: TenantProfile; onDone: () => void }) {
  const { t } = useTranslation("admin");
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CompanyValues>();
  const problem = useFormProblem(form);

  const save = useMutation({
    mutationFn: (values: CompanyValues) =>
      unwrap(api.PATCH("/v1/platform/tenant", { body: patchBody(values, tenant) })),
    onMutate: () => problem.clear(),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.tenant, saved);
      void queryClient.invalidateQueries({ queryKey: ["me"] });
      void message.success(t("common:saved"));
      onDone();
    },
    onError: (error) => problem.show(error),
  });

  const addressRule = requiredInAddress(form, t("validation.addressPart"));
  const addressDependencies = ADDRESS_FIELDS.map((field) => ["address", field]);

  return (
    <Card>
      <FormProblemAlert shown={problem.shown} />
      <Form<CompanyValues>
        form={form}
        layout="vertical"
        initialValues={initialValues(tenant)}
        onFinish={(values) => save.mutate(values)}
        disabled={save.isPending}
        scrollToFirstError
        data-testid="company-form"
      >
        <CompanyFields
          layout="threeColumns"
          label={(field) => t(`company.field.${field}`)}
          help={{ sstNumber: t("company.help.sstNumber"), baseCurrency: t("company.immutable") }}
          baseCurrency={{ inputId: "company-base-currency", value: tenant.base_currency }}
        />
        <Divider titlePlacement="start" plain>
          <Typography.Text strong>{t("company.field.address")}</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={["address", "line1"]} label={t("company.address.line1")} rules={[addressRule]} dependencies={addressDependencies}>
              <Input autoComplete="address-line1" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={["address", "line2"]} label={t("company.address.line2")}>
              <Input autoComplete="address-line2" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8} md={6}>
            <Form.Item
              name={["address", "postcode"]}
              label={t("company.address.postcode")}
              rules={[addressRule]}
              dependencies={addressDependencies}
              extra={t("company.help.postcode")}
            >
              <Input inputMode="numeric" autoComplete="postal-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16} md={6}>
            <Form.Item name={["address", "city"]} label={t("company.address.city")} rules={[addressRule]} dependencies={addressDependencies}>
              <Input autoComplete="address-level2" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name={["address", "state"]} label={t("company.address.state")} rules={[addressRule]} dependencies={addressDependencies}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                options={MALAYSIAN_STATES.map((state) => ({ value: state, label: t(`state.${state}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item label={t("company.address.country")} htmlFor="company-country">
              <Input id="company-country" value={t("company.malaysia")} readOnly variant="filled" />
            </Form.Item>
          </Col>
        </Row>
        <Flex gap="small" justify="end" wrap>
          <Button onClick={onDone} disabled={save.isPending}>
            {t("common:action.cancel")}
          </Button>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t("common:action.save")}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
