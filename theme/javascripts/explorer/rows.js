/* rows.js: a paper's row of the table, made from its display file and the shown columns' files; a
 * row whose data is on its way says so (data-survey-pending) and is made again once it is in. */
import { EMPTY } from "./cells.js";

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

const isWebAddress = (value) => /^https?:\/\//i.test(value);

// `columns`: the optional columns shown ({ key, label }), after the fixed ones.
export function makeRow(data, p, columns) {
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
  cell(data.dates[data.added[p]], "", "Added");
  for (const column of columns) {
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
export function complete(data, p, columns) {
  return data.row(p) !== null && columns.every((c) => data.columns.has(c.key));
}
