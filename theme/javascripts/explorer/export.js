/* export.js: the buttons that download the current selection (every paper the filters and the
 * search pass, not only the rows in view) as BibTeX, RIS or CSL-JSON, without a server. The explorer
 * says which papers pass after each change (the form's "survey-selection" event). A click fetches
 * the record files holding the selected papers (survey/site/explorer/export.py; once each, nothing
 * before the first click) and joins the records in key order as survey.bib, survey.ris and
 * papers.csl.json join them, so each paper's entry is the same bytes as there; a Blob and an
 * a[download] save the file, named after the filters.
 */
import { filterGroups, valuesOf } from "./groups.js";
import { fold } from "./words.js";

const FORMATS = {
  bib: { extension: "bib", type: "application/x-bibtex", join: (records) => records.join("\n") },
  ris: { extension: "ris", type: "application/x-research-info-systems", join: (records) => records.join("") },
  csl: {
    extension: "json",
    type: "application/vnd.citationstyles.csl+json",
    join: (records) => (records.length ? `[\n${records.map((r) => ` ${r}`).join(",\n")}\n]\n` : "[]\n"),
  },
};
const LONGEST = 80; // characters of the name's filter part: file systems and download bars cut long names

// The filters as words, in the form's order: a filter's name and its values ("approach lora"); a
// lower and upper bound that agree as one ("year 2024"); a lone "yes" box as its name ("code").
export function filterWords(filters) {
  const words = [];
  const merged = new Set();
  for (const filter of filters) {
    const { name, field, match, values } = filter;
    if (!values.length || merged.has(filter)) continue;
    const bound = match === "min" || match === "max";
    const other = bound && filters.find((f) => f !== filter && f.field === field && (f.match === "min" || f.match === "max"));
    if (other && other.values[0] === values[0]) {
      merged.add(other);
      words.push(field, values[0]);
    } else if (values.length === 1 && values[0] === "1") words.push(name);
    else words.push(name, ...values);
  }
  return words;
}

// survey-<words>.<extension>: letters and digits (accents folded) joined by "-", cut at a word end.
export function fileName(words, extension) {
  let stem = fold(words.join(" "))
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (stem.length > LONGEST) {
    const cut = stem.lastIndexOf("-", LONGEST);
    stem = stem.slice(0, cut > 0 ? cut : LONGEST).replace(/-+$/, "");
  }
  return `survey-${stem || "all"}.${extension}`;
}

function download(text, type, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000); // the browser reads it after the click returns
}

// The records of `papers` (explorer numbers) in one format, joined as the site's own file joins them.
async function joined(format, papers, data, chunk) {
  const numbers = Array.from(new Set(Array.from(papers, (p) => Math.floor(p / chunk))));
  const files = await Promise.all(numbers.map((n) => data.fetchJSON(`${data.base}${format}-${n}.json`)));
  const file = new Map(numbers.map((n, i) => [n, files[i]]));
  const records = Array.from(papers, (p) => file.get(Math.floor(p / chunk))[p % chunk]);
  records.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); // keys are ASCII: the build's order
  return FORMATS[format].join(records.map((record) => record[1]));
}

export function setUpExport(form, data) {
  const group = form.querySelector(".survey-explorer__export");
  if (!group) return;
  const buttons = Array.from(group.querySelectorAll("button[data-survey-export]"));
  const said = group.querySelector(".survey-explorer__exported");
  const chunk = Number(group.dataset.surveyChunk);
  let selection = new Int32Array(0);
  form.addEventListener("survey-selection", (event) => {
    selection = event.detail;
    for (const button of buttons) {
      button.textContent = `${button.dataset.label} (${selection.length})`;
      button.disabled = selection.length === 0;
    }
  });
  for (const button of buttons) {
    button.addEventListener("click", async () => {
      const format = button.dataset.surveyExport;
      const papers = selection;
      const filters = filterGroups(form).map((g) => ({ name: g.name, field: g.field, match: g.match, values: valuesOf(g) }));
      const name = fileName(filterWords(filters), FORMATS[format].extension);
      said.textContent = `Preparing ${name}\u2026`;
      try {
        download(await joined(format, papers, data, chunk), FORMATS[format].type, name);
      } catch {
        said.textContent = "The papers could not be loaded: nothing was downloaded.";
        return;
      }
      const count = papers.length === 1 ? "1 paper" : `${papers.length} papers`;
      said.textContent = `Downloaded ${name}: ${count} in ${button.dataset.label}.`;
    });
  }
}
