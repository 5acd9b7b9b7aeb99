// The global search (Ctrl-K): a control in the signed-in header, no pages of its own.
import type { Feature } from "@/app/feature";
import { GlobalSearch } from "./GlobalSearch";

export const feature: Feature = {
  headerTools: [GlobalSearch],
};
