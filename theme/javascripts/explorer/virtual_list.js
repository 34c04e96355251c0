/* virtual_list.js: only the rows in view are in the page, between two spacer rows as high as the
 * rows they stand for, so a survey of 10,000 papers stays quick. Heights are measured as rows are
 * drawn, and estimated for the others. */

import { complete, makeRow } from "./rows.js";
import { headers } from "./sorting.js";

const OVERSCAN = 600; // pixels of rows kept beyond each edge of the window

export class VirtualList {
  // `columns()`: the optional columns shown; `failed()`: a display file could not be loaded.
  constructor(form, table, data, columns, failed) {
    this.form = form;
    this.table = table;
    this.body = table.tBodies[0];
    this.data = data;
    this.columns = columns;
    this.failed = failed;
    this.shown = new Int32Array(0); // the papers that pass every filter, in order
    this.heights = new Map(); // paper -> its row's measured height, for the current layout
    this.rowsOf = new Map(); // paper -> its row, while it is in the page
    this.frame = 0;
    this.guess = 0;
    this.width = 0;
  }

  // The rows' cells change (a column shown or hidden), and so do their heights.
  forgetRows() {
    this.rowsOf.clear();
    this.heights.clear();
    this.guess = 0;
  }

  spacer(height) {
    const tr = document.createElement("tr");
    tr.className = "survey-explorer__spacer";
    tr.setAttribute("aria-hidden", "true");
    const td = document.createElement("td");
    td.colSpan = headers(this.table).filter((th) => !th.hidden).length;
    td.style.height = `${height}px`;
    tr.append(td);
    return tr;
  }

  // The height of a row not measured yet: the mean of the first rows measured in this layout,
  // then kept, so that the spacers (and what a scroll position means) stay put while the reader
  // scrolls; the browser's scroll anchoring absorbs the difference as rows get measured.
  estimate() {
    if (this.guess) return this.guess;
    if (this.heights.size < 3) return 64;
    let sum = 0;
    for (const h of this.heights.values()) sum += h;
    this.guess = sum / this.heights.size;
    return this.guess;
  }

  // Put the rows that fall in the window (the view and OVERSCAN pixels around it) in the page,
  // between two spacers as high as the rows they stand for (measured, or estimated).
  render() {
    this.frame = 0;
    if (!this.table.isConnected) return;
    const width = this.form.clientWidth; // the column's width (the table's own follows its rows)
    if (width !== this.width) {
      this.width = width;
      this.heights.clear(); // text wraps differently: measure again
      this.guess = 0;
    }
    const shown = this.shown;
    const guess = this.estimate();
    const height = (p) => this.heights.get(p) ?? guess;
    const top = this.body.getBoundingClientRect().top; // where the first row starts, in the view
    const from = -top - OVERSCAN;
    const to = -top + window.innerHeight + OVERSCAN;
    let start = 0;
    let above = 0;
    while (start < shown.length && above + height(shown[start]) < from) above += height(shown[start++]);
    if (start >= shown.length) {
      // Past the end (the list just got shorter, the scroll follows a frame later): its last rows.
      let filled = 0;
      while (start > 0 && filled < window.innerHeight + OVERSCAN) {
        const h = height(shown[--start]);
        above -= h;
        filled += h;
      }
    }
    let end = start;
    let span = above;
    while (end < shown.length && span < to) span += height(shown[end++]);
    let below = 0;
    for (let i = end; i < shown.length; i++) below += height(shown[i]);

    const wanted = Array.from(shown.subarray(start, end));
    const missing = wanted.filter((p) => !this.data.row(p));
    if (missing.length) {
      this.data.loadRows(missing).then(
        () => this.schedule(),
        () => this.failed(),
      );
    }
    const columns = this.columns();
    const rows = wanted.map((p, i) => {
      let tr = this.rowsOf.get(p);
      if (!tr || (tr.dataset.surveyPending !== undefined && complete(this.data, p, columns))) tr = makeRow(this.data, p, columns);
      tr.setAttribute("aria-rowindex", String(start + i + 2));
      return tr;
    });
    const keep = new Set(rows);
    for (const tr of Array.from(this.body.rows)) if (!keep.has(tr)) tr.remove();
    // Rows that stay keep their place (and a focused link its focus); new ones go in between.
    let next = this.body.firstChild;
    for (const tr of [this.spacer(above), ...rows, this.spacer(below)]) {
      if (tr === next) next = next.nextSibling;
      else this.body.insertBefore(tr, next);
    }
    this.rowsOf = new Map(wanted.map((p, i) => [p, rows[i]]));
    // Measure: each row's height is the distance to the next one, which counts the gap between cards.
    const tops = rows.map((tr) => tr.getBoundingClientRect().top);
    const after = this.body.lastChild.getBoundingClientRect().top;
    let moved = false;
    rows.forEach((tr, i) => {
      if (tr.dataset.surveyPending !== undefined) return;
      const measured = (i + 1 < rows.length ? tops[i + 1] : after) - tops[i];
      if (Math.abs((this.heights.get(wanted[i]) ?? guess) - measured) > 1) moved = true;
      this.heights.set(wanted[i], measured);
    });
    // Rows higher or lower than guessed: the window may no longer cover the view.
    if (moved && (rows.length === 0 || tops[0] > 0 || after < window.innerHeight)) this.schedule();
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }
}
