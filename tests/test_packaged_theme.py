"""The theme ships with the generator (survey/site/theme.py): a survey's mkdocs.yml names only
`theme: material` and the plugin, and a survey's own custom_dir still overrides any file of it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import mkdocs_build, survey_cli
from selectolax.lexbor import LexborHTMLParser

from survey.site import theme

pytestmark = pytest.mark.slow  # builds the site


def _own_theme(project: Path) -> None:
    """A survey's custom_dir with its own survey.css and main.html, and a stylesheet of its own."""
    overrides = project / "overrides"
    (overrides / "stylesheets").mkdir(parents=True)
    (overrides / "stylesheets" / "survey.css").write_text("/* the survey's own */\n", encoding="utf-8")
    (overrides / "stylesheets" / "extra.css").write_text("/* extra */\n", encoding="utf-8")
    main = (theme.FOLDER / "main.html").read_text(encoding="utf-8")
    (overrides / "main.html").write_text(main + "{% block footer %}<p id=own-footer>ours</p>{% endblock %}\n", encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert "custom_dir" not in config["theme"] and "extra_css" not in config and "extra_javascript" not in config
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    (project / "mkdocs.yml").write_text(text + "extra_css:\n  - stylesheets/extra.css\n", encoding="utf-8")


def test_the_plugin_brings_the_theme_and_a_custom_dir_overrides_it(project: Path) -> None:
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    for asset in (*theme.STYLESHEETS, *theme.SCRIPTS):
        assert (site / asset).read_bytes() == (theme.FOLDER / asset).read_bytes(), asset
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    assert [link.attributes["href"] for link in home.css("link[rel=stylesheet]")][-3:] == list(theme.STYLESHEETS)
    assert [s.attributes["src"] for s in home.css("script[src]")][-2:] == list(theme.SCRIPTS)

    _own_theme(project)
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    assert (site / "stylesheets" / "survey.css").read_text(encoding="utf-8") == "/* the survey's own */\n"
    assert (site / "stylesheets" / "figures.css").read_bytes() == (theme.FOLDER / "stylesheets" / "figures.css").read_bytes()
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    sheets = [link.attributes["href"] for link in home.css("link[rel=stylesheet]")]
    assert sheets[-4:] == ["stylesheets/extra.css", *theme.STYLESHEETS]  # the survey's own first, each once
    assert home.css_first("#own-footer").text() == "ours"
    assert home.css_first("meta[name=citation_title]") is None  # home is no paper; main.html still extends the theme's
    paper = LexborHTMLParser((site / "papers" / "hu2021lora" / "index.html").read_text(encoding="utf-8"))
    assert paper.css_first("meta[name=citation_title]") is not None  # the packaged main.html's blocks still there


def test_zensical_gets_the_packaged_theme_with_the_custom_dir_over_it(project: Path) -> None:
    _own_theme(project)
    result = survey_cli("render", "out", "--zensical", "mkdocs.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"] == {"custom_dir": "theme"}
    assert config["extra_css"] == ["stylesheets/extra.css", *theme.STYLESHEETS]
    assert (out / "theme" / "stylesheets" / "survey.css").read_text(encoding="utf-8") == "/* the survey's own */\n"
    explorer = Path("javascripts", "explorer", "main.js")
    assert (out / "theme" / explorer).read_bytes() == (theme.FOLDER / explorer).read_bytes()
    assert "own-footer" in (out / "theme" / "main.html").read_text(encoding="utf-8")
