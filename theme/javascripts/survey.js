/* survey.js: sortable tables and the paper explorer, written for this site (no library, no CDN).
 *
 * Without this script every page still shows its full tables; the script adds sorting (click a
 * column header), the labels of the narrow-screen card layout and the sideways-scrolling hint, the
 * explorer's filters (their state lives in the URL's query string). The header's search is
 * search.js. Material's instant navigation swaps pages without reloading, so
 * setup runs on every page view; listeners on the document are added once.
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

  // Each header becomes a button: the first click sorts ascending, the next descending. Headers
  // added later (the explorer's optional columns) get theirs when this runs again.
  function makeSortable(table, onSort) {
    if (!table.tHead || !table.tBodies.length) return;
    for (const th of headers(table)) {
      if (th.querySelector(".survey-sort")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "survey-sort";
      button.title = "Sort by this column";
      button.append(...th.childNodes);
      th.append(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => {
        sortRows(table, headers(table).indexOf(th), th.getAttribute("aria-sort") === "ascending" ? -1 : 1);
        if (onSort) onSort();
      });
    }
  }

  // Narrow screens show each row as a card (survey.css): every cell is labelled with its column.
  // The title leads, year and venue share a line, every other cell is a labelled line.
  function labelCells(table) {
    const names = headers(table).map((th) => th.textContent.trim());
    for (const row of table.tBodies[0].rows) {
      Array.from(row.cells).forEach((cell, i) => {
        if (i === 0) cell.dataset.surveyRole = "title";
        else if (names[i] === "Year") cell.dataset.surveyRole = "year";
        else if (names[i] === "Venue") cell.dataset.surveyRole = "venue";
        else cell.dataset.label = names[i] || "";
      });
    }
  }

  // A table wider than its box scrolls sideways with its first column kept in view; a line above
  // it and a fade on the cut edge say that more columns exist, until the reader reaches them.
  function scroller(table) {
    return table.closest(".md-typeset__scrollwrap") || table;
  }

  function updateOverflow(table) {
    const box = scroller(table);
    const hint = table.surveyHint;
    const hidden = box.scrollWidth - box.clientWidth;
    const right = hidden - box.scrollLeft > 2;
    const state = [right ? "right" : "", box.scrollLeft > 2 ? "left" : ""].join(" ").trim();
    if (box.dataset.surveyScroll !== state) box.dataset.surveyScroll = state;
    if (hidden > 2) {
      // Keyboard users scroll a focused box with the arrow keys.
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table, scrolls sideways");
    }
    if (hint) hint.hidden = !right;
  }

  function watchOverflow(table) {
    if (table.surveyHint) return;
    const hint = document.createElement("p");
    hint.className = "survey-table-hint";
    hint.textContent = "More columns: scroll the table sideways \u2192";
    hint.hidden = true;
    scroller(table).before(hint);
    table.surveyHint = hint;
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => updateOverflow(table)).observe(table);
    requestAnimationFrame(() => updateOverflow(table)); // after Material has wrapped the table
  }

  function dataTables() {
    // Data tables only: Material gives its own tables (code line numbers, for one) a class.
    return Array.from(document.querySelectorAll(".md-content article table:not([class])"));
  }

  // ---- The explorer ----

  // A row's value for a control's field: the marker's data-<field> attribute, cached per row.
  function rowValue(row, field) {
    if (!(field in row.values)) row.values[field] = row.marker.getAttribute("data-" + field) || "";
    return row.values[field];
  }

  function rowTokens(row, field) {
    if (!(field in row.tokens)) row.tokens[field] = new Set(rowValue(row, field).split(" "));
    return row.tokens[field];
  }

  // Does a row pass one value of a control group? The group names the row field (data-field)
  // and how to compare (data-match).
  function matches(row, group, value) {
    switch (group.match) {
      case "token":
        return rowTokens(row, group.field).has(group.prefix + value);
      case "min":
        return Number(rowValue(row, group.field)) >= Number(value);
      case "max":
        return Number(rowValue(row, group.field)) <= Number(value);
      case "words": {
        const text = rowValue(row, group.field).toLocaleLowerCase();
        return value.toLocaleLowerCase().split(/\s+/).every((word) => text.includes(word));
      }
      default:
        return rowValue(row, group.field) === value;
    }
  }

  // The values a group filters on: the checked boxes of a group of checkboxes (any of them may
  // match: OR), or the one value of a field.
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

  // The filter groups of the form, by query parameter: every control that names a row field.
  function filterGroups(form) {
    const groups = new Map();
    for (const control of form.elements) {
      if (!control.name || !control.dataset.field) continue;
      if (!groups.has(control.name)) {
        const holder = control.closest(".survey-facet, .survey-explorer__field, .survey-explorer__check");
        const name = holder && holder.querySelector(".survey-facet__name, span");
        groups.set(control.name, {
          name: control.name,
          field: control.dataset.field,
          match: control.dataset.match,
          prefix: control.dataset.prefix || "",
          checkboxes: control.type === "checkbox",
          label: name ? name.textContent.trim() : control.name,
          holder: control.closest(".survey-facet"),
          controls: [],
        });
      }
      groups.get(control.name).controls.push(control);
    }
    return Array.from(groups.values());
  }

  // The optional columns (evidence facts, category columns): a header and a cell per row, made
  // from the markers' data-fact-<key> values as text, hidden until the reader asks for them.
  function addColumns(form, table, rows) {
    const boxes = Array.from(form.querySelectorAll("input[data-column]"));
    const head = table.tHead.rows[0];
    for (const box of boxes) {
      const th = document.createElement("th");
      th.textContent = box.dataset.label;
      th.hidden = true;
      th.dataset.surveyColumn = box.value;
      head.append(th);
      for (const row of rows) {
        const td = document.createElement("td");
        const value = row.marker.getAttribute("data-fact-" + box.value) || "";
        if (/^https?:\/\//.test(value)) {
          const a = document.createElement("a");
          a.href = value;
          a.textContent = "link";
          td.append(a);
        } else td.textContent = value || EMPTY;
        td.hidden = true;
        td.dataset.surveyColumn = box.value;
        td.dataset.label = box.dataset.label;
        row.row.append(td);
      }
    }
    return boxes;
  }

  function showColumns(form, table, boxes) {
    const shown = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    table.querySelectorAll("[data-survey-column]").forEach((cell) => {
      cell.hidden = !shown.has(cell.dataset.surveyColumn);
    });
    form.querySelectorAll("[data-column-filter]").forEach((field) => {
      field.hidden = !shown.has(field.dataset.columnFilter);
    });
  }

  function setUpExplorer(form) {
    const rows = Array.from(document.querySelectorAll("[data-survey-paper]"), (marker) => ({
      row: marker.closest("tr"),
      marker,
      values: {},
      tokens: {},
    }));
    if (!rows.length || form.dataset.surveyReady) return;
    form.dataset.surveyReady = "true";
    const table = rows[0].row.closest("table");
    const groups = filterGroups(form);
    const byName = new Map(groups.map((g) => [g.name, g]));
    const columnBoxes = addColumns(form, table, rows);
    const count = form.querySelector(".survey-explorer__count");
    const empty = form.querySelector(".survey-explorer__empty");
    const undo = empty.querySelector("[data-survey-undo]");
    let order = []; // filter groups in the order they were last changed: the last one can be cleared

    function filter() {
      const chosen = new Map(groups.map((g) => [g, valuesOf(g)]));
      const active = groups.filter((g) => chosen.get(g).length);
      const counts = new Map(groups.filter((g) => g.checkboxes).map((g) => [g, new Map()]));
      let shown = 0;
      for (const row of rows) {
        const failed = [];
        for (const group of active) {
          if (!chosen.get(group).some((value) => matches(row, group, value))) failed.push(group);
          if (failed.length > 1) break;
        }
        row.row.hidden = failed.length > 0;
        shown += failed.length ? 0 : 1;
        // An option's count: the rows it would give under the other groups' filters.
        for (const [group, tally] of counts) {
          if (failed.length > 1 || (failed.length === 1 && failed[0] !== group)) continue;
          for (const control of group.controls) {
            if (matches(row, group, control.value)) tally.set(control.value, (tally.get(control.value) || 0) + 1);
          }
        }
      }
      for (const [group, tally] of counts) {
        for (const control of group.controls) {
          const n = tally.get(control.value) || 0;
          const option = control.closest("label");
          option.querySelector(".survey-facet__count").textContent = `(${n})`;
          option.classList.toggle("survey-facet__option--none", n === 0 && !control.checked);
        }
        if (group.holder) {
          const picked = group.controls.filter((c) => c.checked);
          const text = picked.length === 1 ? picked[0].closest("label").querySelector(".survey-facet__label").textContent : `${picked.length} chosen`;
          group.holder.querySelector(".survey-facet__chosen").textContent = picked.length ? `: ${text}` : "";
        }
      }
      const papers = rows.length === 1 ? "paper" : "papers";
      count.textContent = shown === rows.length ? `All ${rows.length} ${papers}` : `${shown} of ${rows.length} ${papers}`;
      order = order.filter((g) => chosen.get(g).length);
      const last = order[order.length - 1] || active[active.length - 1];
      empty.hidden = shown > 0 || !last;
      if (last) undo.textContent = `Clear the last filter (${last.label})`;
      undo.surveyGroup = last;
      showColumnsPicked();
      updateOverflow(table);
    }

    function showColumnsPicked() {
      const label = form.querySelector(".survey-columns .survey-facet__chosen");
      const picked = columnBoxes.filter((b) => b.checked).length;
      if (label) label.textContent = picked ? `: ${picked} shown` : "";
    }

    // The URL holds the whole view, so it can be shared and survives a reload.
    function save() {
      const params = new URLSearchParams();
      for (const group of groups) for (const value of valuesOf(group)) params.append(group.name, value);
      for (const box of columnBoxes) if (box.checked) params.append("columns", box.value);
      const sort = sortState(table);
      if (sort) params.set("sort", sort);
      const query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    function load() {
      const params = new URLSearchParams(location.search);
      for (const group of groups) setValues(group, params.getAll(group.name));
      const columns = params.getAll("columns");
      for (const box of columnBoxes) box.checked = columns.includes(box.value) || params.has("col." + box.value);
      order = Array.from(new Set(Array.from(params.keys(), (name) => byName.get(name)).filter(Boolean)));
      showColumns(form, table, columnBoxes);
      restoreSort(table, params.get("sort") || "");
      filter();
    }

    function update(event) {
      const target = event && event.target;
      if (target && target.dataset && target.dataset.column) {
        showColumns(form, table, columnBoxes);
      } else if (target && byName.has(target.name)) {
        const group = byName.get(target.name);
        order = order.filter((g) => g !== group).concat([group]);
        // A column's filter shows its column, so the reader sees what the rows were kept for.
        const key = target.name.startsWith("col.") ? target.name.slice(4) : "";
        const box = columnBoxes.find((b) => b.value === key);
        if (box && !box.checked && target.value.trim()) {
          box.checked = true;
          showColumns(form, table, columnBoxes);
        }
      }
      filter();
      save();
    }

    undo.addEventListener("click", () => {
      const group = undo.surveyGroup;
      if (!group) return;
      setValues(group, []);
      order = order.filter((g) => g !== group);
      filter();
      save();
      (group.holder ? group.holder.querySelector("button") : group.controls[0]).focus();
    });

    makeSortable(table, save);
    labelCells(table);
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => {
      const columns = columnBoxes.map((b) => b.checked); // shown columns are a view, not a filter: kept
      setTimeout(() => {
        columnBoxes.forEach((b, i) => (b.checked = columns[i]));
        order = [];
        update();
      }); // after the browser has cleared the form
    });
    setUpPanels(form);
    form.hidden = false;
    load();
    table.dataset.surveyReady = "true"; // survey.css shows the table from here on: filtered, sorted
  }

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

  let documentReady = false;

  function setUpDocument() {
    if (documentReady) return;
    documentReady = true;
    document.addEventListener("click", (event) => {
      for (const facet of document.querySelectorAll(".survey-facet")) if (!facet.contains(event.target)) close(facet);
    });
    document.addEventListener("pointerdown", () => (pointerDown = true), true);
    for (const type of ["pointerup", "pointercancel"]) document.addEventListener(type, () => setTimeout(() => (pointerDown = false)), true);
    const refresh = () => dataTables().forEach(updateOverflow);
    window.addEventListener("resize", refresh);
    document.addEventListener(
      "scroll",
      (event) => {
        const target = event.target;
        if (!(target instanceof Element)) return;
        const table = target.matches("table") ? target : target.querySelector(":scope > .md-typeset__table > table");
        if (table && table.surveyHint) updateOverflow(table);
      },
      true, // scroll does not bubble: listen on the way down
    );
  }

  function setUp() {
    setUpDocument();
    const form = document.querySelector("form.survey-explorer");
    if (form) setUpExplorer(form);
    for (const table of dataTables()) {
      makeSortable(table);
      labelCells(table);
      watchOverflow(table);
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp); // Material: after every page load, instant navigation included
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
