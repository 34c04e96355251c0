/* search.js: the header's search box, answered by the site's Pagefind index (pagefind/, written by
 * survey/publish/search_index.py at every build), with Material's look and keys: Material's markup
 * and classes (theme/partials/search.html), its result items, its wording (the theme's translations)
 * and its keyboard (Enter opens the first result, the arrow keys move through the results, Escape and
 * Tab close, "/", "s" and "f" open the box).
 *
 * A page must hold every word to be listed, as Pagefind searches. When no page holds them all (a
 * half-remembered phrase), the pages holding most of them are listed instead, ranked by the words
 * each holds (the rarer a word, the more it counts), then by Pagefind's scores for them, and the
 * summary line says so.
 *
 * Nothing loads with the page: Pagefind's script and the index's small entry files load when the box
 * is first focused or typed in, and a query then fetches only the index chunks and the result
 * fragments it needs. Titles are shown as text and excerpts keep only Pagefind's <mark> elements;
 * everything else from a page's content is text, never markup. The header stays in place through
 * Material's instant navigation, so this runs once per document.
 */
(() => {
  "use strict";

  const box = document.querySelector("[data-survey-search]");
  if (!box) return;
  const query = box.querySelector("input.md-search__input");
  const form = query.form;
  const output = box.querySelector(".md-search-result");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const scrollwrap = box.querySelector(".md-search__scrollwrap");
  const toggle = document.querySelector("[data-md-toggle=search]");

  // The site's root, whatever path the site is served under: this file is javascripts/search.js.
  const root = new URL("..", document.currentScript.src);
  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  const words = config.translations || {};
  const FIRST = 10; // results shown at once; more as the list is scrolled to its end
  const MORE = 10;
  const PAUSE = 150; // ms without a key before a search runs

  function say(key, count, fallback) {
    const text = words[key] || fallback;
    return count === undefined ? text : text.replace("#", String(count));
  }

  // Material's toggles change by a click, which also tells Material's own listeners (scroll lock).
  function setOpen(open) {
    if (toggle && toggle.checked !== open) toggle.click();
  }

  // ---- Pagefind, loaded on first use ----

  let loading = null;
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(async (api) => {
        await api.options({ baseUrl: root.pathname });
        await api.init();
        return api;
      });
      loading.catch(() => (loading = null)); // a failed load is tried again at the next query
    }
    return loading;
  }

  // ---- Pages holding most of the words ----

  // Words too common to tell pages apart: a page is not counted as holding the phrase for them.
  const STOP = new Set(
    (
      "a an and are as at be been but by can do does for from had has have how i if in into is it its " +
      "me my no not of on or our so than that the their them then there these they this those to was we " +
      "were what when where which while who why will with within you your"
    ).split(" "),
  );

  // The words of a query that count, each once, without the punctuation around them. None for a
  // quoted phrase: who quotes asks for those words together.
  function countedWords(text) {
    if (/^\s*".+"\s*$/.test(text)) return [];
    const words = text
      .toLocaleLowerCase()
      .split(/\s+/)
      .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
      .filter((word) => word !== "" && !STOP.has(word));
    return [...new Set(words)];
  }

  let everyPage = null; // how many pages the index holds (a search without words lists them all)
  function pageCount(api) {
    if (!everyPage) {
      everyPage = api.search(null).then((found) => found.results.length);
      everyPage.catch(() => (everyPage = null)); // asked again at the next query
    }
    return everyPage;
  }

  // Pages holding at least half of the words (and at least two of them), ranked by the words they
  // hold, a word that few pages hold counting for more (its inverse document frequency: in "models
  // forget information placed in the middle", "middle" tells more than "models", which every paper
  // holds), then by the sum of Pagefind's scores for those words. A result's excerpt comes from a
  // search for exactly the words its page holds, so that every one of them is marked in it; pages
  // holding the same words share that search.
  async function mostWords(api, text) {
    const words = countedWords(text);
    if (words.length < 2) return [];
    const [pagesInAll, ...each] = await Promise.all([pageCount(api), ...words.map((word) => api.search(word))]);
    const pages = new Map();
    each.forEach((found, at) => {
      const weight = Math.log((pagesInAll + 1) / Math.max(1, found.results.length));
      for (const result of found.results) {
        const page = pages.get(result.id) || { id: result.id, words: [], weight: 0, score: 0, best: result };
        page.words.push(words[at]);
        page.weight += weight;
        page.score += result.score;
        if (result.score > page.best.score) page.best = result;
        pages.set(result.id, page);
      }
    });
    const needed = Math.max(2, Math.ceil(words.length / 2));
    const searches = new Map(); // the words a page holds -> the search for them
    return [...pages.values()]
      .filter((page) => page.words.length >= needed)
      .sort((a, b) => b.weight - a.weight || b.score - a.score)
      .map((page) => ({
        data: async () => {
          const key = page.words.join(" ");
          if (!searches.has(key)) searches.set(key, api.search(key));
          const same = (await searches.get(key)).results.find((result) => result.id === page.id);
          return (same || page.best).data();
        },
      }));
  }

  // ---- Results ----

  // An excerpt holds the page's text, entity-escaped by Pagefind, with the matched words in <mark>.
  // It is parsed into an inert document (nothing in it runs or loads) and rebuilt from its text
  // alone, keeping only <mark>.
  function excerptNodes(excerpt) {
    const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
    const nodes = [];
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    }
    return nodes;
  }

  // Material's result item for a page (its templates/search): a link holding an article with an
  // icon, the title and a teaser.
  function item(result) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    const href = new URL(result.url, location.origin); // a path under the site's root
    link.href = href.origin === location.origin ? href.href : root.href;
    link.tabIndex = -1;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = result.meta?.title || result.url;
    const teaser = document.createElement("p");
    teaser.append(...excerptNodes(result.excerpt || ""));
    article.append(icon, title, teaser);
    link.append(article);
    li.append(link);
    return li;
  }

  let current = null; // the shown search: its results and how many are in the list
  let searches = 0; // each new query outdates the ones before, whose answers are then dropped

  async function show(ticket, results, count) {
    const data = await Promise.all(results.slice(list.children.length, count).map((result) => result.data()));
    if (ticket !== searches) return;
    list.append(...data.map(item));
  }

  // aria-busy: the shown results are not yet those of the words in the box.
  async function search() {
    const ticket = ++searches;
    const text = query.value.trim();
    if (text === "") {
      current = null;
      meta.textContent = say("search.result.placeholder", undefined, "Type to start searching");
      list.replaceChildren();
      output.setAttribute("aria-busy", "false");
      return;
    }
    output.setAttribute("aria-busy", "true");
    let found;
    let most = null; // when no page holds every word: the pages holding most of them
    try {
      // Pagefind's own debounce: it fetches the index chunks for the words at once, and searches
      // only once the typing pauses (a search cannot be stopped, and one over thousands of pages
      // takes a while: searching at each key would queue them up).
      const api = await pagefind();
      found = await api.debouncedSearch(text, {}, PAUSE);
      if (found !== null && ticket === searches && found.results.length === 0) most = await mostWords(api, text);
    } catch (error) {
      if (ticket === searches) {
        meta.textContent = "Search is not available here: the site's search index did not load.";
        output.setAttribute("aria-busy", "false");
      }
      throw error;
    }
    if (found === null || ticket !== searches) return; // a later query took its place
    const results = most || found.results;
    const shown = results.slice(0, FIRST);
    const data = await Promise.all(shown.map((result) => result.data()));
    if (ticket !== searches) return;
    current = { ticket, results };
    meta.textContent =
      results.length === 0
        ? say("search.result.none", undefined, "No matching documents")
        : most
          ? "No page has every word; pages with most of them:"
          : results.length === 1
            ? say("search.result.one", undefined, "1 matching document")
            : say("search.result.other", results.length, "# matching documents");
    list.replaceChildren(...data.map(item));
    output.setAttribute("aria-busy", "false");
  }

  function showMore() {
    if (!current || current.ticket !== searches || list.children.length >= current.results.length) return;
    if (scrollwrap.scrollTop + scrollwrap.clientHeight < scrollwrap.scrollHeight - 100) return;
    show(current.ticket, current.results, list.children.length + MORE);
  }

  // ---- The box ----

  function opened(open) {
    // Material's: the list is in the accessibility tree only while the dialog is open.
    list.setAttribute("role", open ? "list" : "presentation");
    list.hidden = !open;
  }

  query.addEventListener("focus", () => {
    pagefind(); // the first focus starts loading, so the first query does not wait for it
    // After the event: a click on the header's icon focuses the box (below) before the label
    // toggles the dialog open, which would otherwise toggle it shut again.
    setTimeout(() => setOpen(true));
  });
  query.addEventListener("input", () => {
    setOpen(true); // typing in a box that kept its focus after a result was opened
    search();
  });
  query.addEventListener("click", () => setOpen(true));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () =>
    setTimeout(() => {
      search();
      query.focus();
    }),
  );
  scrollwrap.addEventListener("scroll", showMore, { passive: true });
  box.addEventListener("click", (event) => {
    if (!(event.target instanceof Element && event.target.closest("a"))) return;
    setOpen(false); // a result was chosen
    query.blur();
  });
  if (toggle) {
    toggle.addEventListener("change", () => opened(toggle.checked));
    opened(toggle.checked);
  }
  // On a phone the header's icon opens the dialog; focusing here brings up the keyboard (iOS
  // raises it only for a focus that follows a user's action).
  const icon = document.querySelector("header label.md-header__button[for=__search]");
  if (icon) icon.addEventListener("click", () => query.focus());

  // Material's keyboard: window.keyboard$ tells each key with the mode ("search" while the dialog
  // is open, else "global") and a claim() that stops the browser's own handling.
  if (typeof keyboard$ !== "undefined") {
    keyboard$.subscribe((key) => {
      const active = document.activeElement;
      if (key.mode === "global") {
        if (["f", "s", "/"].includes(key.type)) {
          query.focus();
          query.select();
          key.claim();
        }
        return;
      }
      switch (key.type) {
        case "Enter":
          if (active === query) {
            const best = list.querySelector("a.md-search-result__link");
            if (best) best.click();
            key.claim();
          }
          break;
        case "Escape":
        case "Tab":
          setOpen(false);
          query.blur();
          break;
        case "ArrowUp":
        case "ArrowDown": {
          const stops = [query, ...list.querySelectorAll("a.md-search-result__link")];
          const at = Math.max(0, stops.indexOf(active));
          stops[(at + stops.length + (key.type === "ArrowUp" ? -1 : 1)) % stops.length].focus();
          key.claim();
          break;
        }
        default:
          if (active !== query) query.focus();
      }
    });
  }

  // A link with ?q=words opens the search with them, as Material's search does.
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    query.value = asked;
    query.focus();
    search();
  }
})();
