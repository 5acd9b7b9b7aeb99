// Addresses of the stock report pages, with their filters in the query (as the pages read them).

/** The stock card of an item at a location, optionally between two dates. */
export function cardPath(itemId: string, locationId: string, dates: { from?: string; to?: string } = {}): string {
  const query = new URLSearchParams({ item: itemId, location: locationId });
  if (dates.from) query.set("from", dates.from);
  if (dates.to) query.set("to", dates.to);
  return `/stock/card?${query.toString()}`;
}

/** The batches on hand, of one item if given. */
export function batchesPath(itemId?: string): string {
  return itemId ? `/stock/batches?${new URLSearchParams({ item: itemId }).toString()}` : "/stock/batches";
}

/** The serial numbers of an item. */
export function serialsPath(itemId?: string): string {
  return itemId ? `/stock/serials?${new URLSearchParams({ item: itemId }).toString()}` : "/stock/serials";
}
