/* columns.js: the columns a reader can add (the form's "Columns" checkboxes): their headers, which
 * are shown, and the filter fields that show with them. */

export function addColumns(table, boxes) {
  const head = table.tHead.rows[0];
  for (const box of boxes) {
    const th = document.createElement("th");
    th.textContent = box.dataset.label;
    th.hidden = true;
    th.dataset.surveyColumn = box.value;
    head.append(th);
  }
}

export function shownColumns(boxes) {
  return boxes.filter((b) => b.checked).map((b) => ({ key: b.value, label: b.dataset.label }));
}

export function showColumns(form, table, boxes) {
  const shown = new Set(shownColumns(boxes).map((c) => c.key));
  for (const th of table.tHead.querySelectorAll("[data-survey-column]")) th.hidden = !shown.has(th.dataset.surveyColumn);
  for (const field of form.querySelectorAll("[data-column-filter]")) field.hidden = !shown.has(field.dataset.columnFilter);
}

// The number shown, on the Columns facet's button.
export function showColumnsChosen(form, boxes) {
  const label = form.querySelector(".survey-columns .survey-facet__chosen");
  const picked = boxes.filter((b) => b.checked).length;
  if (label) label.textContent = picked ? `: ${picked} shown` : "";
}
