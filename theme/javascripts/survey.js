/* survey.js: sortable tables and the paper explorer, written for this site (no library, no CDN).
 *
 * Without this script every page still shows its full tables; the script only adds sorting (click
 * a column header) and, on the explorer page, filters whose state lives in the URL's query string.
 * Material's instant navigation swaps pages without reloading, so setup runs on every page view.
 */
(() => {
  "use strict";

  const EMPTY = "\u2013"; // how the tables show a value that is not known

  // A cell's sort key: a number when the cell reads as one ("32,768", "0.01", "12%"), else its text;
  // null for an empty cell, which sorts last whatever the direction.
  function sortKey(cell) {
    const text = cell ? cell.textContent.trim() : "";
    if (text === "" || text === EMPTY) return null;
    const number = Number(text.replace(/,/g, "").replace(/\s*%$/, ""));
    return Number.isNaN(number) ? text.toLocaleLowerCase() : number;
  }

  function compareKeys(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  function columnId(th) {
    return th.textContent.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function headers(table) {
    return Array.from(table.tHead.rows[0].cells);
  }

  // Sort the body by column `index`, `direction` 1 (ascending) or -1. Ties keep their order.
  function sortRows(table, index, direction) {
    const body = table.tBodies[0];
    const rows = Array.from(body.rows, (row, position) => ({ row, position, key: sortKey(row.cells[index]) }));
    rows.sort((x, y) => {
      if (x.key === null || y.key === null) return (x.key === null) - (y.key === null) || x.position - y.position;
      return direction * compareKeys(x.key, y.key) || x.position - y.position;
    });
    body.append(...rows.map((r) => r.row));
    headers(table).forEach((th, i) => {
      th.setAttribute("aria-sort", i !== index ? "none" : direction > 0 ? "ascending" : "descending");
    });
  }

  // "year" (ascending), "-year" (descending) or "" (the table's own order).
  function sortState(table) {
    for (const th of headers(table)) {
      const state = th.getAttribute("aria-sort");
      if (state === "ascending") return columnId(th);
      if (state === "descending") return "-" + columnId(th);
    }
    return "";
  }

  function restoreSort(table, state) {
    const id = state.replace(/^-/, "");
    const index = headers(table).findIndex((th) => columnId(th) === id);
    if (id && index >= 0) sortRows(table, index, state.startsWith("-") ? -1 : 1);
  }

  // Each header becomes a button: the first click sorts ascending, the next descending.
  function makeSortable(table, onSort) {
    if (!table.tHead || !table.tBodies.length || table.dataset.surveySortable) return;
    table.dataset.surveySortable = "true";
    headers(table).forEach((th, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "survey-sort";
      button.title = "Sort by this column";
      button.append(...th.childNodes);
      th.append(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => {
        sortRows(table, index, th.getAttribute("aria-sort") === "ascending" ? -1 : 1);
        if (onSort) onSort();
      });
    });
  }

  // A control's value: a checkbox counts only when checked.
  function valueOf(control) {
    if (control.type === "checkbox") return control.checked ? control.value : "";
    return control.value.trim();
  }

  // Does a row (its marker's data-* values) pass one control? The control names the row field
  // (data-field) and how to compare (data-match); an empty control passes everything.
  function passes(data, control) {
    const value = valueOf(control);
    if (!value) return true;
    const field = data[control.dataset.field] || "";
    switch (control.dataset.match) {
      case "token":
        return field.split(" ").includes((control.dataset.prefix || "") + value);
      case "min":
        return Number(field) >= Number(value);
      case "max":
        return Number(field) <= Number(value);
      case "words": {
        const text = field.toLocaleLowerCase();
        return value.toLocaleLowerCase().split(/\s+/).every((word) => text.includes(word));
      }
      default:
        return field === value;
    }
  }

  function setUpExplorer(form) {
    const rows = Array.from(document.querySelectorAll("[data-survey-paper]"), (marker) => ({
      row: marker.closest("tr"),
      data: marker.dataset,
    }));
    if (!rows.length || form.dataset.surveyReady) return;
    form.dataset.surveyReady = "true";
    const table = rows[0].row.closest("table");
    const controls = Array.from(form.elements).filter((c) => c.name && c.dataset.field);
    const count = form.querySelector(".survey-explorer__count");

    function filter() {
      let shown = 0;
      for (const { row, data } of rows) {
        const visible = controls.every((control) => passes(data, control));
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      }
      const papers = rows.length === 1 ? "paper" : "papers";
      count.textContent = shown === rows.length ? `All ${rows.length} ${papers}` : `${shown} of ${rows.length} ${papers}`;
    }

    // The URL holds the whole view, so it can be shared and survives a reload.
    function save() {
      const params = new URLSearchParams();
      for (const control of controls) {
        if (valueOf(control)) params.set(control.name, valueOf(control));
      }
      const sort = sortState(table);
      if (sort) params.set("sort", sort);
      const query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function load() {
      const params = new URLSearchParams(location.search);
      for (const control of controls) {
        const value = params.get(control.name) || "";
        if (control.type === "checkbox") control.checked = value === control.value;
        else control.value = value;
        if (control.tagName === "SELECT" && control.value !== value) control.value = ""; // not an option
      }
      restoreSort(table, params.get("sort") || "");
      filter();
    }

    makeSortable(table, save);
    const update = () => {
      filter();
      save();
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => setTimeout(update)); // after the browser has cleared the form
    form.hidden = false;
    load();
  }

  function setUp() {
    const form = document.querySelector("form.survey-explorer");
    if (form) setUpExplorer(form);
    // Data tables only: Material gives its own tables (code line numbers, for one) a class.
    document.querySelectorAll(".md-content article table:not([class])").forEach((table) => makeSortable(table));
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp); // Material: after every page load, instant navigation included
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
