from survey.contribute.citekey import first_significant_word, make_key
from survey.names import family_name
from survey.text import ascii_fold


def test_key_is_family_year_and_first_significant_word() -> None:
    authors = ["Zelong Li", "Shuyuan Xu"]
    assert make_key(authors, 2024, "AutoFlow: Automated Workflow Generation") == "li2024autoflow"


def test_stopwords_and_hyphenated_words() -> None:
    assert first_significant_word("A Closer Look at the Limitations") == "closer"
    assert first_significant_word("P-Tuning v2: Prompt Tuning") == "ptuning"
    assert first_significant_word("On the Loss of Context-awareness") == "loss"


def test_family_names_are_ascii_folded() -> None:
    assert make_key(["Piotr Miłoś"], 2023, "Focused Transformer") == "milos2023focused"
    assert make_key(["José G. C. de Souza"], 2024, "Tower") == "souza2024tower"
    assert ascii_fold("Müller Łukasz Straße") == "Muller Lukasz Strasse"


def test_organisation_as_first_author() -> None:
    assert family_name("01.AI") == "01.AI"
    assert make_key(["01.AI", "Alex Young"], 2024, "Yi: Open Foundation Models") == "01ai2024yi"


def test_paper_without_authors_uses_title_word() -> None:
    assert make_key([], 2023, "MedEdit: Model Editing for Medical QA") == "mededit2023"


def test_clash_appends_letters() -> None:
    taken = {"li2024autoflow"}
    assert make_key(["Zelong Li"], 2024, "AutoFlow", taken) == "li2024autoflowa"
    assert make_key(["Zelong Li"], 2024, "AutoFlow", taken | {"li2024autoflowa"}) == "li2024autoflowb"
