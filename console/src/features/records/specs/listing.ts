// Short ways to declare a collection's list: its columns and its filters.
import type { ColumnSpec, FieldSpec, FilterSpec } from "../engine/types";

/** Columns shown until the user chooses their own. */
export const shown = <const Name extends string>(...fields: Name[]): ColumnSpec<Name>[] =>
  fields.map((field) => ({ field, shown: true }));

/** Columns the user may choose to show. */
export const offered = <const Name extends string>(...fields: Name[]): ColumnSpec<Name>[] =>
  fields.map((field) => ({ field }));

/** A list filter on `param`, chosen the way a field is typed in: filterBy("kind", choice(KINDS, "kind")). */
export const filterBy = <const Param extends string>(param: Param, { widget }: FieldSpec): FilterSpec<Param> => ({
  param,
  widget,
});
