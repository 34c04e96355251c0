/* groups.js: the form's filters as groups of controls (one name: a facet's checkboxes, a search
 * field, a year bound, the author filter's names), and the values a group holds or is given. */
import { nameKey } from "./words.js";

export function filterGroups(form) {
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
        pass: null, // which papers pass, for the values in `key` (filtering.js)
        key: "",
        // The author filter's names: its field only adds one (authors.js), so they are kept here.
        names: control.dataset.match === "names" ? [] : null,
        showNames: null,
      });
    }
    groups.get(control.name).controls.push(control);
  }
  return Array.from(groups.values());
}

export function valuesOf(group) {
  if (group.names) return group.names.slice();
  if (group.checkboxes) return group.controls.filter((c) => c.checked).map((c) => c.value);
  const value = group.controls[0].value.trim();
  return value ? [value] : [];
}

export function setValues(group, values) {
  if (group.names) {
    const byKey = new Map(values.filter((v) => v.trim()).map((v) => [nameKey(v), v.trim()]));
    group.names = Array.from(byKey.values()); // a name given twice (in any case or spacing) once
    group.showNames?.();
    return;
  }
  for (const control of group.controls) {
    if (group.checkboxes) control.checked = values.includes(control.value);
    else {
      control.value = values[0] || "";
      if (control.tagName === "SELECT" && control.value !== (values[0] || "")) control.value = ""; // not an option
    }
  }
}
