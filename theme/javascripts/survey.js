/* survey.js: sortable tables and the loader of the paper explorer, written for this site (no
 * library, no CDN).
 *
 * Without this script every page still shows its full tables; the script adds sorting (click a
 * column header), the labels of the narrow-screen card layout and the sideways-scrolling hint, and
 * imports the explorer's own modules (explorer/) on the explorer's page. The header's search is
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

  // A header's content becomes a button that sorts (`onClick`); the explorer's headers too.
  function sortButton(th, onClick) {
    if (th.querySelector(".survey-sort")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "survey-sort";
    button.title = "Sort by this column";
    button.append(...th.childNodes);
    th.append(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", onClick);
  }

  // Each header becomes a button: the first click sorts ascending, the next descending.
  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    for (const th of headers(table)) {
      sortButton(th, () => sortRows(table, headers(table).indexOf(th), th.getAttribute("aria-sort") === "ascending" ? -1 : 1));
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

  // The explorer's own modules (explorer/main.js beside this script, which imports the rest) are
  // imported on its page only, once: the browser keeps a module it has run.
  const scriptAddress = document.currentScript ? document.currentScript.src : location.href;

  function setUpExplorer(form) {
    import(new URL("explorer/main.js", scriptAddress).href)
      .then((explorer) => explorer.setUp(form, { sortButton }))
      .catch(() => {
        form.hidden = true; // it would filter nothing
        document.querySelector(".survey-explorer__pages")?.classList.add("survey-explorer__pages--shown");
      });
  }

  let documentReady = false;

  function setUpDocument() {
    if (documentReady) return;
    documentReady = true;
    const refresh = () => dataTables().forEach(updateOverflow);
    window.addEventListener("resize", refresh);
    document.addEventListener(
      "scroll",
      (event) => {
        const target = event.target;
        if (!(target instanceof Element)) return;
        const table = target.matches("table") ? target : target.querySelector(":scope > .md-typeset__table > table");
        if (table?.surveyHint) updateOverflow(table);
      },
      true, // scroll does not bubble: listen on the way down
    );
  }

  function setUp() {
    setUpDocument();
    const form = document.querySelector("form.survey-explorer");
    if (form) setUpExplorer(form);
    for (const table of dataTables()) {
      if (!table.hasAttribute("data-survey-explorer")) {
        makeSortable(table); // the explorer sorts and labels its own rows
        labelCells(table);
      }
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
