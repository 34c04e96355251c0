/* counts.js: what the form says of the result: each option's count (the papers it would give), each
 * facet's chosen options on its button, and the number of papers shown. */

export function showTallies(boxes, tallies) {
  boxes.forEach((group, i) => {
    group.controls.forEach((control, k) => {
      const option = control.closest("label");
      const n = tallies[i][k];
      option.querySelector(".survey-facet__count").textContent = `(${n})`;
      option.classList.toggle("survey-facet__option--none", n === 0 && !control.checked);
    });
    if (group.holder) {
      const picked = group.controls.filter((c) => c.checked);
      const text =
        picked.length === 1 ? picked[0].closest("label").querySelector(".survey-facet__label").textContent : `${picked.length} chosen`;
      group.holder.querySelector(".survey-facet__chosen").textContent = picked.length ? `: ${text}` : "";
    }
  });
}

export function showCount(count, table, shown, n) {
  const papers = n === 1 ? "paper" : "papers";
  count.textContent = shown === n ? `All ${n} ${papers}` : `${shown} of ${n} ${papers}`;
  table.setAttribute("aria-rowcount", String(shown + 1));
}
