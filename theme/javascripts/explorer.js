/* explorer.js: the paper explorer (explore/), loaded by survey.js on that page only.
 *
 * The page holds the filter form and an empty table; the papers come as JSON files written by
 * survey/site/explorer/data.py (their format is described in survey/site/explorer/__init__.py):
 * index.json first (what filtering and counting need, as small numbers), then the display files
 * of the rows in view, and every display file once a search needs the words. Only the rows in view
 * are in the page (a virtual list: spacer rows stand for the others), so a survey of 10,000 papers
 * stays quick. Each filter keeps which papers pass it, so a keystroke recomputes one filter and one
 * pass over small arrays. The whole view lives in the address (explore/?approach=lora&sort=-year).
 */
(() => {
  "use strict";

  const EMPTY = "\u2013"; // how the tables show a value that is not known
  const OVERSCAN = 600; // pixels of rows kept beyond each edge of the window
  const FIRST_ROWS = 40; // rows whose data is fetched before the first paint
  const collator = new Intl.Collator(undefined, { numeric: true });
  const files = new Map(); // address -> promise of its JSON, kept across Material's page swaps

  function fetchJSON(url) {
    if (!files.has(url)) {
      const promise = fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        return response.json();
      });
      promise.catch(() => files.delete(url)); // a later attempt may succeed
      files.set(url, promise);
    }
    return files.get(url);
  }

  // ---- The data ----

  const NONE = [];
  const ONE = Array.from({ length: 1024 }, (_, i) => [i]); // [i], made once for the common small numbers

  class Data {
    constructor(base, index) {
      this.base = base;
      this.count = index.count;
      this.chunk = index.chunk;
      this.index = index;
      this.year = Int32Array.from(index.year);
      this.flags = Uint8Array.from(index.flags);
      this.rows = new Array(Math.ceil(this.count / this.chunk)).fill(null); // display files as they arrive
      this.text = null; // each paper's searchable words, lower case, once every display file is in
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
        Array.from(chunks, (c) => (this.rows[c] ? null : fetchJSON(`${this.base}papers-${c}.json`).then((rows) => (this.rows[c] = rows)))),
      );
    }

    async loadText() {
      if (this.text) return;
      await this.loadRows(Array.from(this.rows.keys(), (c) => c * this.chunk));
      const text = new Array(this.count);
      for (let p = 0; p < this.count; p++) {
        const [, title, authors, , tldr] = this.row(p);
        text[p] = [title, ...authors, tldr].join(" ").toLocaleLowerCase();
      }
      this.text = text;
    }

    async loadColumn(key) {
      if (this.columns.has(key)) return;
      const values = await fetchJSON(`${this.base}column-${key}.json`);
      this.columns.set(key, values);
      this.lowered.set(
        key,
        values.map((v) => v.toLocaleLowerCase()),
      );
    }

    async loadRanks() {
      if (!this.ranks) this.ranks = await fetchJSON(`${this.base}sort.json`);
    }

    // The texts a "words" field searches: the papers' words or a column's values.
    texts(field) {
      return field === "text" ? this.text : this.lowered.get(field.slice("fact-".length));
    }
  }

  // ---- Sorting ----

  // A cell's sort key: a number when the text reads as one ("32,768", "0.01", "12%"), else its
  // text; null for an empty cell, which sorts last whatever the direction.
  function textKey(text) {
    if (text === "" || text === EMPTY) return null;
    const number = Number(text.replace(/,/g, "").replace(/\s*%$/, ""));
    return Number.isNaN(number) ? text.toLocaleLowerCase() : number;
  }

  function compareKeys(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return collator.compare(String(a), String(b));
  }

  function columnId(th) {
    return th.textContent
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  }

  // ---- The explorer ----

  function filterGroups(form) {
    const groups = new Map();
    for (const control of form.elements) {
      if (!control.name || !control.dataset.field) continue;
      if (!groups.has(control.name)) {
        const holder = control.closest(".survey-facet, .survey-explorer__field, .survey-explorer__check");
        const name = holder?.querySelector(".survey-facet__name, span");
        groups.set(control.name, {
          name: control.name,
          field: control.dataset.field,
          match: control.dataset.match,
          prefix: control.dataset.prefix || "",
          checkboxes: control.type === "checkbox",
          label: name ? name.textContent.trim() : control.name,
          holder: control.closest(".survey-facet"),
          controls: [],
          pass: null, // which papers pass, for the values in `key`
          key: "",
        });
      }
      groups.get(control.name).controls.push(control);
    }
    return Array.from(groups.values());
  }

  function valuesOf(group) {
    if (group.checkboxes) return group.controls.filter((c) => c.checked).map((c) => c.value);
    const value = group.controls[0].value.trim();
    return value ? [value] : [];
  }

  function setValues(group, values) {
    for (const control of group.controls) {
      if (group.checkboxes) control.checked = values.includes(control.value);
      else {
        control.value = values[0] || "";
        if (control.tagName === "SELECT" && control.value !== (values[0] || "")) control.value = ""; // not an option
      }
    }
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  const isWebAddress = (value) => /^https?:\/\//i.test(value);

  class Explorer {
    constructor(form, table, data, shared) {
      this.form = form;
      this.table = table;
      this.body = table.tBodies[0];
      this.data = data;
      this.groups = filterGroups(form);
      this.byName = new Map(this.groups.map((g) => [g.name, g]));
      this.count = form.querySelector(".survey-explorer__count");
      this.empty = form.querySelector(".survey-explorer__empty");
      this.undo = this.empty.querySelector("[data-survey-undo]");
      this.loading = document.querySelector(".survey-explorer__loading");
      this.columnBoxes = Array.from(form.querySelectorAll("input[data-column]"));
      this.changed = []; // filter groups in the order they were last changed: the last one can be cleared
      this.sort = ""; // "year", "-year", or "" for the explorer's own order
      this.order = null; // the papers in sort order
      this.shown = new Int32Array(0); // the papers that pass every filter, in order
      this.heights = new Map(); // paper -> its row's measured height, for the current layout
      this.rowsOf = new Map(); // paper -> its row, while it is in the page
      this.ticket = 0;
      this.frame = 0;
      this.guess = 0;
      this.width = 0;
      for (const group of this.groups) if (group.checkboxes) this.prepareGroup(group);
      this.addColumns();
      this.makeSortable(shared.sortButton);
    }

    // A group of checkboxes: each paper's matching options, as a compact list (start, items).
    prepareGroup(group) {
      const n = this.data.count;
      const { values, of } = this.data.vocabulary(group.field);
      const option = new Map(group.controls.map((c, i) => [group.prefix + c.value, i]));
      const optionOf = Int32Array.from(values, (value) => option.get(value) ?? -1);
      const start = new Int32Array(n + 1);
      let items = new Int32Array(n * 2);
      let used = 0;
      for (let p = 0; p < n; p++) {
        for (const code of of(p)) {
          const i = optionOf[code];
          if (i < 0) continue;
          if (used === items.length) {
            const more = new Int32Array(items.length * 2);
            more.set(items);
            items = more;
          }
          items[used++] = i;
        }
        start[p + 1] = used;
      }
      group.start = start;
      group.items = items.subarray(0, used);
    }

    // ---- Filtering ----

    // Which papers pass a group's values. Only a group whose values changed is computed again.
    passes(group, values) {
      const key = JSON.stringify(values);
      if (group.pass && group.key === key) return group.pass;
      const data = this.data;
      const n = data.count;
      const pass = new Uint8Array(n);
      if (group.checkboxes) {
        const chosen = Uint8Array.from(group.controls, (c) => (values.includes(c.value) ? 1 : 0));
        const { start, items } = group;
        for (let p = 0; p < n; p++) {
          for (let k = start[p]; k < start[p + 1]; k++) {
            if (chosen[items[k]]) {
              pass[p] = 1;
              break;
            }
          }
        }
      } else if (group.match === "min" || group.match === "max") {
        const bound = Number(values[0]);
        const year = data.year;
        for (let p = 0; p < n; p++) pass[p] = group.match === "min" ? year[p] >= bound : year[p] <= bound;
      } else {
        const words = values[0].toLocaleLowerCase().split(/\s+/);
        const texts = data.texts(group.field);
        for (let p = 0; p < n; p++) {
          const text = texts[p];
          pass[p] = words.every((word) => text.includes(word)) ? 1 : 0;
        }
      }
      group.pass = pass;
      group.key = key;
      return pass;
    }

    // The data the current view needs before it can be shown.
    needs() {
      const data = this.data;
      const waits = [];
      for (const group of this.groups) {
        if (group.match !== "words" || !valuesOf(group).length) continue;
        waits.push(group.field === "text" ? data.loadText() : data.loadColumn(group.field.slice("fact-".length)));
      }
      for (const box of this.columnBoxes) if (box.checked) waits.push(data.loadColumn(box.value));
      const sorted = this.sortColumn();
      if (sorted?.column) waits.push(data.loadColumn(sorted.column));
      else if (sorted && ["paper", "authors", "venue"].includes(sorted.id)) waits.push(data.loadRanks());
      return waits;
    }

    filter() {
      const n = this.data.count;
      const chosen = new Map(this.groups.map((g) => [g, valuesOf(g)]));
      const active = this.groups.filter((g) => chosen.get(g).length);
      const fails = new Uint8Array(n);
      const failed = new Uint8Array(n); // the (last) group a paper fails
      active.forEach((group) => {
        const pass = this.passes(group, chosen.get(group));
        const g = this.groups.indexOf(group);
        for (let p = 0; p < n; p++) {
          if (!pass[p]) {
            fails[p]++;
            failed[p] = g;
          }
        }
      });
      // An option's count: the papers it would give under the other groups' filters.
      const boxes = this.groups.filter((g) => g.checkboxes);
      const tallies = boxes.map((g) => new Int32Array(g.controls.length));
      const tallyOf = new Map(boxes.map((g, i) => [this.groups.indexOf(g), i]));
      const add = (i, p) => {
        const { start, items } = boxes[i];
        const tally = tallies[i];
        for (let k = start[p]; k < start[p + 1]; k++) tally[items[k]]++;
      };
      for (let p = 0; p < n; p++) {
        if (fails[p] === 0) for (let i = 0; i < boxes.length; i++) add(i, p);
        else if (fails[p] === 1 && tallyOf.has(failed[p])) add(tallyOf.get(failed[p]), p);
      }
      const shown = [];
      for (const p of this.order) if (fails[p] === 0) shown.push(p);
      this.shown = Int32Array.from(shown);

      boxes.forEach((group, i) => {
        group.controls.forEach((control, k) => {
          const option = control.closest("label");
          const n = tallies[i][k];
          option.querySelector(".survey-facet__count").textContent = `(${n})`;
          option.classList.toggle("survey-facet__option--none", n === 0 && !control.checked);
        });
        if (group.holder) {
          const picked = group.controls.filter((c) => c.checked);
          const text =
            picked.length === 1 ? picked[0].closest("label").querySelector(".survey-facet__label").textContent : `${picked.length} chosen`;
          group.holder.querySelector(".survey-facet__chosen").textContent = picked.length ? `: ${text}` : "";
        }
      });
      const papers = n === 1 ? "paper" : "papers";
      this.count.textContent = shown.length === n ? `All ${n} ${papers}` : `${shown.length} of ${n} ${papers}`;
      this.table.setAttribute("aria-rowcount", String(shown.length + 1));
      this.changed = this.changed.filter((g) => chosen.get(g).length);
      const last = this.changed[this.changed.length - 1] || active[active.length - 1];
      this.empty.hidden = shown.length > 0 || !last;
      if (last) this.undo.textContent = `Clear the last filter (${last.label})`;
      this.undo.surveyGroup = last;
      const label = this.form.querySelector(".survey-columns .survey-facet__chosen");
      const picked = this.columnBoxes.filter((b) => b.checked).length;
      if (label) label.textContent = picked ? `: ${picked} shown` : "";
    }

    // ---- Sorting ----

    headers() {
      return Array.from(this.table.tHead.rows[0].cells);
    }

    sortColumn() {
      const id = this.sort.replace(/^-/, "");
      const th = id && this.headers().find((h) => columnId(h) === id);
      return th ? { id, th, column: th.dataset.surveyColumn || "", direction: this.sort.startsWith("-") ? -1 : 1 } : null;
    }

    // Each paper's key for a column: a number or text, null for an empty cell.
    sortKeys(sorted) {
      const data = this.data;
      const n = data.count;
      const keys = new Array(n);
      if (sorted.column) {
        const values = data.columns.get(sorted.column);
        for (let p = 0; p < n; p++) keys[p] = textKey(values[p]);
      } else if (sorted.id === "year") {
        for (let p = 0; p < n; p++) keys[p] = data.year[p];
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

    // The papers in the order of the sorted column (ties and the explorer's own order: by number).
    arrange() {
      const n = this.data.count;
      const order = Array.from({ length: n }, (_, p) => p);
      const sorted = this.sortColumn();
      if (sorted) {
        const keys = this.sortKeys(sorted);
        const direction = sorted.direction;
        order.sort((x, y) => {
          const a = keys[x];
          const b = keys[y];
          if (a === null || b === null) return (a === null) - (b === null) || x - y;
          return direction * compareKeys(a, b) || x - y;
        });
      }
      this.order = order;
      for (const th of this.headers()) {
        const state = sorted && th === sorted.th ? (sorted.direction > 0 ? "ascending" : "descending") : "none";
        th.setAttribute("aria-sort", state);
      }
    }

    // Each header sorts (survey.js makes the buttons): the first click ascending, the next descending.
    makeSortable(sortButton) {
      for (const th of this.headers()) {
        sortButton(th, () => {
          this.sort = (th.getAttribute("aria-sort") === "ascending" ? "-" : "") + columnId(th);
          this.update();
        });
      }
    }

    // ---- Optional columns ----

    addColumns() {
      const head = this.table.tHead.rows[0];
      for (const box of this.columnBoxes) {
        const th = document.createElement("th");
        th.textContent = box.dataset.label;
        th.hidden = true;
        th.dataset.surveyColumn = box.value;
        head.append(th);
      }
    }

    shownColumns() {
      return this.columnBoxes.filter((b) => b.checked).map((b) => ({ key: b.value, label: b.dataset.label }));
    }

    showColumns() {
      const shown = new Set(this.shownColumns().map((c) => c.key));
      for (const th of this.table.tHead.querySelectorAll("[data-survey-column]")) th.hidden = !shown.has(th.dataset.surveyColumn);
      for (const field of this.form.querySelectorAll("[data-column-filter]")) field.hidden = !shown.has(field.dataset.columnFilter);
      this.forgetRows(); // their cells change, and so do their heights
    }

    // ---- The rows in view ----

    forgetRows() {
      this.rowsOf.clear();
      this.heights.clear();
      this.guess = 0;
    }

    makeRow(p) {
      const data = this.data;
      const tr = document.createElement("tr");
      const values = data.row(p);
      const cell = (text, role, label) => {
        const td = document.createElement("td");
        if (role) td.dataset.surveyRole = role;
        if (label) td.dataset.label = label;
        if (text !== undefined) td.textContent = text;
        tr.append(td);
        return td;
      };
      if (!values) {
        tr.dataset.surveyPending = "";
        cell("Loading\u2026", "title");
        return tr;
      }
      const [key, title, authors, venue, tldr, code] = values;
      tr.dataset.surveyPaper = key;
      const first = cell(undefined, "title");
      const summary = document.createElement("span");
      summary.className = "survey-tldr";
      summary.textContent = tldr;
      first.append(link(data.index.paper.replace("{key}", encodeURIComponent(key)), title), summary);
      cell(authors.length > 2 ? `${authors[0]} et al.` : authors.join(" and ") || EMPTY, "", "Authors");
      cell(String(data.year[p]), "year");
      cell(venue || "arXiv", "venue");
      const category = data.index.categories[data.index.category[p]];
      const where = cell(category ? undefined : EMPTY, "", "Category");
      if (category) where.append(link(category[3], category[1]));
      const repository = cell(isWebAddress(code) ? undefined : EMPTY, "", "Code");
      if (isWebAddress(code)) repository.append(link(code, "code"));
      for (const column of this.shownColumns()) {
        const values = data.columns.get(column.key);
        if (!values) tr.dataset.surveyPending = ""; // its file is on its way: made again once it is in
        const value = values ? values[p] : "\u2026";
        const td = cell(isWebAddress(value) ? undefined : value || EMPTY, "", column.label);
        td.dataset.surveyColumn = column.key;
        if (isWebAddress(value)) td.append(link(value, "link"));
      }
      return tr;
    }

    // Whether everything a paper's row shows has arrived.
    complete(p) {
      return this.data.row(p) !== null && this.shownColumns().every((c) => this.data.columns.has(c.key));
    }

    spacer(height) {
      const tr = document.createElement("tr");
      tr.className = "survey-explorer__spacer";
      tr.setAttribute("aria-hidden", "true");
      const td = document.createElement("td");
      td.colSpan = this.headers().filter((th) => !th.hidden).length;
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
      const rows = wanted.map((p, i) => {
        let tr = this.rowsOf.get(p);
        if (!tr || (tr.dataset.surveyPending !== undefined && this.complete(p))) tr = this.makeRow(p);
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

    failed() {
      this.count.textContent = "The papers could not be loaded.";
      document.querySelector(".survey-explorer__pages")?.classList.add("survey-explorer__pages--shown");
    }

    // ---- The address ----

    // The URL holds the whole view, so it can be shared and survives a reload.
    save() {
      const params = new URLSearchParams();
      for (const group of this.groups) for (const value of valuesOf(group)) params.append(group.name, value);
      for (const box of this.columnBoxes) if (box.checked) params.append("columns", box.value);
      if (this.sort) params.set("sort", this.sort);
      const query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? `?${query}` : "") + location.hash);
    }

    load() {
      const params = new URLSearchParams(location.search);
      for (const group of this.groups) setValues(group, params.getAll(group.name));
      const columns = params.getAll("columns");
      for (const box of this.columnBoxes) box.checked = columns.includes(box.value) || params.has(`col.${box.value}`);
      this.changed = Array.from(new Set(Array.from(params.keys(), (name) => this.byName.get(name)).filter(Boolean)));
      this.sort = params.get("sort") || "";
      this.showColumns();
      if (!this.sortColumn()) this.sort = "";
    }

    // Apply the form: fetch what the view needs, then filter, sort and draw. A later change
    // supersedes one still waiting for its data.
    async update() {
      const ticket = ++this.ticket;
      const waits = this.needs();
      if (waits.length) {
        const before = this.count.textContent;
        this.count.textContent = "Loading\u2026";
        try {
          await Promise.all(waits);
        } catch {
          this.failed();
          return;
        }
        if (ticket !== this.ticket) return;
        if (this.count.textContent === "Loading\u2026") this.count.textContent = before;
      }
      if (this.sort !== this.sorted || !this.order) {
        this.arrange();
        this.sorted = this.sort;
      }
      this.filter();
      this.render();
      this.save();
    }

    onChange(event) {
      const target = event?.target;
      if (target?.dataset?.column) {
        this.showColumns();
      } else if (target && this.byName.has(target.name)) {
        const group = this.byName.get(target.name);
        this.changed = this.changed.filter((g) => g !== group).concat([group]);
        // A column's filter shows its column, so the reader sees what the rows were kept for.
        const key = target.name.startsWith("col.") ? target.name.slice(4) : "";
        const box = this.columnBoxes.find((b) => b.value === key);
        if (box && !box.checked && target.value.trim()) {
          box.checked = true;
          this.showColumns();
        }
      }
      this.update();
    }

    listen() {
      const form = this.form;
      const change = (event) => this.onChange(event);
      form.addEventListener("input", change);
      form.addEventListener("change", change);
      form.addEventListener("submit", (event) => event.preventDefault());
      form.addEventListener("reset", () => {
        const columns = this.columnBoxes.map((b) => b.checked); // shown columns are a view, not a filter: kept
        setTimeout(() => {
          this.columnBoxes.forEach((b, i) => {
            b.checked = columns[i];
          });
          this.changed = [];
          this.update();
        }); // after the browser has cleared the form
      });
      // The words arrive while the reader is still typing the first one.
      form.querySelector("input[name='search']")?.addEventListener("focus", () => this.data.loadText().catch(() => {}));
      this.undo.addEventListener("click", () => {
        const group = this.undo.surveyGroup;
        if (!group) return;
        setValues(group, []);
        this.changed = this.changed.filter((g) => g !== group);
        this.update();
        (group.holder ? group.holder.querySelector("button") : group.controls[0]).focus();
      });
    }

    // The first paint shows the address's view, filtered and sorted: nothing flashes by first.
    async start() {
      this.load();
      await Promise.all(this.needs());
      this.arrange();
      this.sorted = this.sort;
      this.filter();
      await this.data.loadRows(this.shown.subarray(0, FIRST_ROWS));
      this.listen();
      this.form.hidden = false;
      this.table.hidden = false;
      if (this.loading) this.loading.hidden = true;
      this.render();
      this.table.dataset.surveyReady = "true";
      // What sits above the table can grow (an open panel, a wrapped line): the window follows.
      if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this.schedule()).observe(this.form);
    }
  }

  // ---- Filter panels ----

  // Each facet's checkboxes sit in a panel that its button shows and hides. One panel is open at a
  // time; Escape, a click elsewhere or moving the focus out of it closes it.
  let pointerDown = false;
  const toggleOf = (facet) => facet.querySelector(".survey-facet__toggle");
  const panelOf = (facet) => facet.querySelector(".survey-facet__panel");

  function close(facet) {
    toggleOf(facet).setAttribute("aria-expanded", "false");
    panelOf(facet).hidden = true;
  }

  function setUpPanels(form) {
    const facets = Array.from(form.querySelectorAll(".survey-facet"));
    for (const facet of facets) {
      toggleOf(facet).addEventListener("click", () => {
        const opening = panelOf(facet).hidden;
        facets.forEach(close);
        if (opening) {
          toggleOf(facet).setAttribute("aria-expanded", "true");
          panelOf(facet).hidden = false;
        }
      });
      facet.addEventListener("keydown", (event) => {
        if (event.key !== "Escape" || panelOf(facet).hidden) return;
        event.preventDefault();
        event.stopPropagation(); // Material's own Escape handling (search) stays out of it
        close(facet);
        toggleOf(facet).focus();
      });
      // Tabbing out closes the panel. A press of the pointer elsewhere leaves that to the click: closing
      // at once would move what is under the pointer before the press ends (panels push the page
      // down on a phone).
      facet.addEventListener("focusout", (event) => {
        if (!pointerDown && event.relatedTarget && !facet.contains(event.relatedTarget)) close(facet);
      });
    }
  }

  // Listeners on the document and window, added once: Material swaps pages without reloading.
  let current = null;
  document.addEventListener("click", (event) => {
    for (const facet of document.querySelectorAll(".survey-facet")) if (!facet.contains(event.target)) close(facet);
  });
  document.addEventListener("pointerdown", () => (pointerDown = true), true);
  for (const type of ["pointerup", "pointercancel"]) document.addEventListener(type, () => setTimeout(() => (pointerDown = false)), true);
  for (const type of ["scroll", "resize"]) window.addEventListener(type, () => current?.schedule(), { passive: true });

  // `shared`: what survey.js lends (sortButton, so every table's headers sort alike).
  async function setUp(form, shared) {
    const table = document.querySelector("table[data-survey-explorer]");
    if (!table || form.dataset.surveyReady) return;
    form.dataset.surveyReady = "true";
    const base = new URL(table.dataset.surveyData, location.href).href;
    try {
      const index = fetchJSON(`${base}index.json`);
      if (!location.search) fetchJSON(`${base}papers-0.json`).catch(() => {}); // the first rows, fetched alongside
      const data = new Data(base, await index);
      setUpPanels(form);
      current = new Explorer(form, table, data, shared);
      await current.start();
    } catch (error) {
      const loading = document.querySelector(".survey-explorer__loading");
      if (loading) loading.textContent = "The papers could not be loaded: the plain tables below list them all.";
      document.querySelector(".survey-explorer__pages")?.classList.add("survey-explorer__pages--shown");
      throw error;
    }
  }

  window.surveyExplorer = { setUp };
})();
