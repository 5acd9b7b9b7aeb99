import type { Resource } from "../engine/types";
import { journals, payments, receipts, recurringJournals, transfers } from "./finance";
import { deliveryRuns } from "./deliveryRuns";
import { stockEntries, stockReservations } from "./inventory";
import { countSheets, reorderRules, stockRequests } from "./planning";
import {
  creditNotes,
  customerReceipts,
  customerRefunds,
  debitNotes,
  deliveryOrders,
  proformaInvoices,
  quotations,
  salesInvoices,
  salesOrders,
} from "./sales";
import {
  accounts,
  cashBooks,
  currencies,
  customers,
  documentTypes,
  employees,
  items,
  orgUnits,
  priceBooks,
  suppliers,
  taxCodes,
} from "./masterdata";

/** Every collection with screens, in menu order within their groups. */
export const RESOURCES: readonly Resource[] = [
  orgUnits,
  accounts,
  cashBooks,
  employees,
  items,
  customers,
  suppliers,
  priceBooks,
  taxCodes,
  currencies,
  documentTypes,
  journals,
  receipts,
  payments,
  transfers,
  recurringJournals,
  stockEntries,
  stockReservations,
  stockRequests,
  reorderRules,
  countSheets,
  quotations,
  salesOrders,
  proformaInvoices,
  deliveryOrders,
  deliveryRuns,
  salesInvoices,
  creditNotes,
  debitNotes,
  customerReceipts,
  customerRefunds,
];
