/* data.js: the explorer's JSON files (written by survey/site/explorer/data.py, their format in
 * survey/site/explorer/__init__.py) and what they hold. index.json comes first: what filtering and
 * counting need, as small numbers. The display files of the rows in view follow, and every display
 * file once a search needs the words; a column's file once it is shown, filtered or sorted by.
 */
import { collator } from "./cells.js";
import { nameKey, searchable } from "./words.js";

const NONE = [];
const ONE = Array.from({ length: 1024 }, (_, i) => [i]); // [i], made once for the common small numbers

export class Data {
  // `fetchJSON`: main.js's fetch of a file, once per address.
  constructor(base, index, fetchJSON) {
    this.base = base;
    this.fetchJSON = fetchJSON;
    this.count = index.count;
    this.chunk = index.chunk;
    this.index = index;
    this.year = Int32Array.from(index.year);
    this.flags = Uint8Array.from(index.flags);
    this.dates = index.dates; // the dates papers were added on, oldest first (YYYY-MM-DD)
    this.added = Int32Array.from(index.added); // each paper's date, as a number into `dates`
    this.rows = new Array(Math.ceil(this.count / this.chunk)).fill(null); // display files as they arrive
    this.text = null; // each paper's searchable words, lower case, once every display file is in
    this.authors = null; // each paper's authors as the author filter compares them, likewise
    this.columns = new Map(); // column key -> each paper's value
    this.lowered = new Map();
    this.ranks = null;
    // Each category's number and its ancestors' numbers, and the rank of its title.
    const cats = index.categories;
    this.categoryCodes = cats.map((_, i) => {
      const codes = [];
      for (let k = i; k >= 0; k = cats[k][2]) codes.push(k);
      return codes;
    });
    const byTitle = cats.map((_, i) => i).sort((a, b) => collator.compare(cats[a][1], cats[b][1]) || a - b);
    this.categoryRank = new Int32Array(cats.length);
    byTitle.forEach((c, rank) => {
      this.categoryRank[c] = rank;
    });
  }

  // What a checkbox of `field` compares with (its data-prefix and value): the field's values,
  // and each paper's values as numbers into them (shared arrays: nothing is made per paper).
  vocabulary(field) {
    const index = this.index;
    switch (field) {
      case "categories":
        return {
          values: index.categories.map((c) => c[0]),
          of: (p) => (index.category[p] >= 0 ? this.categoryCodes[index.category[p]] : NONE),
        };
      case "tags":
        return { values: index.tags, of: (p) => index.tagged[p] };
      case "venue":
        return { values: index.venues, of: (p) => ONE[index.venue[p]] || [index.venue[p]] };
      case "status":
        return { values: ["peer-reviewed", "preprint"], of: (p) => (this.flags[p] & 2 ? ONE[1] : ONE[0]) };
      case "code":
        return { values: ["1"], of: (p) => (this.flags[p] & 1 ? ONE[0] : NONE) };
      default:
        return { values: [], of: () => NONE };
    }
  }

  row(p) {
    const rows = this.rows[Math.floor(p / this.chunk)];
    return rows ? rows[p % this.chunk] : null;
  }

  loadRows(numbers) {
    const chunks = new Set(Array.from(numbers, (p) => Math.floor(p / this.chunk)));
    return Promise.all(
      Array.from(chunks, (c) =>
        this.rows[c] ? null : this.fetchJSON(`${this.base}papers-${c}.json`).then((rows) => (this.rows[c] = rows)),
      ),
    );
  }

  async loadText() {
    if (this.text) return;
    await this.loadRows(Array.from(this.rows.keys(), (c) => c * this.chunk));
    const text = new Array(this.count);
    for (let p = 0; p < this.count; p++) {
      const [, title, authors, , tldr] = this.row(p);
      text[p] = searchable([title, ...authors, tldr].join(" "));
    }
    this.text = text;
  }

  async loadAuthors() {
    if (this.authors) return;
    await this.loadRows(Array.from(this.rows.keys(), (c) => c * this.chunk));
    this.authors = Array.from({ length: this.count }, (_, p) => this.row(p)[2].map(nameKey));
  }

  // What a bound of `field` ("year" or "added") compares: each paper's number, and the bound's
  // (a date becomes a number into `dates`: the first date on or after it for "min", the last one on
  // or before it for "max").
  scale(field, value, match) {
    if (field !== "added") return { numbers: this.year, bound: Number(value) };
    const before = this.dates.filter((d) => d < value).length;
    const upTo = this.dates.filter((d) => d <= value).length;
    return { numbers: this.added, bound: match === "min" ? before : upTo - 1 };
  }

  async loadColumn(key) {
    if (this.columns.has(key)) return;
    const values = await this.fetchJSON(`${this.base}column-${key}.json`);
    this.columns.set(key, values);
    this.lowered.set(
      key,
      values.map((v) => searchable(v)),
    );
  }

  async loadRanks() {
    if (!this.ranks) this.ranks = await this.fetchJSON(`${this.base}sort.json`);
  }

  // The texts a "words" field searches: the papers' words or a column's values.
  texts(field) {
    return field === "text" ? this.text : this.lowered.get(field.slice("fact-".length));
  }
}
