"""Render a validated survey into Markdown pages and downloads, in memory.

Templates produce Markdown. Every value they print is escaped by ``finalize`` unless it is already
Markup (built by markdown_text, or a maintainer's trusted intro), so a template cannot forget to
escape contributed text.
"""

from __future__ import annotations

import functools
import html
import json
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from survey import urls
from survey.content import editor_schema
from survey.model import Category, Paper, Survey, Table, arxiv_abs_url, arxiv_pdf_url
from survey.outputs import bibtex, exports, reading_styles, ris
from survey.outputs.reading_styles import references
from survey.site import charts, explorer, taxonomy_figure
from survey.site.explorer import data, export, fallback
from survey.site.markup import anchor, attribute, code_block, heading, html_paragraphs, inline, link, paragraphs
from survey.site.related_process import RelatedSoon, worth_a_process
from survey.site.site import Download, NavEntry, Page, Site
from survey.site.tables import STANDARD_LEAD, paper_facts, paper_table, tables_joined
from survey.source_tiers import SourcePolicy, Tier
from survey.text import fenced_block, one_line
from survey.urls import Publishing

NEWEST_ON_HOME = 10


def _finalize(value: object) -> object:
    return value if isinstance(value, Markup) else inline(value)


@functools.cache  # compiling the templates cost a third of a `make serve` rebuild: once a process
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["trusted"] = Markup  # only for survey.yaml's Markdown, written by maintainers
    env.filters["paragraphs"] = paragraphs
    env.filters["html_paragraphs"] = html_paragraphs
    env.globals.update(
        paths=urls, fenced=fenced, page_title=page_title, front_matter=front_matter, anchor=anchor, heading=heading, code_block=code_block
    )
    return env


# What YAML cannot hold raw in a double-quoted scalar (or reads as a line break): JSON-escape it.
_YAML_RAW_UNSAFE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def front_matter(value: object) -> Markup:
    """A value for YAML front matter, written as JSON (JSON is valid YAML) and kept readable."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return Markup(_YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def page_title(text: str) -> Markup:
    """A front-matter title: HTML-escaped (themes print it raw), as a JSON string (valid YAML)."""
    return front_matter(html.escape(one_line(text)))


def fenced(code: str, language: str) -> Markup:
    """A fenced code block whose fence is longer than any backtick run inside it."""
    return Markup(fenced_block(code, language))


class Renderer:
    def __init__(self, survey: Survey, publishing: Publishing = Publishing()):
        # First, second processes: one computes related papers, another formats the references the
        # cache lacks, while this one renders the rest.
        self.related_soon = _related(survey.papers)
        reading_styles.prepare(survey.papers)
        self.survey = survey
        self.publishing = publishing
        self.env = _environment()
        self.protected = frozenset(survey.protected_words)
        self.members = {c.id: survey.papers_in(c) for c in survey.categories()}
        self.counts = {cid: len(papers) for cid, papers in self.members.items()}
        self.by_key = {p.key: p for p in survey.papers}
        # Each paper's entry is built and written once; every .bib file joins the ones it needs.
        self.bibliography = bibtex.Bibliography(survey.papers, self.protected)
        self.ris = ris.Records(survey.papers)  # likewise each paper's RIS record
        self.csl = {p.key: exports.csl_record(p) for p in survey.papers}  # and its CSL-JSON line
        self.taxonomy = taxonomy_figure.Layout(survey)  # measured once, drawn for the home page and the download

    @functools.cached_property
    def related(self) -> dict[str, list[str]]:
        return self.related_soon()

    def page(self, template: str, path: str, *, source: str | None = None, whole_survey: bool = True, **context: object) -> Page:
        # Paths are built from validated ids and keys, so they are safe to print as they are.
        # href: a .md link that mkdocs rewrites (Markdown templates); url: the final address (HTML ones).
        href = lambda target: Markup(urls.relative(target, path))  # noqa: E731
        url = lambda target: Markup(self.link(target, path))  # noqa: E731
        islands: list[str] = []

        def island(block: Markup) -> Markup:
            """A block of finished HTML in a Markdown page (a table, a figure), on lines of its own."""
            islands.append(str(block))
            return Markup(f"\n{block}\n")

        if whole_survey:  # a template that reads only its context can be kept by its context (paper pages)
            context.update(survey=self.survey, counts=self.counts)
        text = self.env.get_template(template).render(href=href, url=url, island=island, **context)
        source = source if source is not None else self.survey.source
        return Page(path, text, source, html=template.endswith(".html.j2"), islands=tuple(islands))

    def link(self, target: str, page: str) -> str:
        """A link from ``page`` to ``target`` written in HTML: its final address, unless the builder
        rewrites HTML links as Markdown ones (then the source path, as in Markdown)."""
        return urls.relative(target, page) if self.publishing.source_links else urls.page_url(target, page, self.publishing)

    def bib(self, papers: list[Paper]) -> str:
        return self.bibliography.text(papers)

    def render(self) -> Site:
        try:
            return self._render()
        finally:
            reading_styles.save()  # the references formatted for this build, for the next one

    def _render(self) -> Site:
        site = Site()
        site.pages.append(self.home())
        for category in self.survey.categories():
            site.pages.append(self.category(category))
            site.downloads.append(Download(urls.category_bib(category), self.bib(self.members[category.id]).encode()))
            site.downloads.append(Download(urls.category_ris(category), self.ris.file(self.members[category.id])))
        # What needs no related papers is made before the paper pages, which do: meanwhile a
        # second process computes them (site/related_process.py). Listed in the same order.
        later_pages = [*self.explorer_pages(), self.statistics_page(), self.downloads_page()]
        later_downloads = [
            *self.explorer_data(),
            Download(urls.SURVEY_BIB, self.bib(self.survey.papers).encode()),
            Download(urls.SURVEY_FULL_BIB, self.bibliography.full_text().encode()),
        ]
        last_downloads = [
            Download(urls.CSL_JSON, exports.csl_json(self.survey, self.csl)),
            Download(urls.SURVEY_RIS, self.ris.file(sorted(self.survey.papers, key=lambda p: p.key))),
            Download(urls.FEED, exports.atom_feed(self.survey, self.publishing)),
            Download(urls.TAXONOMY_SVG, taxonomy_figure.standalone(self.survey, self.publishing, self.taxonomy)),
            Download(urls.PAPER_SCHEMA, editor_schema.text(self.survey).encode()),
        ]
        for paper in self.survey.papers:
            page, bib = self.paper(paper)
            site.pages.append(page)
            site.downloads.append(Download(urls.paper_bib(paper), bib.encode()))
            site.downloads.append(Download(urls.paper_ris(paper), self.ris.file([paper])))
            # A former key's address keeps working: a page that links to the paper's own.
            site.pages += [self.page("moved.md.j2", urls.PAPER_PAGE.format(key=former), source=paper.source, paper=paper, former=former)
                           for former in paper.former_keys]
        site.pages += later_pages
        site.downloads += [*later_downloads, Download(urls.PAPERS_JSON, exports.papers_json(self.survey, self.publishing, self.related))]
        site.downloads += last_downloads
        site.nav = self.nav()
        site.refuse_shared_paths(self.publishing)
        return site

    def home(self) -> Page:
        cite = self.survey.cite
        cite_bibtex = bibtex.entries_text({cite.key: bibtex.citation_entry(cite)}) if cite else ""
        leaves = sum(1 for c in self.survey.categories() if c.is_leaf)
        newest = exports.newest(self.survey.papers, NEWEST_ON_HOME)
        figure = taxonomy_figure.embedded(self.survey, urls.HOME, self.publishing, self.taxonomy)
        return self.page(
            "home.md.j2", urls.HOME, tree=self.tree(urls.HOME), cite_bibtex=cite_bibtex, leaf_count=leaves, newest=newest, figure=figure,
        )

    def tree(self, page: str) -> Markup:
        lines = []
        for category in self.survey.categories():
            indent = "    " * len(category.ancestors)
            count = self.counts[category.id]
            target = urls.relative(urls.category_page(category), page)
            lines.append(f"{indent}- [{inline(category.title)}]({target}) ({count})")
        return Markup("\n".join(lines))

    def category(self, category: Category) -> Page:
        path = urls.category_page(category)
        papers = self.members[category.id]
        link_to = self.paper_link_from(path)
        if category.is_leaf:
            table = paper_table(papers, category.columns, link_to)
        else:
            sub = lambda p: self.category_link(p, path)  # noqa: E731
            table = paper_table(papers, (), link_to, STANDARD_LEAD + (("Sub-category", sub),))
        extra = []
        for spec in self.survey.tables:
            if spec.category == category.id:
                in_order = sorted(self.survey.papers, key=lambda p: (p.year, p.key))
                members = [p for p in in_order if any(c.key in p.facts for c in spec.columns)]
                extra.append((spec, paper_table(members, spec.columns, link_to)))
        return self.page("category.md.j2", path, category=category, papers=papers, table=table, extra_tables=extra)

    def category_link(self, paper: Paper, page: str) -> Markup:
        target = self.survey.category(paper.category)
        assert target is not None  # validated: every paper's category exists
        return link(self.link(urls.category_page(target), page), target.title)

    def paper_link_from(self, page: str) -> Callable[[Paper], str]:
        """The address of a paper's page, as a link written in HTML on ``page``."""
        return lambda paper: self.link(urls.paper_page(paper), page)

    def paper(self, paper: Paper) -> tuple[Page, str]:
        bib = self.bibliography.texts[paper.key]
        category = self.survey.category(paper.category)
        assert category is not None  # validated: every paper's category exists
        related = tuple(self.by_key[key] for key in self.related.get(paper.key, []))
        joined = tuple((spec, self.survey.category(spec.category)) for spec in tables_joined(self.survey, paper))
        # Everything the page is made from (its template sees only its context: no `survey`); a
        # category by what the page shows of it (parent and children point at each other).
        homes = tuple((spec, _shown(home)) for spec, home in joined)
        inputs = (paper, bib, _shown(category), related, homes, tuple(self.survey.facets), self.survey.source_policy, self.publishing)
        known = _paper_pages.get(paper.key)
        if known is not None and known[0] == inputs:
            return known[1], bib
        page = self.paper_page(paper, bib, category, list(related), joined)
        _paper_pages[paper.key] = (inputs, page)
        return page, bib

    def paper_page(
        self, paper: Paper, bib: str, category: Category, related: list[Paper], joined: tuple[tuple[Table, Category | None], ...]
    ) -> Page:
        path = urls.paper_page(paper)
        links = [link(url, label) for label, url in _paper_links(paper)]
        sources = [source_item(url, self.survey.source_policy) for url in paper.sources]
        explore = self.link(urls.EXPLORER, path)
        # Each author opens the explorer filtered by that name, as written (quote: a name holds spaces, & or #).
        authors = [link(f"{explore}?author={urllib.parse.quote(name, safe='')}", name) for name in paper.authors]
        tags = []
        for facet in self.survey.facets:
            values = paper.tags.get(facet.id, ())
            if values:
                param = explorer.facet_param(facet.id)  # ids are validated slugs: safe in a URL as they are
                tags.append((facet, [link(f"{explore}?{param}={v}", facet.values[v]) for v in values]))
        facts = paper_facts(paper, category.columns)
        evidence = [(spec, home, paper_facts(paper, spec.columns)) for spec, home in joined]
        # Open Graph and Twitter cards: theme/main.html HTML-escapes them into <meta> tags.
        card = {"title": one_line(paper.title), "description": one_line(paper.tldr)}
        return self.page(
            "paper.html.j2",
            path,
            source=paper.source,
            whole_survey=False,
            paper=paper,
            authors=authors,
            venue=self.venue(paper),
            links=links,
            sources=sources,
            tags=tags,
            category=category,
            bibtex=bib,
            related=related,
            references=references(paper),
            citation_meta=front_matter(citation_meta(paper)),
            facts=facts,
            evidence=evidence,
            card=front_matter(card),
        )

    def venue(self, paper: Paper) -> Markup | str | None:
        """The venue as the paper page names it: linked to the paper's page there where the record has one."""
        page = venue_page(paper, self.survey.source_policy)
        return link(page, paper.venue_text) if page and paper.venue_text else paper.venue_text

    def explorer_pages(self) -> list[Page]:
        """The explorer (a form and an empty table the script fills) and its plain tables."""
        tables = fallback.table_pages(data.ordered(self.survey))
        shell = explorer.shell(self.explorer_link(urls.EXPLORER_DATA))
        pages = [self.page("explore.md.j2", urls.EXPLORER, form=explorer.filter_form(self.survey), shell=shell, tables=tables)]
        for each in tables:
            table = fallback.table(each.papers, self.paper_link_from(each.path), self.category_link_from(each.path))
            pages.append(self.page("explore_all.md.j2", each.path, page=each, pages=tables, table=table, size=fallback.PAGE_SIZE))
        return pages

    def category_link_from(self, page: str) -> Callable[[Paper], Markup]:
        return lambda paper: self.category_link(paper, page)

    def explorer_link(self, target: str) -> str:
        return urls.page_url(target, urls.EXPLORER, self.publishing)

    def explorer_data(self) -> list[Download]:
        records = export.downloads(data.ordered(self.survey), self.bibliography, self.ris, self.csl)  # what the export buttons fetch
        return data.downloads(self.survey, self.explorer_link) + records

    def statistics_page(self) -> Page:
        # Each bar links to the explorer showing its papers (raw SVG: mkdocs rewrites no link there).
        link = charts.explorer_link(urls.page_url(urls.EXPLORER, urls.STATISTICS, self.publishing))
        figures = [
            charts.papers_per_year(self.survey, "chart-years", link),
            charts.papers_per_category(self.survey, "chart-categories", link),
            charts.top_venues(self.survey, "chart-venues", link=link),
            charts.code_share(self.survey, "chart-code", link),
        ]
        years = sorted({p.year for p in self.survey.papers})
        with_code = sum(1 for p in self.survey.papers if p.code)
        return self.page("statistics.md.j2", urls.STATISTICS, figures=figures, years=years, with_code=with_code)

    def downloads_page(self) -> Page:
        indent = lambda c: Markup("    " * len(c.ancestors))  # noqa: E731
        return self.page("downloads.md.j2", urls.DOWNLOADS, indent=indent, fields=exports.PAPER_FIELDS, feed_size=exports.FEED_SIZE)

    def nav(self) -> list[NavEntry]:
        def entry(category: Category) -> NavEntry:
            if category.is_leaf:
                return NavEntry(category.title, urls.category_page(category))
            overview = NavEntry(category.title, urls.category_page(category))
            return NavEntry(category.title, None, (overview,) + tuple(entry(c) for c in category.children))

        return (
            [NavEntry("Home", urls.HOME)]
            + [entry(root) for root in self.survey.roots]
            + [NavEntry("Explore papers", urls.EXPLORER), NavEntry("Statistics", urls.STATISTICS), NavEntry("Downloads", urls.DOWNLOADS)]
        )


def source_item(url: str, policy: SourcePolicy | None) -> Markup:
    """A source as its host, linked, and the label of its tier (survey.yaml `sources`) where it has one."""
    item = link(url, urllib.parse.urlsplit(url).hostname or url)
    tier = policy.tier_of(url) if policy is not None else None
    if tier is None:
        return item
    about = f' title="{attribute(tier.about)}"' if tier.about else ""
    return item + Markup(f' <span class="survey-source-tier survey-source-tier-{tier.number}"{about}>{inline(tier.label)}</span>')


def venue_page(paper: Paper, policy: SourcePolicy | None) -> str | None:
    """The published paper's page at its venue, from what the record gives, never made up: its
    ``url`` where that is the venue's own record (the most trusted tier of survey.yaml `sources`;
    without tiers, any page but arXiv's), else its DOI, else its first source in that tier. None
    for a preprint."""
    if paper.venue_text is None:
        return None
    venues = policy.tiers[0] if policy is not None and policy.tiers else None
    if paper.url and _at_venue(paper.url, policy, venues):
        return paper.url
    if paper.doi:
        return f"https://doi.org/{paper.doi}"
    return next((url for url in paper.sources if venues is not None and _at_venue(url, policy, venues)), None)


def _at_venue(url: str, policy: SourcePolicy | None, venues: Tier | None) -> bool:
    if policy is None or venues is None:
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        return host != "arxiv.org" and not host.endswith(".arxiv.org")
    return policy.tier_of(url) == venues


def _paper_links(paper: Paper) -> list[tuple[str, str]]:
    links = []
    if paper.url:
        links.append(("arXiv" if paper.arxiv and "arxiv.org" in paper.url else "Paper", paper.url))
    elif abs_url := arxiv_abs_url(paper.arxiv):
        links.append(("arXiv", abs_url))
    if paper.pdf:
        links.append(("PDF", paper.pdf))
    if paper.code:
        links.append(("Code", paper.code))
    if paper.doi:
        links.append(("DOI", f"https://doi.org/{paper.doi}"))
    return links


def citation_meta(paper: Paper) -> list[tuple[str, str]]:
    """Google Scholar's citation_* meta tags (also read by Zotero), as (name, content) pairs.

    theme/main.html prints them, HTML-escaped, from the page's front matter.
    """
    meta = [("citation_title", one_line(paper.title))]
    meta += [("citation_author", one_line(name)) for name in paper.authors]
    meta.append(("citation_publication_date", paper.date.replace("-", "/") if paper.date else str(paper.year)))
    kind, _ = paper.entry_type
    if paper.venue_name:
        venue_tag = "citation_journal_title" if kind == "article" else "citation_conference_title"
        meta.append((venue_tag, one_line(paper.venue_name)))
    if paper.arxiv:
        meta.append(("citation_arxiv_id", paper.arxiv))
    if paper.doi:
        meta.append(("citation_doi", paper.doi))
    pdf = paper.pdf or arxiv_pdf_url(paper.arxiv)
    if pdf:
        meta.append(("citation_pdf_url", pdf))
    if paper.abstract:
        meta.append(("citation_abstract", one_line(paper.abstract)))
    return meta


# Each paper's page with what it was made from, kept between the renders of one process: a
# `make serve` rebuild renders again only the pages whose inputs changed (after a save, the paper's
# own, and those listing it among related papers when its title changed).
_paper_pages: dict[str, tuple[tuple[object, ...], Page]] = {}

def _shown(category: Category | None) -> tuple[object, ...] | None:
    """What a paper page shows of a category: its title and address, and its columns' facts."""
    return None if category is None else (category.id, category.title, category.columns, urls.category_page(category))


# The last related papers with their input: a `make serve` rebuild after an edit that changed no
# title or abstract (most of them) reuses them.
_last_related: tuple[tuple[tuple[str, str, str], ...], dict[str, list[str]]] | None = None


def _related(papers: list[Paper]) -> Callable[[], dict[str, list[str]]]:
    """Related papers, started now and asked for when the first page needs them (site/related_process.py)."""
    docs = tuple(sorted((p.key, p.title, p.abstract or "") for p in papers))
    if _last_related is not None and _last_related[0] == docs:
        known = _last_related[1]
        return lambda: known
    # Only a process's first computation goes to a second process: a `make serve` session then
    # loads numpy once and computes each later change itself, in 0.1 s.
    soon = RelatedSoon(papers, elsewhere=_last_related is None and worth_a_process(papers))

    def result() -> dict[str, list[str]]:
        global _last_related
        _last_related = (docs, soon.get())
        return _last_related[1]

    return result


def render_site(survey: Survey, publishing: Publishing = Publishing()) -> Site:
    return Renderer(survey, publishing).render()
