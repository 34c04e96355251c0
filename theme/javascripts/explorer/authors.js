/* authors.js: the author filter (explore/?author=Tri%20Dao: paper pages link each author so). Its
 * field adds the name typed on Enter; each name filtered on shows as a chip, whose button removes it.
 * The names live in the group (groups.js), the matching in filtering.js. */
import { setValues } from "./groups.js";

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
