/* sorting.js: the papers in the order of a column. The sort is named in the address by the
 * column's id ("year", "-year" descending); each header's aria-sort says which column sorts. */
import { compareKeys, textKey } from "./cells.js";

export function headers(table) {
  return Array.from(table.tHead.rows[0].cells);
}

export function columnId(th) {
  return th.textContent
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// The column `sort` names ("year", "-year", "" for the explorer's own order), or null.
export function sortColumn(table, sort) {
  const id = sort.replace(/^-/, "");
  const th = id && headers(table).find((h) => columnId(h) === id);
  return th ? { id, th, column: th.dataset.surveyColumn || "", direction: sort.startsWith("-") ? -1 : 1 } : null;
}

// Each paper's key for a column: a number or text, null for an empty cell.
function sortKeys(data, sorted) {
  const n = data.count;
  const keys = new Array(n);
  if (sorted.column) {
    const values = data.columns.get(sorted.column);
    for (let p = 0; p < n; p++) keys[p] = textKey(values[p]);
  } else if (sorted.id === "year") {
    for (let p = 0; p < n; p++) keys[p] = data.year[p];
  } else if (sorted.id === "added") {
    for (let p = 0; p < n; p++) keys[p] = data.added[p];
  } else if (sorted.id === "category") {
    for (let p = 0; p < n; p++) keys[p] = data.index.category[p] >= 0 ? data.categoryRank[data.index.category[p]] : null;
  } else if (sorted.id === "code") {
    for (let p = 0; p < n; p++) keys[p] = data.flags[p] & 1 ? 0 : null;
  } else {
    const ranks = data.ranks[sorted.id];
    for (let p = 0; p < n; p++) keys[p] = ranks[p] < 0 ? null : ranks[p];
  }
  return keys;
}

// The papers in the order of the sorted column (ties and the explorer's own order: by number);
// the headers' aria-sort follows.
export function arrange(data, table, sort) {
  const order = Array.from({ length: data.count }, (_, p) => p);
  const sorted = sortColumn(table, sort);
  if (sorted) {
    const keys = sortKeys(data, sorted);
    const direction = sorted.direction;
    order.sort((x, y) => {
      const a = keys[x];
      const b = keys[y];
      if (a === null || b === null) return (a === null) - (b === null) || x - y;
      return direction * compareKeys(a, b) || x - y;
    });
  }
  for (const th of headers(table)) {
    const state = sorted && th === sorted.th ? (sorted.direction > 0 ? "ascending" : "descending") : "none";
    th.setAttribute("aria-sort", state);
  }
  return order;
}
