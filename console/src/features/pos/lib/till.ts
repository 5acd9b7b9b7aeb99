// A till's state and its sync, offline first. Opened online it caches the register, its catalog and its open
// shift, and keeps enough receipt numbers (a new block once fewer than half a block are left). Sales and shift
// operations are queued in IndexedDB and sent whenever the network is up: on the `online` event, after each
// sale, and by a retry that backs off while sending fails. Shift operations go first, then the sales in
// batches of at most 100 in number order; `recorded` and `duplicate` mark a sale synced, `refused` keeps it
// (with its reasons) in the list of sales not synced. Sending again is safe: the server knows each id.
import { useCallback, useEffect, useRef, useState } from "react";

import { api, ApiProblem, unwrap } from "@/api/client";
import { fetchCatalog, openShiftOf, type PosRegister, type SaleOutcomeProblem } from "./api";
import {
  addBlock,
  db,
  newId,
  numbersLeft,
  putSale,
  queued,
  queueSale,
  salesOf,
  type Catalog,
  type LocalSale,
  type LocalShift,
  type Operation,
} from "./db";

const BATCH = 100;
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, []);
  return online;
}

export interface TillState {
  catalog: Catalog | null;
  shift: LocalShift | null;
  sales: LocalSale[];
  operations: Operation[];
  numbersLeft: number;
  /** Loading the register the first time failed (offline with nothing cached, or refused). */
  problem: unknown;
  loading: boolean;
}

const EMPTY: TillState = { catalog: null, shift: null, sales: [], operations: [], numbersLeft: 0, problem: null, loading: true };

const leasing = new Map<string, Promise<void>>();

/** Lease blocks while fewer than half a block of numbers are left (online only); one lease at a time. */
function keepNumbers(register: PosRegister): Promise<void> {
  const lease = async () => {
    const size = register.block_size ?? 100;
    while (navigator.onLine && (await numbersLeft(register.id)) < size / 2) {
      const block = await unwrap(api.POST("/v1/pos/registers/{id}/blocks", { params: { path: { id: register.id } } }));
      await addBlock({ register_id: register.id, first: block.first, last: block.last });
    }
  };
  const next = (leasing.get(register.id) ?? Promise.resolve()).catch(() => undefined).then(lease);
  leasing.set(register.id, next);
  return next;
}

/** Cache what the register needs: itself, its catalog, its shift open on the server; and numbers. */
async function load(registerId: string): Promise<void> {
  const register = await unwrap(api.GET("/v1/pos/registers/{id}", { params: { path: { id: registerId } } }));
  const items = await fetchCatalog(register);
  const database = await db();
  await database.put("catalogs", { register_id: registerId, register, items, fetched_at: new Date().toISOString() });
  const local = await database.get("shifts", registerId);
  const pending = await database.getAllFromIndex("operations", "register", registerId);
  const server = await openShiftOf(registerId);
  if (server && local?.id !== server.id) {
    await database.put("shifts", {
      register_id: registerId,
      id: server.id,
      opening_float: server.opening_float ?? "0.00",
      opened_at: server.opened_at ?? server.created_at,
    });
  } else if (!server && local && !pending.some((op) => op.shift_id === local.id)) {
    await database.delete("shifts", registerId); // closed elsewhere
  }
  await keepNumbers(register);
}

function problemsOf(error: unknown): SaleOutcomeProblem[] {
  if (error instanceof ApiProblem) {
    const problems = error.errors.map((one) => ({
      field: one.field,
      code: one.code ?? "",
      message: one.message,
      params: one.params ?? {},
    }));
    return problems.length ? problems : [{ field: "", code: error.code ?? "", message: error.detail, params: error.params }];
  }
  return [{ field: "", code: "", message: String(error), params: {} }];
}

/** Send what is queued (operations, then sales by number). Throws when the network fails. */
async function sendQueued(registerId: string): Promise<void> {
  const database = await db();
  const operations = (await database.getAllFromIndex("operations", "register", registerId)).filter((op) => !op.error);
  for (const op of operations.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    if (!navigator.onLine) throw new ApiProblem(0, { title: "Offline" });
    try {
      if (op.path === "/v1/pos/shifts") {
        await unwrap(api.POST("/v1/pos/shifts", { body: op.body as never }));
      } else {
        await unwrap(api.POST("/v1/pos/shifts/{id}/cash", { params: { path: { id: op.shift_id } }, body: op.body as never }));
      }
      await database.delete("operations", op.seq ?? 0);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 0) throw error;
      await database.put("operations", { ...op, error: problemsOf(error) });
    }
  }
  for (;;) {
    if (!navigator.onLine) throw new ApiProblem(0, { title: "Offline" });
    const batch = await queued(registerId, BATCH);
    if (!batch.length) return;
    const answer = await unwrap(api.POST("/v1/pos/sales", { body: { sales: batch.map((sale) => sale.body) } }));
    const byId = new Map(answer.results.map((result) => [result.id, result]));
    let answered = 0;
    for (const sale of batch) {
      const result = byId.get(sale.id);
      if (!result) continue;
      answered += 1;
      if (result.result === "refused") await putSale({ ...sale, status: "refused", errors: result.errors });
      else await putSale({ ...sale, status: "synced", state: result.state ?? undefined, errors: undefined });
    }
    if (!answered) throw new ApiProblem(0, { title: "Unanswered" }); // try again later, not in a loop
  }
}

export function useTill(registerId: string) {
  const online = useOnline();
  const [state, setState] = useState<TillState>(EMPTY);
  const [syncing, setSyncing] = useState(false);
  const [fetching, setFetching] = useState(false);
  const busy = useRef(false);
  const delay = useRef(RETRY_FIRST_MS);
  const timer = useRef<number | undefined>(undefined);

  const refresh = useCallback(async () => {
    const database = await db();
    const [catalog, shift, sales, operations, left] = await Promise.all([
      database.get("catalogs", registerId),
      database.get("shifts", registerId),
      salesOf(registerId),
      database.getAllFromIndex("operations", "register", registerId),
      numbersLeft(registerId),
    ]);
    setState((was) => ({
      ...was,
      catalog: catalog ?? null,
      shift: shift ?? null,
      sales,
      operations,
      numbersLeft: left,
      loading: false,
    }));
  }, [registerId]);

  const sync = useCallback(async () => {
    window.clearTimeout(timer.current);
    if (busy.current || !navigator.onLine) return;
    busy.current = true;
    setSyncing(true);
    let again = false;
    try {
      await sendQueued(registerId);
      const catalog = await (await db()).get("catalogs", registerId);
      if (catalog) await keepNumbers(catalog.register);
      delay.current = RETRY_FIRST_MS;
    } catch {
      again = true;
      delay.current = Math.min(delay.current * 2, RETRY_MAX_MS);
    } finally {
      busy.current = false;
      setSyncing(false);
      await refresh();
    }
    const waiting = (await queued(registerId, 1)).length > 0;
    if (again || waiting) timer.current = window.setTimeout(() => void sync(), delay.current);
  }, [registerId, refresh]);

  // Open: cache the register when online, then show what is stored (the cache alone when offline).
  useEffect(() => {
    let live = true;
    void (async () => {
      let problem: unknown = null;
      if (navigator.onLine) {
        setFetching(true);
        try {
          await load(registerId);
        } catch (error) {
          problem = error;
        } finally {
          setFetching(false);
        }
      }
      if (!live) return;
      await refresh();
      setState((was) => ({ ...was, problem: was.catalog ? null : problem }));
      void sync();
    })();
    return () => {
      live = false;
      window.clearTimeout(timer.current);
    };
  }, [registerId, refresh, sync]);

  useEffect(() => {
    if (online) {
      delay.current = RETRY_FIRST_MS;
      void sync();
    }
  }, [online, sync]);

  const openShift = useCallback(
    async (openingFloat: string) => {
      const database = await db();
      const shift: LocalShift = {
        register_id: registerId,
        id: newId("shf"),
        opening_float: openingFloat,
        opened_at: new Date().toISOString(),
      };
      const tx = database.transaction(["shifts", "operations"], "readwrite");
      await tx.objectStore("shifts").put(shift);
      await tx.objectStore("operations").add({
        register_id: registerId,
        path: "/v1/pos/shifts",
        shift_id: shift.id,
        body: { id: shift.id, register_id: registerId, opening_float: openingFloat, opened_at: shift.opened_at },
      });
      await tx.done;
      await refresh();
      void sync();
    },
    [registerId, refresh, sync],
  );

  const moveCash = useCallback(
    async (kind: "in" | "out", amount: string, reason: string) => {
      const shift = state.shift;
      if (!shift) return;
      await (await db()).add("operations", {
        register_id: registerId,
        path: "/v1/pos/shifts/{id}/cash",
        shift_id: shift.id,
        body: { id: newId("pcm"), kind, amount, reason, at: new Date().toISOString() },
      });
      await refresh();
      void sync();
    },
    [registerId, state.shift, refresh, sync],
  );

  /** Close the shift (online: everything queued is sent first). Answers the shift's id. */
  const closeShift = useCallback(
    async (counted: string): Promise<string> => {
      const shift = state.shift;
      if (!shift) throw new Error("no shift");
      await sendQueued(registerId);
      await unwrap(
        api.POST("/v1/pos/shifts/{id}/close", {
          params: { path: { id: shift.id } },
          body: { counted_cash: counted, closed_at: new Date().toISOString() },
        }),
      );
      await (await db()).delete("shifts", registerId);
      await refresh();
      return shift.id;
    },
    [registerId, state.shift, refresh],
  );

  const completeSale = useCallback(
    async (make: (number: number) => LocalSale) => {
      const sale = await queueSale(registerId, make);
      await refresh();
      void sync();
      return sale;
    },
    [registerId, refresh, sync],
  );

  const retry = useCallback(
    async (sale: LocalSale) => {
      await putSale({ ...sale, status: "queued", errors: undefined });
      await refresh();
      void sync();
    },
    [refresh, sync],
  );

  return { ...state, online, syncing, busy: syncing || fetching, sync, openShift, moveCash, closeShift, completeSale, retry };
}

export type Till = ReturnType<typeof useTill>;
