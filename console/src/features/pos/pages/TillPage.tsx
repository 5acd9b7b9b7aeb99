// A register's till, offline first (lib/till.ts): the online badge and what waits to be sent, the shift
// (opened here with its float, cash in and out, closed with the count: then its Z report), the sale being
// rung (components/SaleEntry.tsx), its receipt, and the sales made here with those the server refused; a
// return against one of them (components/ReturnDialog.tsx) is queued like a sale, with `return_of`.
import { Alert, Badge, Button, Card, Flex, Form, Input, Modal, Radio, Result, Table, Tag, Typography } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";

import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { Receipt } from "../components/Receipt";
import { ReturnDialog, type ReturnLine } from "../components/ReturnDialog";
import { focusScanInput, SaleEntry, type CartLine } from "../components/SaleEntry";
import { problemText } from "../lib/api";
import { NoNumbers, newId, type LocalSale } from "../lib/db";
import { cashRound, fromSen, lineTotal, linesTotal, settle, toSen, type Tender, type TenderKind } from "../lib/money";
import { useTill, type Till } from "../lib/till";

const AMOUNT = /^\d{1,9}(\.\d{1,2})?$/;

function Status({ till }: { till: Till }) {
  const { t } = useTranslation("pos");
  const waiting = till.sales.filter((sale) => sale.status === "queued").length;
  const refused = till.sales.filter((sale) => sale.status === "refused").length;
  return (
    <Flex gap="small" align="center" wrap>
      <Tag color={till.online ? "green" : "red"} data-testid="pos-online" data-online={String(till.online)}>
        {till.online ? t("till.online") : t("till.offline")}
      </Tag>
      <span
        data-testid="pos-queued"
        data-count={waiting}
        data-busy={String(till.busy)}
        data-operations={till.operations.filter((op) => !op.error).length}
      >
        <Badge count={waiting} showZero color={waiting ? "orange" : "green"} /> {t("till.queued")}
      </span>
      {refused ? (
        <Tag color="red" data-testid="pos-refused-count">
          {t("till.refusedCount", { count: refused })}
        </Tag>
      ) : null}
      <Typography.Text type="secondary" data-testid="pos-numbers-left">
        {t("till.numbersLeft", { count: till.numbersLeft })}
      </Typography.Text>
      <Button size="small" onClick={() => void till.sync()} loading={till.syncing} disabled={!till.online}>
        {t("till.syncNow")}
      </Button>
    </Flex>
  );
}

function OpenShift({ till }: { till: Till }) {
  const { t } = useTranslation("pos");
  const [float, setFloat] = useState("");
  const valid = AMOUNT.test(float);
  return (
    <Card title={t("shift.openTitle")} style={{ maxWidth: 420 }} data-testid="pos-open-shift">
      <Form layout="vertical" onFinish={() => valid && void till.openShift(fromSen(toSen(float) ?? 0))}>
        <Form.Item label={t("shift.openingFloat")} htmlFor="pos-float" validateStatus={float && !valid ? "error" : ""}>
          <Input id="pos-float" inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={!valid} data-testid="pos-open-shift-submit">
          {t("shift.open")}
        </Button>
      </Form>
    </Card>
  );
}

function ShiftActions({ till }: { till: Till }) {
  const { t } = useTranslation("pos");
  const navigate = useNavigate();
  const [cash, setCash] = useState(false);
  const [closing, setClosing] = useState(false);
  const [kind, setKind] = useState<"in" | "out">("in");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [counted, setCounted] = useState("");
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shift = till.shift;
  if (!shift) return null;
  const close = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const id = await till.closeShift(fromSen(toSen(counted) ?? 0));
      navigate(`/pos/shifts/${id}`);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex gap="small" wrap align="center">
      <Typography.Text type="secondary" data-testid="pos-shift" data-shift={shift.id}>
        {t("shift.current", { float: shift.opening_float })}
      </Typography.Text>
      <Button onClick={() => setCash(true)} data-testid="pos-cash-move">
        {t("shift.cashMove")}
      </Button>
      <Button danger onClick={() => setClosing(true)} disabled={!till.online} data-testid="pos-close-shift">
        {t("shift.close")}
      </Button>
      <Modal
        open={cash}
        title={t("shift.cashMove")}
        okText={t("shift.record")}
        okButtonProps={{ disabled: !AMOUNT.test(amount) || !reason.trim() }}
        onCancel={() => setCash(false)}
        afterClose={focusScanInput}
        onOk={() => {
          void till.moveCash(kind, fromSen(toSen(amount) ?? 0), reason.trim());
          setCash(false);
          setAmount("");
          setReason("");
        }}
      >
        <Form layout="vertical">
          <Form.Item label={t("shift.direction")}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as "in" | "out")}>
              <Radio value="in">{t("shift.cashIn")}</Radio>
              <Radio value="out">{t("shift.cashOut")}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t("shift.amount")} htmlFor="pos-cash-amount">
            <Input id="pos-cash-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Form.Item>
          <Form.Item label={t("shift.reason")} htmlFor="pos-cash-reason">
            <Input id="pos-cash-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={closing}
        title={t("shift.close")}
        okText={t("shift.closeOk")}
        okButtonProps={{ disabled: !AMOUNT.test(counted), loading: busy, danger: true }}
        onCancel={() => setClosing(false)}
        afterClose={focusScanInput}
        onOk={() => void close()}
      >
        <Form layout="vertical">
          <Form.Item label={t("shift.counted")} htmlFor="pos-counted">
            <Input id="pos-counted" inputMode="decimal" value={counted} onChange={(e) => setCounted(e.target.value)} />
          </Form.Item>
        </Form>
        {problem ? <ProblemAlert error={problem} /> : null}
      </Modal>
    </Flex>
  );
}

function SalesList({
  till,
  onShow,
  onReturn,
}: {
  till: Till;
  onShow: (sale: LocalSale) => void;
  onReturn: (sale: LocalSale) => void;
}) {
  const { t } = useTranslation("pos");
  const refused = till.sales.filter((sale) => sale.status === "refused");
  return (
    <>
      {refused.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="pos-refused"
          title={t("till.refusedTitle")}
          description={
            <ul>
              {refused.map((sale) => (
                <li key={sale.id} data-number={sale.code}>
                  {sale.code}: {(sale.errors ?? []).map(problemText).join(" ")}{" "}
                  <Button size="small" type="link" onClick={() => void till.retry(sale)}>
                    {t("till.retry")}
                  </Button>
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {till.operations.some((op) => op.error) ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={t("till.operationRefused")}
          description={till.operations
            .flatMap((op) => op.error ?? [])
            .map(problemText)
            .join(" ")}
        />
      ) : null}
      <Table<LocalSale>
        style={{ marginTop: 16 }}
        size="small"
        data-testid="pos-sales"
        rowKey="id"
        dataSource={till.sales}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        onRow={(sale) => ({ "data-number": sale.code, "data-status": sale.status }) as never}
        columns={[
          { title: t("till.number"), dataIndex: "code", render: (code: string, sale) => (
            <Button type="link" size="small" onClick={() => onShow(sale)}>
              {code}
            </Button>
          ) },
          { title: t("till.total"), key: "total", align: "right", render: (_, sale) => fromSen(sale.receipt.payable) },
          {
            title: t("till.status"),
            key: "status",
            render: (_, sale) => (
              <Tag color={{ queued: "orange", synced: "green", refused: "red" }[sale.status]}>
                {t(`status.${sale.status}`)}
                {sale.state === "conflict" ? ` · ${t("status.conflict")}` : ""}
              </Tag>
            ),
          },
          {
            title: "",
            key: "return",
            render: (_, sale) =>
              sale.body.return_of ? (
                <Typography.Text type="secondary">{t("return.is", { receipt: sale.receipt.return_of_code })}</Typography.Text>
              ) : (
                <Button
                  size="small"
                  disabled={!till.shift || sale.status === "refused"}
                  onClick={() => onReturn(sale)}
                  data-testid="pos-return"
                >
                  {t("return.start")}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}

export function TillPage() {
  const { t } = useTranslation("pos");
  const { id = "" } = useParams();
  const till = useTill(id);
  const [receipt, setReceipt] = useState<LocalSale | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [returning, setReturning] = useState<LocalSale | null>(null);
  const next = useRef<HTMLButtonElement>(null);
  const register = till.catalog?.register;

  if (till.loading) return null;
  if (!register) {
    return till.problem ? (
      <ProblemAlert error={till.problem} />
    ) : (
      <Result status="warning" title={t("till.notCached")} extra={<Link to="/pos">{t("nav.registers")}</Link>} />
    );
  }

  /** Queue a sale (or a return of `original`) with the next receipt number, and show its receipt. */
  const queue = async (lines: ReturnLine[], tenders: Tender[], original?: LocalSale): Promise<boolean> => {
    const shift = till.shift;
    if (!shift) return false;
    const total = linesTotal(lines);
    const settled = settle(total, tenders);
    const saleId = newId("pss");
    try {
      const sale = await till.completeSale((number) => ({
        id: saleId,
        register_id: register.id,
        number,
        code: `${register.code ?? ""}-${String(number).padStart(6, "0")}`,
        status: "queued",
        body: {
          id: saleId,
          register_id: register.id,
          shift_id: shift.id,
          number,
          sold_at: new Date().toISOString(),
          lines: lines.map((line) => ({ item_id: line.item_id, qty: String(line.qty), unit_price: fromSen(line.price) })),
          tenders: tenders.map((tender) => ({ kind: tender.kind, amount: fromSen(tender.amount) })),
          ...(original ? { return_of: original.id } : {}),
        },
        receipt: {
          lines: lines.map((line) => ({
            code: line.code,
            name: line.name,
            qty: line.qty,
            price: line.price,
            total: lineTotal(line),
          })),
          total,
          rounding: settled.rounding,
          payable: settled.payable,
          tenders,
          change: settled.change,
          ...(original ? { return_of_code: original.code } : {}),
        },
      }));
      setProblem(null);
      setReceipt(sale);
      return true;
    } catch (error) {
      setProblem(error instanceof NoNumbers ? t("till.noNumbers") : String(error));
      return false;
    }
  };

  const complete = (lines: CartLine[], tenders: Tender[]) =>
    queue(
      lines.map((line) => ({ item_id: line.item.id, code: line.item.code, name: line.item.name, qty: line.qty, price: line.price })),
      tenders,
    );

  const refund = (lines: ReturnLine[], kind: TenderKind) => {
    const original = returning;
    setReturning(null);
    if (!original || !lines.length) return;
    const total = linesTotal(lines);
    void queue(lines, [{ kind, amount: kind === "cash" ? cashRound(total) : total }], original);
  };

  return (
    <div className="pos-till">
      <PageHeader
        title={t("till.title", { code: register.code, name: register.name })}
        subtitle={<Status till={till} />}
        extra={<ShiftActions till={till} />}
      />
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 8 }} /> : null}
      {till.shift ? (
        <SaleEntry items={till.catalog?.items ?? []} disabled={Boolean(receipt || returning)} onComplete={complete} />
      ) : (
        <OpenShift till={till} />
      )}
      <SalesList till={till} onShow={setReceipt} onReturn={setReturning} />
      {returning ? (
        <ReturnDialog sale={returning} sales={till.sales} onCancel={() => setReturning(null)} onReturn={refund} />
      ) : null}
      <Modal
        open={Boolean(receipt)}
        footer={null}
        destroyOnHidden
        width={360}
        title={receipt?.code}
        onCancel={() => setReceipt(null)}
        afterOpenChange={(open) => open && next.current?.focus()}
        afterClose={focusScanInput}
      >
        {receipt ? (
          <Flex vertical gap="small">
            <Receipt sale={receipt} registerName={register.name ?? register.code ?? ""} />
            <Button type="primary" block ref={next} onClick={() => setReceipt(null)} data-testid="pos-next-sale">
              {t("till.nextSale")}
            </Button>
          </Flex>
        ) : null}
      </Modal>
    </div>
  );
}
