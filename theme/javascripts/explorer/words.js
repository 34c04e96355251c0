/* words.js: what the explorer's text filter matches. Each typed word matches the start of a word
 * (a title's, an author's, a TL;DR's, a column's), accents folded and case ignored: "lora" finds
 * "LoRA" and "LoRA-FA" but not "Exploration" (nor "LongLoRA": a capital inside a name such as
 * "LoRA" starts no word); "muller" finds "Müller"; "chain-of-thought" finds "chain of thought".
 * The author filter compares whole names, folded alike (nameKey).
 */

const NOT_WORD = /[^\p{L}\p{N}]+/gu;

// A text with its accents dropped and in lower case ("Müller" -> "muller").
export function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

// A text as the filter searches it: its words, folded, each after a space.
export function searchable(text) {
  return ` ${fold(text).replace(NOT_WORD, " ")}`;
}

// The typed words, each as it must start a word of a searchable text.
export function queryWords(query) {
  return fold(query)
    .split(NOT_WORD)
    .filter(Boolean)
    .map((word) => ` ${word}`);
}

// A name as the author filter compares it: accents, case and runs of spaces folded
// ("Jürgen  Müller" and "jurgen muller" are one name).
export function nameKey(name) {
  return fold(name).replace(/\s+/gu, " ").trim();
}

export function matches(text, words) {
  return words.every((word) => text.includes(word));
}
