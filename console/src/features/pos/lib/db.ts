// The till's own storage (IndexedDB, one database per browser profile): what a register needs to sell with no
// network (the register, its catalog, the number blocks it leased here, its open shift) and what it has to
// send (the sales queue and the shift's operations). A receipt number is taken in the same transaction that
// queues its sale: numbers are gap-free, never given twice, and survive a reload.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { ulid } from "ulid";

import type { PosRegister, SaleCreate, SaleOutcomeProblem } from "./api";
import type { Sen, TenderKind } from "./money";

export interface CatalogItem {
  id: string;
  code: string;
  name: string;
  barcodes: string[];
  /** SST included; null: no price (the register cannot sell it). */
  price: Sen | null;
}

export interface Catalog {
  register_id: string;
  register: PosRegister;
  items: CatalogItem[];
  fetched_at: string;
}

export interface Block {
  register_id: string;
  first: number;
  last: number;
}

export interface Counter {
  register_id: string;
  /** The last number given to a sale here (0: none yet). */
  last: number;
}

export interface LocalShift {
  register_id: string;
  id: string;
  opening_float: string;
  opened_at: string;
}

/** Shift operations to send, in order, before the sales (an opening, cash in or out). */
export interface Operation {
  seq?: number;
  register_id: string;
  path: "/v1/pos/shifts" | "/v1/pos/shifts/{id}/cash";
  shift_id: string;
  body: Record<string, unknown>;
  error?: SaleOutcomeProblem[];
}

export type SaleStatus = "queued" | "synced" | "refused";

export interface ReceiptLine {
  code: string;
  name: string;
  qty: number;
  price: Sen;
  total: Sen;
}

export interface LocalSale {
  id: string;
  register_id: string;
  number: number;
  code: string;
  status: SaleStatus;
  body: SaleCreate;
  receipt: {
    lines: ReceiptLine[];
    total: Sen;
    rounding: Sen;
    payable: Sen;
    tenders: { kind: TenderKind; amount: Sen }[];
    change: Sen;
    return_of_code?: string;
  };
  /** Why the server refused it (codes translated on screen). */
  errors?: SaleOutcomeProblem[];
  /** As recorded: `recorded` or `conflict`. */
  state?: string;
}

interface TillSchema extends DBSchema {
  catalogs: { key: string; value: Catalog };
  blocks: { key: [string, number]; value: Block; indexes: { register: string } };
  counters: { key: string; value: Counter };
  shifts: { key: string; value: LocalShift };
  operations: { key: number; value: Operation; indexes: { register: string } };
  sales: { key: string; value: LocalSale; indexes: { register: string; queue: [string, string, number] } };
}

let opened: Promise<IDBPDatabase<TillSchema>> | null = null;

export function db(): Promise<IDBPDatabase<TillSchema>> {
  opened ??= openDB<TillSchema>("ledgerlet-pos", 1, {
    upgrade(database) {
      database.createObjectStore("catalogs", { keyPath: "register_id" });
      database.createObjectStore("blocks", { keyPath: ["register_id", "first"] }).createIndex("register", "register_id");
      database.createObjectStore("counters", { keyPath: "register_id" });
      database.createObjectStore("shifts", { keyPath: "register_id" });
      database
        .createObjectStore("operations", { keyPath: "seq", autoIncrement: true })
        .createIndex("register", "register_id");
      const sales = database.createObjectStore("sales", { keyPath: "id" });
      sales.createIndex("register", "register_id");
      sales.createIndex("queue", ["register_id", "status", "number"]);
    },
  });
  return opened;
}

/** A new id as the API wants it from a register: the prefix and a ULID. */
export function newId(prefix: "shf" | "pcm" | "pss"): string {
  return `${prefix}_${ulid()}`;
}

/** The numbers the register still has here, unused. */
export async function numbersLeft(registerId: string): Promise<number> {
  const database = await db();
  const [blocks, counter] = await Promise.all([
    database.getAllFromIndex("blocks", "register", registerId),
    database.get("counters", registerId),
  ]);
  const last = counter?.last ?? 0;
  return blocks.reduce((left, block) => left + Math.max(0, block.last - Math.max(block.first - 1, last)), 0);
}

export async function addBlock(block: Block): Promise<void> {
  await (await db()).put("blocks", block);
}

export class NoNumbers extends Error {}

/** Queue a sale with the next receipt number, taken in the same transaction (`make` builds it from the number). */
export async function queueSale(registerId: string, make: (number: number) => LocalSale): Promise<LocalSale> {
  const database = await db();
  const tx = database.transaction(["blocks", "counters", "sales"], "readwrite");
  const blocks = (await tx.objectStore("blocks").index("register").getAll(registerId)).sort((a, b) => a.first - b.first);
  const last = (await tx.objectStore("counters").get(registerId))?.last ?? 0;
  const block = blocks.find((one) => one.last > last);
  if (!block) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new NoNumbers();
  }
  const number = Math.max(last + 1, block.first);
  const sale = make(number);
  await tx.objectStore("counters").put({ register_id: registerId, last: number });
  await tx.objectStore("sales").add(sale);
  await tx.done;
  return sale;
}

export async function salesOf(registerId: string): Promise<LocalSale[]> {
  const sales = await (await db()).getAllFromIndex("sales", "register", registerId);
  return sales.sort((a, b) => b.number - a.number);
}

/** The register's sales waiting to be sent, by number. */
export async function queued(registerId: string, limit: number): Promise<LocalSale[]> {
  const range = IDBKeyRange.bound([registerId, "queued", 0], [registerId, "queued", Number.MAX_SAFE_INTEGER]);
  return (await db()).getAllFromIndex("sales", "queue", range, limit);
}

export async function putSale(sale: LocalSale): Promise<void> {
  await (await db()).put("sales", sale);
}
