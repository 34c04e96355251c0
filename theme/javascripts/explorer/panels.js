/* panels.js: each facet's checkboxes sit in a panel that its button shows and hides. One panel is
 * open at a time; Escape, a click elsewhere or moving the focus out of it closes it. */

let pointerDown = false;
const toggleOf = (facet) => facet.querySelector(".survey-facet__toggle");
const panelOf = (facet) => facet.querySelector(".survey-facet__panel");

function close(facet) {
  toggleOf(facet).setAttribute("aria-expanded", "false");
  panelOf(facet).hidden = true;
}

export function setUpPanels(form) {
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

// Listeners on the document, added once (a module runs once): Material swaps pages without reloading.
document.addEventListener("click", (event) => {
  for (const facet of document.querySelectorAll(".survey-facet")) if (!facet.contains(event.target)) close(facet);
});
document.addEventListener(
  "pointerdown",
  () => {
    pointerDown = true;
  },
  true,
);
for (const type of ["pointerup", "pointercancel"]) {
  document.addEventListener(
    type,
    () =>
      setTimeout(() => {
        pointerDown = false;
      }),
    true,
  );
}
