/* filtering.js: which papers pass the filters, and how many each option would give. Each group of
 * checkboxes is indexed once (each paper's matching options); each group keeps which papers pass
 * its values, so a keystroke recomputes one group and one pass over small arrays. */
import { valuesOf } from "./groups.js";
import { matches, nameKey, queryWords } from "./words.js";

// A group of checkboxes: each paper's matching options, as a compact list (start, items).
export function indexGroup(group, data) {
  const n = data.count;
  const { values, of } = data.vocabulary(group.field);
  const option = new Map(group.controls.map((c, i) => [group.prefix + c.value, i]));
  const optionOf = Int32Array.from(values, (value) => option.get(value) ?? -1);
  const start = new Int32Array(n + 1);
  let items = new Int32Array(n * 2);
  let used = 0;
  for (let p = 0; p < n; p++) {
    for (const code of of(p)) {
      const i = optionOf[code];
      if (i < 0) continue;
      if (used === items.length) {
        const more = new Int32Array(items.length * 2);
        more.set(items);
        items = more;
      }
      items[used++] = i;
    }
    start[p + 1] = used;
  }
  group.start = start;
  group.items = items.subarray(0, used);
}

// Which papers pass a group's values. Only a group whose values changed is computed again.
function passes(group, values, data) {
  const key = JSON.stringify(values);
  if (group.pass && group.key === key) return group.pass;
  const n = data.count;
  const pass = new Uint8Array(n);
  if (group.checkboxes) {
    const chosen = Uint8Array.from(group.controls, (c) => (values.includes(c.value) ? 1 : 0));
    const { start, items } = group;
    for (let p = 0; p < n; p++) {
      for (let k = start[p]; k < start[p + 1]; k++) {
        if (chosen[items[k]]) {
          pass[p] = 1;
          break;
        }
      }
    }
  } else if (group.match === "min" || group.match === "max") {
    const { numbers, bound } = data.scale(group.field, values[0], group.match);
    for (let p = 0; p < n; p++) pass[p] = group.match === "min" ? numbers[p] >= bound : numbers[p] <= bound;
  } else if (group.match === "names") {
    // Any of the names (as a facet's values widen the result): a paper by one of them passes.
    const wanted = new Set(values.map(nameKey));
    const authors = data.authors;
    for (let p = 0; p < n; p++) pass[p] = authors[p].some((name) => wanted.has(name)) ? 1 : 0;
  } else {
    const words = queryWords(values[0]);
    const texts = data.texts(group.field);
    for (let p = 0; p < n; p++) pass[p] = matches(texts[p], words) ? 1 : 0;
  }
  group.pass = pass;
  group.key = key;
  return pass;
}

// The papers that pass every group, in `order`; the groups with values (`chosen`: each group's
// values); and each checkbox group's tallies: what each option would give under the other groups.
export function filterPapers(groups, data, order) {
  const n = data.count;
  const chosen = new Map(groups.map((g) => [g, valuesOf(g)]));
  const active = groups.filter((g) => chosen.get(g).length);
  const fails = new Uint8Array(n);
  const failed = new Uint8Array(n); // the (last) group a paper fails
  active.forEach((group) => {
    const pass = passes(group, chosen.get(group), data);
    const g = groups.indexOf(group);
    for (let p = 0; p < n; p++) {
      if (!pass[p]) {
        fails[p]++;
        failed[p] = g;
      }
    }
  });
  const boxes = groups.filter((g) => g.checkboxes);
  const tallies = boxes.map((g) => new Int32Array(g.controls.length));
  const tallyOf = new Map(boxes.map((g, i) => [groups.indexOf(g), i]));
  const add = (i, p) => {
    const { start, items } = boxes[i];
    const tally = tallies[i];
    for (let k = start[p]; k < start[p + 1]; k++) tally[items[k]]++;
  };
  for (let p = 0; p < n; p++) {
    if (fails[p] === 0) for (let i = 0; i < boxes.length; i++) add(i, p);
    else if (fails[p] === 1 && tallyOf.has(failed[p])) add(tallyOf.get(failed[p]), p);
  }
  const shown = [];
  for (const p of order) if (fails[p] === 0) shown.push(p);
  return { shown: Int32Array.from(shown), chosen, active, boxes, tallies };
}
