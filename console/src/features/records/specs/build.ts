// Short ways to declare fields in the specs.
import { today } from "@/lib/format";
import type { FieldSpec, FormContext, ReferenceTarget, Widget } from "../engine/types";
import type { CodeTableName } from "../reference/codes";

type Options = Omit<FieldSpec, "widget">;

export const field = (widget: Widget, options: Options = {}): FieldSpec => ({ widget, ...options });

export const text = (options: Options = {}) => field({ type: "text" }, options);
export const upper = (options: Options = {}) => field({ type: "text", upper: true }, options);
export const longText = (options: Options = {}) => field({ type: "text", long: true }, options);
export const choice = (options: readonly string[], labels: string, more: Options = {}) =>
  field({ type: "choice", options, labels }, more);
export const code = (table: CodeTableName, options: Options = {}) => field({ type: "code", table }, options);
export const reference = (target: ReferenceTarget, options: Options = {}) =>
  field({ type: "reference", target }, options);
export const currency = (options: Options = {}) => field({ type: "currency" }, options);
export const money = (options: Options = {}) => field({ type: "money" }, options);
export const decimal = (options: Options = {}) => field({ type: "decimal" }, options);
export const integer = (min?: number, max?: number, options: Options = {}) =>
  field({ type: "integer", min, max }, options);
export const date = (options: Options = {}) => field({ type: "date" }, options);
export const toggle = (options: Options = {}) => field({ type: "switch" }, options);
export const address = (options: Options = {}) => field({ type: "address" }, options);

/** The record's code: assigned by a numbering series, shown but never sent. */
export const numberedCode = () => text({ readOnly: true });
/** A code the user chooses when creating the record; it cannot change afterwards. */
export const ownCode = (options: Options = {}) => text({ required: true, createOnly: true, help: true, ...options });
export const todayDate = (options: Options = {}) => date({ required: true, initial: () => today(), ...options });

/** Shown only for documents in a foreign currency (the rate converts them to the base currency). */
export const foreignOnly = ({ currency: current, baseCurrency }: FormContext) => current !== baseCurrency;
