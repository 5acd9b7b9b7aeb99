// The point of sale's API (/v1/pos), read through the typed client: registers, shifts and their Z reports,
// conflicts and their resolution; and what a till caches to sell offline (its catalog, priced as the server
// prices: the register's price book, else the item's sales price, SST included).
import { useQuery } from "@tanstack/react-query";

import { api, unwrap, type Schemas } from "@/api/client";
import i18n from "@/i18n";
import { toSen, withTax, type Sen } from "./money";
import type { CatalogItem } from "./db";

export type PosRegister = Schemas["PosRegister"];
export type PosShift = Schemas["PosShift"];
export type PosSale = Schemas["PosSale"];
export type ZReport = Schemas["PosZReport"];
export type SaleCreate = Schemas["PosSaleCreate"];
export type SaleOutcome = Schemas["PosSaleOutcome"];
export type SaleOutcomeProblem = Schemas["PosSaleConflict"];

export const READ = "pos:read";
export const SELL = "pos:sell";
export const MANAGE = "pos:manage";

export const posKeys = {
  all: ["pos"] as const,
  registers: ["pos", "registers"] as const,
  shifts: ["pos", "shifts"] as const,
  shift: (id: string) => ["pos", "shifts", id] as const,
  zReport: (id: string) => ["pos", "shifts", id, "z-report"] as const,
  conflicts: ["pos", "conflicts"] as const,
};

export function useRegisters() {
  return useQuery({
    queryKey: posKeys.registers,
    queryFn: () => unwrap(api.GET("/v1/pos/registers", { params: { query: { limit: 200, sort: "code" } } })),
  });
}

export function useShifts() {
  return useQuery({
    queryKey: posKeys.shifts,
    queryFn: () => unwrap(api.GET("/v1/pos/shifts", { params: { query: { limit: 100 } } })),
  });
}

export function useShift(id: string) {
  return useQuery({
    queryKey: posKeys.shift(id),
    queryFn: () => unwrap(api.GET("/v1/pos/shifts/{id}", { params: { path: { id } } })),
  });
}

export function useZReport(id: string | undefined) {
  return useQuery({
    queryKey: posKeys.zReport(id ?? ""),
    queryFn: () => unwrap(api.GET("/v1/pos/shifts/{id}/z-report", { params: { path: { id: id ?? "" } } })),
    enabled: Boolean(id),
  });
}

export function useConflicts() {
  return useQuery({
    queryKey: posKeys.conflicts,
    queryFn: () => unwrap(api.GET("/v1/pos/conflicts", { params: { query: { limit: 100 } } })),
  });
}

/** The shift open on a register on the server, if any. */
export async function openShiftOf(registerId: string): Promise<PosShift | undefined> {
  const page = await unwrap(api.GET("/v1/pos/shifts", { params: { query: { state: "open", limit: 200 } } }));
  return page.items.find((shift) => shift.register_id === registerId);
}

async function allItems(): Promise<Schemas["Item"][]> {
  const items: Schemas["Item"][] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(api.GET("/v1/items", { params: { query: { limit: 200, cursor } } }));
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

/** The book's price of each item (min quantity 1, base unit), SST included. */
async function bookPrices(bookId: string, items: Schemas["Item"][]): Promise<Map<string, Sen>> {
  const book = await unwrap(api.GET("/v1/price-books/{id}", { params: { path: { id: bookId } } }));
  const prices = new Map<string, Sen>();
  const today = new Date().toISOString().slice(0, 10);
  if (book.status !== "active" || (book.valid_from && book.valid_from > today) || (book.valid_to && book.valid_to < today)) {
    return prices;
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const rates = new Map<string, string>();
  for (const line of book.lines ?? []) {
    const item = byId.get(line.item_id);
    const price = toSen(String(line.unit_price));
    if (!item || price === null || Number(line.min_quantity ?? 1) > 1 || (line.uom && line.uom !== item.base_uom)) continue;
    if (book.prices_include_tax || !item.sales_tax_code_id) {
      prices.set(item.id, price);
      continue;
    }
    const codeId = item.sales_tax_code_id;
    if (!rates.has(codeId)) {
      const code = await unwrap(api.GET("/v1/tax-codes/{id}", { params: { path: { id: codeId } } }));
      rates.set(codeId, String(code.rate ?? "0"));
    }
    prices.set(item.id, withTax(price, rates.get(codeId) ?? "0"));
  }
  return prices;
}

/** What a register sells: every active stock or non-stock item, at its price now. */
export async function fetchCatalog(register: PosRegister): Promise<CatalogItem[]> {
  const items = (await allItems()).filter((item) => item.status === "active" && item.kind !== "service");
  const book = register.price_book_id ? await bookPrices(register.price_book_id, items) : new Map<string, Sen>();
  return items.map((item) => ({
    id: item.id,
    code: item.code ?? item.id,
    name: item.name ?? "",
    barcodes: item.barcodes ?? [],
    price: book.get(item.id) ?? toSen(item.sales_price ?? null),
  }));
}

/** A refusal or conflict in the reader's language (the errors namespace), the API's English otherwise. */
export function problemText(problem: Pick<SaleOutcomeProblem, "code" | "message" | "params">): string {
  return i18n.exists(problem.code, { ns: "errors" })
    ? i18n.t(problem.code, { ns: "errors", ...(problem.params ?? {}) })
    : problem.message;
}
