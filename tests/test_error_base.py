"""One error base: every exception class the package defines derives from survey.errors.SurveyError,
so an adapter catches the one class (and prints its message, no traceback) for every error raised
on purpose."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import survey
from survey.content.yaml_source import parse_yaml
from survey.contribute.new_paper import Missing
from survey.errors import Problem, SurveyError


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for module in pkgutil.walk_packages(survey.__path__, "survey."):
        loaded = importlib.import_module(module.name)
        found += [cls for _, cls in inspect.getmembers(loaded, inspect.isclass)
                  if issubclass(cls, BaseException) and cls.__module__ == module.name]
    return found


def test_every_exception_class_derives_from_the_base() -> None:
    classes = _exception_classes()
    assert len(classes) >= 10  # ContentError, TooLarge, FetchError and its kinds, StarterError...
    assert [f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, SurveyError)] == []


def test_errors_carry_where() -> None:
    problems: list[Problem] = []
    deep = "a: " + "[" * 60 + "]" * 60 + "\n"
    assert parse_yaml(deep, "deep.yaml", problems) is None
    assert [str(p) for p in problems] == ["deep.yaml:1:36: file refused: nested more than 32 levels deep"]
    error = Missing("a title is needed", field="title")
    assert (error.path, error.line, error.field, str(error)) == (None, None, "title", "a title is needed")
