/* explorer.js: the explorer itself: the form's changes made a view (filters, sort, columns), its
 * data fetched, the papers filtered and sorted, the rows drawn and the address kept in step. */
import { loadAddress, saveAddress } from "./address.js";
import { setUpAuthors, suggestAuthors } from "./authors.js";
import { addColumns, showColumns, showColumnsChosen, shownColumns } from "./columns.js";
import { showCount, showTallies } from "./counts.js";
import { filterPapers, indexGroup } from "./filtering.js";
import { filterGroups, setValues, valuesOf } from "./groups.js";
import { arrange, columnId, headers, sortColumn } from "./sorting.js";
import { VirtualList } from "./virtual_list.js";

const FIRST_ROWS = 40; // rows whose data is fetched before the first paint

export class Explorer {
  // `shared`: what survey.js lends (sortButton, so every table's headers sort alike).
  constructor(form, table, data, shared) {
    this.form = form;
    this.table = table;
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
    this.sorted = null; // the sort `order` follows
    this.order = null; // the papers in sort order
    this.ticket = 0;
    for (const group of this.groups) if (group.checkboxes) indexGroup(group, data);
    for (const group of this.groups) if (group.names) setUpAuthors(form, group, (g) => this.touched(g));
    addColumns(table, this.columnBoxes);
    this.list = new VirtualList(
      form,
      table,
      data,
      () => shownColumns(this.columnBoxes),
      () => this.failed(),
    );
    this.makeSortable(shared.sortButton);
  }

  // The data the current view needs before it can be shown.
  needs() {
    const data = this.data;
    const waits = [];
    for (const group of this.groups) {
      if (!valuesOf(group).length) continue;
      if (group.names) waits.push(data.loadAuthors());
      else if (group.match === "words")
        waits.push(group.field === "text" ? data.loadText() : data.loadColumn(group.field.slice("fact-".length)));
    }
    for (const box of this.columnBoxes) if (box.checked) waits.push(data.loadColumn(box.value));
    const sorted = sortColumn(this.table, this.sort);
    if (sorted?.column) waits.push(data.loadColumn(sorted.column));
    else if (sorted && ["paper", "authors", "venue"].includes(sorted.id)) waits.push(data.loadRanks());
    return waits;
  }

  filter() {
    const { shown, chosen, active, boxes, tallies } = filterPapers(this.groups, this.data, this.order);
    this.list.shown = shown;
    showTallies(boxes, tallies);
    showCount(this.count, this.table, shown.length, this.data.count);
    this.form.dispatchEvent(new CustomEvent("survey-selection", { detail: shown })); // export.js counts and exports it
    this.changed = this.changed.filter((g) => chosen.get(g).length);
    const last = this.changed[this.changed.length - 1] || active[active.length - 1];
    this.empty.hidden = shown.length > 0 || !last;
    if (last) this.undo.textContent = `Clear the last filter (${last.label})`;
    this.undo.surveyGroup = last;
    showColumnsChosen(this.form, this.columnBoxes);
  }

  arrange() {
    this.order = arrange(this.data, this.table, this.sort);
    this.sorted = this.sort;
  }

  // Each header sorts (survey.js makes the buttons): the first click ascending, the next descending.
  makeSortable(sortButton) {
    for (const th of headers(this.table)) {
      sortButton(th, () => {
        this.sort = (th.getAttribute("aria-sort") === "ascending" ? "-" : "") + columnId(th);
        this.update();
      });
    }
  }

  columnsChanged() {
    showColumns(this.form, this.table, this.columnBoxes);
    this.list.forgetRows(); // their cells change, and so do their heights
  }

  schedule() {
    this.list.schedule();
  }

  failed() {
    this.count.textContent = "The papers could not be loaded.";
    document.querySelector(".survey-explorer__pages")?.classList.add("survey-explorer__pages--shown");
  }

  load() {
    const { changed, sort } = loadAddress(this.groups, this.columnBoxes);
    this.changed = changed;
    this.sort = sort;
    this.columnsChanged();
    if (!sortColumn(this.table, this.sort)) this.sort = "";
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
    if (this.sort !== this.sorted || !this.order) this.arrange();
    this.filter();
    this.list.render();
    saveAddress(this.groups, this.columnBoxes, this.sort);
  }

  onChange(event) {
    const target = event?.target;
    if (target?.dataset?.column) {
      this.columnsChanged();
    } else if (target && this.byName.has(target.name)) {
      const group = this.byName.get(target.name);
      if (group.names) return; // its field adds a name on Enter (authors.js), not as it is typed
      this.changed = this.changed.filter((g) => g !== group).concat([group]);
      // A column's filter shows its column, so the reader sees what the rows were kept for.
      const key = target.name.startsWith("col.") ? target.name.slice(4) : "";
      const box = this.columnBoxes.find((b) => b.value === key);
      if (box && !box.checked && target.value.trim()) {
        box.checked = true;
        this.columnsChanged();
      }
    }
    this.update();
  }

  // A filter the reader changed other than through a form control's own events (an author's chip).
  touched(group) {
    this.changed = this.changed.filter((g) => g !== group).concat([group]);
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
        for (const group of this.groups) if (group.names) setValues(group, []); // not form controls
        this.changed = [];
        this.update();
      }); // after the browser has cleared the form
    });
    // The words arrive while the reader is still typing the first one.
    form.querySelector("input[name='search']")?.addEventListener("focus", () => this.data.loadText().catch(() => {}));
    const author = form.querySelector("input[name='author']");
    author?.addEventListener("focus", () =>
      this.data
        .loadAuthors()
        .then(() => suggestAuthors(author, this.data))
        .catch(() => {}),
    );
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
    this.filter();
    await this.data.loadRows(this.list.shown.subarray(0, FIRST_ROWS));
    this.listen();
    this.form.removeAttribute("inert");
    this.table.hidden = false;
    if (this.loading) this.loading.hidden = true;
    this.list.render();
    this.table.dataset.surveyReady = "true";
    // What sits above the table can grow (an open panel, a wrapped line): the window follows.
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this.schedule()).observe(this.form);
  }
}
