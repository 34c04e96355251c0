"""Issue 15: no contributed value can become markup, and hostile files cannot exhaust `survey check`.

The link builder is checked through Python-Markdown with the site's own extensions and parsed as a
browser parses it; the schema patterns through both validators; hostile files through the real
command in a subprocess with a memory and time limit; the backstop through a real mkdocs build.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import fastjsonschema
import markdown
import pytest
import yaml
from conftest import DATA, ROOT, copy_project, mkdocs_build, mkdocs_settings, survey_main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from selectolax.lexbor import LexborHTMLParser

from survey.content.identifiers import url_problem
from survey.content.schemas import schema_text
from survey.publish import html_check
from survey.publish.dom_names import FORM_PROPERTIES
from survey.publish.theme_markup import ThemeMarkup
from survey.site.markup import anchor, attribute, heading, link

# The issue's repro and variants: Markdown link syntax, attribute breakers, attr_list, emphasis.
HOSTILE_URLS = [
    "https://github.com/x/y/[a](autofocus/onfocus=alert(document.domain)//)",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/'><script>alert(2)</script>",
    "https://example.org/x{: onclick=alert(3) }",
    "https://example.org/*a*_b_`c`",
    "https://example.org/<img src=x onerror=alert(4)>",
    "https://example.org/![i](javascript:alert(5))",
    "https://example.org/&quot;onfocus=&quot;alert(6)",
    "https://example.org/a\u202eb\x00c",
]


def _site_markdown(text: str) -> str:
    config = mkdocs_settings(ROOT / "mkdocs.yml")
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return markdown.markdown(text, extensions=extensions)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_link_stays_one_link_whatever_its_url_holds(url: str) -> None:
    html = _site_markdown(f"Links: {link(url, 'Code')} and more text.")
    tree = LexborHTMLParser(html)
    anchors = tree.css("a")
    assert len(anchors) == 1, html
    shown = url.replace("\u202e", "").replace("\x00", "")
    assert anchors[0].attributes == {"href": shown}
    assert anchors[0].text() == "Code"
    assert tree.css("script, img") == []
    assert html_check.content_problems(html) == []


def test_an_attribute_value_holds_no_character_markdown_or_html_could_read() -> None:
    """Unit-level: each link test above would still pass if only one of the brackets were escaped."""
    out = str(attribute('https://x.org/[a](b)*_`{c}|!~<d>&"\''))
    assert not set(out) & set("[]()*_`{}|!~<>\"'")
    assert all(ref in out for ref in ("&#91;", "&#93;", "&#40;", "&#41;", "&#38;", "&#34;", "&#39;"))
    assert "https://x.org/" in out  # what needs no escape stays readable


@pytest.mark.parametrize(("url", "why"), [
    ("https://example.org/a[b]", "contains a bracket outside the host (percent-encode it as %5B / %5D)"),
    ("https://example.org/a\u202eb", "contains U+202E (RIGHT-TO-LEFT OVERRIDE), which a URL cannot hold (percent-encode it)"),
    ("ftp://example.org/", "must start with http:// or https://"),
    ("https://:80/x", "has no host name"),
    ("https://example.org:99999/", "is not a well-formed URL"),
    ("https://[2606:4700:4700::1111]:8000/x", None),  # brackets around an IPv6 host are the URL's own
    ("https://[::1]:8000/x", "names a host that is not public: ::1 is a loopback address"),
])
def test_the_url_rule_says_what_is_wrong(url: str, why: str | None) -> None:
    """survey add and import rely on it directly (the schema refuses brackets before check gets here)."""
    assert url_problem(url) == why


def _patterns(node, found):
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str) and node["pattern"].startswith("^"):
            found.append(node["pattern"])
        for value in node.values():
            _patterns(value, found)
    elif isinstance(node, list):
        for value in node:
            _patterns(value, found)
    return found


PATTERNS = sorted(set(_patterns(json.loads(schema_text("paper")), []) + _patterns(json.loads(schema_text("survey")), [])))


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_validators_refuse_a_trailing_newline(pattern: str, data) -> None:
    schema = {"type": "string", "pattern": pattern}
    slow, fast = Draft202012Validator(schema), fastjsonschema.compile(schema)
    value = data.draw(st.from_regex(pattern.removesuffix("(?!\\n)"), fullmatch=True).filter(lambda v: "\n" not in v))
    assert slow.is_valid(value)
    fast(value)
    assert not slow.is_valid(value + "\n")
    with pytest.raises(fastjsonschema.JsonSchemaException):
        fast(value + "\n")


def _limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The real command, with 1 GB of memory and 60 s: a bomb must be refused, not survived."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "survey.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=60, preexec_fn=limit)


def _paper(key: str, **fields) -> str:
    base = {"key": key, "title": "A Thing", "year": 2024, "category": "peft", "tldr": "Does a thing.",
            "tags": {"approach": ["lora"]}, "added": "2026-11-26"}
    return yaml.safe_dump({**base, **fields}, allow_unicode=True)


def test_hostile_files_are_refused_by_name_without_reading_them(project: Path) -> None:
    papers = project / "content" / "papers"
    (papers / "passwd.yaml").symlink_to("/etc/passwd")
    (papers / "zero.yaml").symlink_to("/dev/zero")
    (papers / "loop1.yaml").symlink_to("loop2.yaml")
    (papers / "loop2.yaml").symlink_to("loop1.yaml")
    os.mkfifo(papers / "fifo.yaml")
    (papers / "folder.yaml").mkdir()
    (papers / "huge.yaml").write_text("key: huge\nabstract: " + "x" * (5 << 20) + "\n", encoding="utf-8")
    depth = 40
    (papers / "deep.yaml").write_text("key: deep\ntitle: " + "[" * depth + "x" + "]" * depth + "\n", encoding="utf-8")
    (papers / "year.yaml").write_text(_paper("year").replace("year: 2024", "year: " + "9" * 5000), encoding="utf-8")
    bomb = "key: bomb\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi", strict=True))
    (papers / "bomb.yaml").write_text(bomb, encoding="utf-8")
    result = _limited(["--content", "content", "check"], project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert "root:" not in result.stderr + result.stdout  # /etc/passwd was not read
    lines = set(result.stderr.splitlines())
    link = "file is a symbolic link; content files must be regular files (not read)"
    for name in ("passwd", "zero", "loop1", "loop2"):
        assert f"content/papers/{name}.yaml:1:1: {link}" in lines
    assert "content/papers/fifo.yaml:1:1: file is not a regular file (not read)" in lines
    assert "content/papers/folder.yaml:1:1: file is not a regular file (not read)" in lines
    assert "content/papers/huge.yaml:1:1: file is larger than 4 MB (not read)" in lines
    assert any(line.startswith("content/papers/deep.yaml:2:") and "nested more than 32 levels deep" in line for line in lines)
    assert "content/papers/year.yaml:9:7: year: is a number too long to read" in lines
    assert "content/papers/bomb.yaml:3:4: file refused: more than 100 aliases (*name): a paper file needs none" in lines
    assert all(len(line) < 300 for line in lines)
    formatted = _limited(["--content", "content", "fmt", "--check"], project)
    assert formatted.returncode == 1 and "Traceback" not in formatted.stderr and "root:" not in formatted.stderr
    assert f"content/papers/zero.yaml: cannot format: {link}" in formatted.stderr.splitlines()
    assert "content/papers/bomb.yaml: cannot format: file refused: more than 100 aliases" in formatted.stderr


def test_a_url_the_schema_lets_through_is_checked_by_a_real_url_parser(project: Path) -> None:
    papers = project / "content" / "papers"
    (papers / "nohost.yaml").write_text(_paper("nohost", url="https://:80/x", code="https://example.org:99999/"), encoding="utf-8")
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 1
    assert "content/papers/nohost.yaml:3:7: code: is not a well-formed URL (got 'https://example.org:99999/')" in result.stderr
    assert "content/papers/nohost.yaml:10:6: url: has no host name (got 'https://:80/x')" in result.stderr


def test_a_url_fact_is_checked_like_a_link(project: Path) -> None:
    papers = project / "content" / "papers"
    for i, url in enumerate(HOSTILE_URLS[:3]):
        paper = _paper(f"demo{i}", category="position", facts={"demo": url}, title=["Prompt Tuning", "Adapter Fusion", "Sparse Retrieval"][i])
        (papers / f"demo{i}.yaml").write_text(paper, encoding="utf-8")
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.endswith("3 problems found.\n")
    for i in range(3):
        assert f"content/papers/demo{i}.yaml:4:9: facts.demo: expected an http or https URL for column 'Demo'" in result.stderr


@pytest.mark.slow
def test_a_url_with_markdown_characters_is_one_working_link_on_the_page(project: Path) -> None:
    url = "https://example.org/a_b*c*~d~/q?x=1&y=(2)#frag"
    (project / "content" / "papers" / "demo.yaml").write_text(
        _paper("demo", category="position", facts={"demo": url}, code=url), encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    for page in ("context/position/index.html", "papers/demo/index.html", "explore/all/1/index.html"):
        anchors = [a for a in LexborHTMLParser((project / "site" / page).read_text(encoding="utf-8")).css("a") if "example.org" in (a.attributes.get("href") or "")]
        assert anchors and all(a.attributes["href"] == url for a in anchors), page


def test_a_long_multiline_value_is_quoted_as_a_short_excerpt(project: Path) -> None:
    papers = project / "content" / "papers"
    (papers / "long.yaml").write_text(_paper("long", year="2024\n" + "secret line\n" * 2000), encoding="utf-8")
    result = survey_main("--content", "content", "check", cwd=project)
    problem = next(line for line in result.stderr.splitlines() if line.startswith("content/papers/long.yaml"))
    assert len(problem) < 200 and problem.count("secret") <= 5


@pytest.mark.parametrize("html", [
    '<p><a href="javascript:alert(1)">x</a></p>',
    '<p><a href=" JaVa\tScRipt:alert(1)">x</a></p>',
    '<p><img src="x" onerror="alert(1)"></p>',
    "<p><svg><script>alert(1)</script></svg></p>",
    '<p><a href="data:text/html,x">x</a></p>',
    "<style>body{display:none}</style>",
    '<iframe src="https://example.org"></iframe>',
    '<form action="https://evil.example"><button formaction="javascript:x">go</button></form>',
    '<p style="background:url(https://evil.example/t.png)">x</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
])
def test_the_backstop_refuses_markup_that_could_run_or_load(html: str) -> None:
    assert html_check.content_problems(html)


BACKSTOP_CASES = yaml.safe_load((DATA / "backstop_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", BACKSTOP_CASES["cases"], ids=lambda case: case["name"])
def test_the_backstop_is_at_least_as_strict_as_github(case: dict[str, str]) -> None:
    """Each case of tests/data/backstop_cases.yaml through the real checks: the content check on
    the snippet, the whole-page check on a theme page holding it in its article."""
    assert case["github"] and case["html"]
    checks = [name for name in ("content", "page") if name in case]
    assert checks, case["name"]
    page = BACKSTOP_CASES["theme_page"]
    theme = ThemeMarkup.from_page(page.replace("{content}", ""))
    for check in checks:
        if check == "content":
            problems = html_check.content_problems(case["html"])
        else:
            problems = html_check.page_problems(page.replace("{content}", case["html"]), "", theme)
        if case[check] == "accepted":
            assert problems == [], (check, problems)
        else:
            assert any(case[check] in problem for problem in problems), (check, problems)


def test_the_case_table_holds_every_case_the_issue_names() -> None:
    names = " ".join(case["html"] for case in BACKSTOP_CASES["cases"])
    for payload in (r"u\72l(", "image-set(", 'src="https://', "position:fixed", 'type="password"', 'name="cookie"',
                    'id="location"', 'id="__proto__"', 'target="_top"', "<iframe srcdoc", 'http-equiv="refresh"',
                    'attributeName="href" values="javascript:', "<object", "<style>", '<link rel="stylesheet"'):
        assert payload in names, payload


@pytest.mark.parametrize(("title", "expected"), [("__config", "config"), ("__proto__", "proto__"), ("-- Draft", "draft"), ("___", "section")])
def test_a_paper_title_never_becomes_an_id_the_backstop_refuses(title: str, expected: str) -> None:
    """The paper page's heading takes its id from the title: "__config" would be Material's."""
    assert anchor(title) == expected
    assert html_check.content_problems(str(heading(1, title, anchor(title)))) == []


@pytest.mark.slow
def test_the_clobbering_rules_rest_on_what_chromium_does(browser) -> None:
    """The id and name rules of the backstop, against a real browser: an id cannot take a name
    window already has (so id="location" is harmless and accepted), a named image does replace
    document.cookie and a control named "action" its form's action (so both are refused), and
    every property of a form is in FORM_PROPERTIES."""
    page = browser.new_page()
    body = ('<!doctype html><h2 id="location">L</h2><h2 id="performance">P</h2><img name="cookie" alt="">'
            '<form id="f"><input type="checkbox" name="action"></form>')
    # Served at an address of its own (answered here, nothing leaves the machine): about:blank has
    # no cookie to read.
    page.route("http://backstop.invalid/", lambda route: route.fulfill(body=body, content_type="text/html"))
    page.goto("http://backstop.invalid/")
    facts = page.evaluate("""() => {
        const form = document.getElementById("f");
        const names = new Set();
        for (let p = document.createElement("form"); p; p = Object.getPrototypeOf(p))
            for (const name of Object.getOwnPropertyNames(p)) names.add(name);
        return {location: window.location instanceof Location, performance: window.performance instanceof Performance,
                cookie: document.cookie instanceof HTMLImageElement, action: form.action instanceof HTMLInputElement,
                formNames: [...names]};
    }""")
    page.close()
    assert facts["location"] and facts["performance"]
    assert facts["cookie"] and facts["action"]
    spelled = {name for name in facts["formNames"] if html_check.ID.fullmatch(name)}
    assert "submit" in spelled and spelled <= FORM_PROPERTIES, sorted(spelled - FORM_PROPERTIES)


@pytest.mark.slow
def test_the_backstop_aborts_a_build_and_names_the_file(tmp_path: Path) -> None:
    """Maintainers' intros are Markdown with HTML; even so, an event handler aborts the build."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project).returncode == 0
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    survey_file = project / "content" / "survey.yaml"
    text = survey_file.read_text(encoding="utf-8")
    survey_file.write_text(text.replace("intro: Train few parameters.", "intro: Train few <img src=x onerror=alert(1)> parameters."), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "content/survey.yaml: the page made from it (" in result.stderr
    assert "<img> has an event handler attribute 'onerror'" in result.stderr
    assert sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*")) == before
    assert "onerror" not in "".join(p.read_text(errors="replace") for p in (project / "site").rglob("*.html"))


@pytest.mark.slow
def test_a_style_or_a_password_field_in_an_intro_aborts_the_build(tmp_path: Path) -> None:
    """Issue 21: what GitHub's sanitizer would strip stops the build, every problem listed."""
    project = copy_project(tmp_path / "project")
    survey_file = project / "content" / "survey.yaml"
    text = survey_file.read_text(encoding="utf-8")
    hostile = 'Train <a href="https://example.org/" style="position:fixed;inset:0;opacity:0" target="_top">few</a> <input type="password" name="pw"> parameters.'
    survey_file.write_text(text.replace("intro: Train few parameters.", f"intro: '{hostile}'"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "content/survey.yaml: the page made from it (" in result.stderr
    for problem in ("<a> has a style attribute", "<a> has target='_top'", "<input> has type='password'"):
        assert problem in result.stderr, problem
    written = "".join(page.read_text(errors="replace") for page in (project / "site").rglob("*.html"))
    assert 'type="password"' not in written  # the failed build left nothing behind


def test_the_theme_scripts_are_told_apart_from_injected_ones() -> None:
    site_404 = (
        '<html><head><script>__md_scope=new URL("/",location)</script></head><body>'
        '<script id="__config" type="application/json">{"base": "/"}</script>'
        '<script src="/assets/javascripts/bundle.js"></script></body></html>'
    )
    theme = ThemeMarkup.from_page(site_404)
    page = site_404.replace('"/"', '"../.."').replace('src="/assets', 'src="../../assets')
    assert html_check.page_problems(page, "papers/x", theme) == []
    injected = page.replace("</head>", "<script>alert(1)</script></head>")
    assert html_check.page_problems(injected, "papers/x", theme) == ["a <script> the theme did not put there (inline: 'alert(1)')"]
    elsewhere = page.replace("../../assets", "../../evil")
    assert html_check.page_problems(elsewhere, "papers/x", theme)


def test_a_sidebar_seen_on_a_sound_page_is_not_walked_again_but_anything_else_is() -> None:
    nav = '<nav class="md-nav md-nav--primary"><ul><li><a href="../../peft/">PEFT</a></li></ul></nav>'
    page = f"<html><body>{nav}<article>{{}}</article></body></html>"
    verified: set[bytes] = set()
    assert html_check.page_problems(page.format("<p>sound</p>"), "papers/a", None, verified) == []
    assert len(verified) == 1
    # The same sidebar, a handler elsewhere on the page: still found, and the set does not grow.
    evil = page.format('<img src="x.png" onerror="alert(1)">')
    assert html_check.page_problems(evil, "papers/b", None, verified) == ["<img> has an event handler attribute 'onerror'"]
    # A sidebar that differs in one attribute is a new one: walked, and its handler found.
    other = page.replace('href="../../peft/"', 'href="../../peft/" onmouseover="alert(1)"').format("")
    assert html_check.page_problems(other, "papers/c", None, verified) == ["<a> has an event handler attribute 'onmouseover'"]
    assert len(verified) == 1
    # Nor is a sidebar found on a page with a problem counted as sound.
    fresh: set[bytes] = set()
    assert html_check.page_problems(evil, "papers/b", None, fresh) and not fresh
