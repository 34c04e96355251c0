/* authors.js: the author filter (explore/?author=Tri%20Dao: paper pages link each author so). Its
 * field adds the name typed on Enter, and suggests every author's name once the field has focus;
 * each name filtered on shows as a chip, whose button removes it. The names live in the group
 * (groups.js), the matching in filtering.js. */
import { collator } from "./cells.js";
import { setValues } from "./groups.js";

// The names the field suggests (a datalist the browser filters as the reader types), made once
// every display file is in: each author once, as first written, in alphabetical order.
export function suggestAuthors(input, data) {
  if (input.list) return;
  const seen = new Map();
  for (let p = 0; p < data.count; p++) {
    data.row(p)[2].forEach((name, i) => {
      if (!seen.has(data.authors[p][i])) seen.set(data.authors[p][i], name);
    });
  }
  const list = document.createElement("datalist");
  list.id = "survey-explorer-authors";
  for (const name of Array.from(seen.values()).sort(collator.compare)) list.append(new Option(name));
  input.after(list);
  input.setAttribute("list", list.id);
}

// `changed(group)`: the explorer's reaction to a filter the reader changed.
export function setUpAuthors(form, group, changed) {
  const input = group.controls[0];
  const list = form.querySelector(".survey-explorer__chips");
  const chip = (name) => {
    const item = document.createElement("li");
    item.className = "survey-chip";
    const text = document.createElement("span");
    text.textContent = name;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "survey-chip__remove";
    remove.textContent = "\u00d7";
    remove.setAttribute("aria-label", `Remove the author filter ${name}`);
    remove.addEventListener("click", () => {
      setValues(
        group,
        group.names.filter((n) => n !== name),
      );
      input.focus(); // the button is gone: the keyboard stays in the filter
      changed(group);
    });
    item.append(text, remove);
    return item;
  };
  group.showNames = () => {
    list.replaceChildren(...group.names.map(chip));
    list.hidden = group.names.length === 0;
  };
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // the form sends nothing
    if (!input.value.trim()) return;
    setValues(group, [...group.names, input.value]);
    input.value = "";
    changed(group);
  });
  group.showNames();
}
