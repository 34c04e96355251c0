/* main.js: the paper explorer (explore/), imported by survey.js on that page only; the other
 * modules of this folder are its parts, imported here all at once.
 *
 * The page holds the filter form and an empty table; the papers come as JSON files (data.js):
 * index.json first, then the display files of the rows in view. Only the rows in view are in the
 * page (virtual_list.js). Each filter keeps which papers pass it (filtering.js), so a keystroke
 * recomputes one filter and one pass over small arrays. The whole view lives in the address
 * (address.js). The facets' panels are panels.js; the sort, sorting.js; the optional columns,
 * columns.js; what the form says of the result, counts.js; what the text filter matches, words.js;
 * the buttons that download the selection, export.js; the author filter's chips, authors.js;
 * explorer.js puts them together.
 *
 * This module imports nothing before it runs, and fetches the index while the parts load: the
 * first paint waits for one round trip more than a single script would (this one), not one per
 * level of imports.
 */

// The parts, every one named, so the browser requests them together rather than a level of
// imports at a time (one missing here is only requested later, by the part that imports it).
const PARTS = [
  "./data.js",
  "./explorer.js",
  "./panels.js",
  "./export.js",
  "./address.js",
  "./authors.js",
  "./cells.js",
  "./columns.js",
  "./counts.js",
  "./filtering.js",
  "./groups.js",
  "./rows.js",
  "./sorting.js",
  "./virtual_list.js",
  "./words.js",
];

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

// Listeners on the window, added once (a module runs once): Material swaps pages without reloading.
let current = null;
for (const type of ["scroll", "resize"]) window.addEventListener(type, () => current?.schedule(), { passive: true });

// `shared`: what survey.js lends (sortButton, so every table's headers sort alike).
export async function setUp(form, shared) {
  const table = document.querySelector("table[data-survey-explorer]");
  if (!table || form.dataset.surveyReady) return;
  form.dataset.surveyReady = "true";
  const base = new URL(table.dataset.surveyData, location.href).href;
  try {
    const index = fetchJSON(`${base}index.json`);
    if (!location.search) fetchJSON(`${base}papers-0.json`).catch(() => {}); // the first rows, fetched alongside
    const parts = Promise.all(PARTS.map((part) => import(part)));
    const [indexed, [{ Data }, { Explorer }, { setUpPanels }, { setUpExport }]] = await Promise.all([index, parts]);
    const data = new Data(base, indexed, fetchJSON);
    setUpPanels(form);
    setUpExport(form, data); // before the first filter, whose selection it counts
    current = new Explorer(form, table, data, shared);
    await current.start();
  } catch (error) {
    const loading = document.querySelector(".survey-explorer__loading");
    if (loading) loading.textContent = "The papers could not be loaded: the plain tables below list them all.";
    form.hidden = true; // it would filter nothing
    document.querySelector(".survey-explorer__pages")?.classList.add("survey-explorer__pages--shown");
    throw error;
  }
}
