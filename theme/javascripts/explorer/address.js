/* address.js: the whole view lives in the address (explore/?approach=lora&sort=-year), so it can
 * be shared and survives a reload. */
import { setValues, valuesOf } from "./groups.js";

export function saveAddress(groups, columnBoxes, sort) {
  const params = new URLSearchParams();
  for (const group of groups) for (const value of valuesOf(group)) params.append(group.name, value);
  for (const box of columnBoxes) if (box.checked) params.append("columns", box.value);
  if (sort) params.set("sort", sort);
  const query = params.toString();
  history.replaceState(history.state, "", location.pathname + (query ? `?${query}` : "") + location.hash);
}

// Sets the form from the address; returns the groups it names, in its order (the last one can be
// cleared), and the sort it asks for.
export function loadAddress(groups, columnBoxes) {
  const params = new URLSearchParams(location.search);
  for (const group of groups) setValues(group, params.getAll(group.name));
  const columns = params.getAll("columns");
  for (const box of columnBoxes) box.checked = columns.includes(box.value) || params.has(`col.${box.value}`);
  const byName = new Map(groups.map((g) => [g.name, g]));
  const changed = Array.from(new Set(Array.from(params.keys(), (name) => byName.get(name)).filter(Boolean)));
  return { changed, sort: params.get("sort") || "" };
}
