/* cells.js: what a cell's text means to sorting, shared by the data and the sort. */

export const EMPTY = "\u2013"; // how the tables show a value that is not known
export const collator = new Intl.Collator(undefined, { numeric: true });

// A cell's sort key: a number when the text reads as one ("32,768", "0.01", "12%"), else its
// text; null for an empty cell, which sorts last whatever the direction.
export function textKey(text) {
  if (text === "" || text === EMPTY) return null;
  const number = Number(text.replace(/,/g, "").replace(/\s*%$/, ""));
  return Number.isNaN(number) ? text.toLocaleLowerCase() : number;
}

export function compareKeys(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}
