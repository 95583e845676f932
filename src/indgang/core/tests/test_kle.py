"""KLE: parsing OS2KLE and local keywords, and finding topics in citizens' wording."""

from __future__ import annotations

import pytest

from indgang.core import kle

LINES = [
    "KLENummer='05.01.08':KLETitel='Vejvedligeholdelse og vejrenovering':"
    "Keywords[Weight]=Hul i vejen[5];Vejbump[10];ok01[1000];",
    "KLENummer='23.09.02':KLETitel='Pas':Keywords[Weight]=Pas[5];Nødpas[20];",
    "KLENummer='28.09.40':KLETitel='Optagelse i dagtilbud':Keywords[Weight]=vuggestue[5];",
]


def test_os2kle_lines_give_number_title_and_weighted_keywords():
    topics = kle.parse(LINES)
    assert [t.number for t in topics] == ["05.01.08", "23.09.02", "28.09.40"]
    assert topics[0].title == "Vejvedligeholdelse og vejrenovering"
    assert topics[0].keywords == (("Hul i vejen", 5), ("Vejbump", 10), ("ok01", 1000))
    assert topics[0].group == "05"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("KLENummer='5.1':KLETitel='x':Keywords[Weight]=a[5];", "line 1"),
        ("KLENummer='05.01.08':KLETitel='x':Keywords[Weight]=hul i vejen;", "without a weight"),
        ("just text", "not an OS2KLE topic line"),
    ],
)
def test_a_malformed_line_is_refused_with_its_line_number(line, message):
    with pytest.raises(kle.KleFormatError, match=message):
        kle.parse([line])


def test_local_keywords_have_a_default_weight_and_comments():
    extra = kle.parse_local(["# comment", "05.01.08: pothole[20]; hul i asfalten  # everyday"])
    assert extra == {"05.01.08": [("pothole", 20), ("hul i asfalten", 5)]}
    with pytest.raises(kle.KleFormatError, match="line 1"):
        kle.parse_local(["vejhuller: pothole"])


def test_local_keywords_for_an_unknown_topic_are_refused():
    with pytest.raises(kle.KleFormatError, match=r"99\.99\.99"):
        kle.KleIndex(kle.parse(LINES), {"99.99.99": [("x", 5)]})


def test_the_shipped_file_has_every_topic_and_its_licence_is_kept_beside_it():
    index = kle.index()
    assert len(index.numbers) == 2390
    assert kle.title("27.24.00") or kle.title("05.01.08") == "Vejvedligeholdelse og vejrenovering"
    assert "Mozilla Public License" in (kle.DATA / "LICENSE.txt").read_text(encoding="utf-8")


def small_index() -> kle.KleIndex:
    return kle.KleIndex(kle.parse(LINES), {"23.09.02": [("passport", 20)]})


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Der er et stort hul i vejen ved skolen", "05.01.08"),
        # Compounds and inflections: the keyword inside a longer word.
        ("Vejbumpene er alt for høje", "05.01.08"),
        ("Hvornår får vi en vuggestueplads?", "28.09.40"),
        # Without æøå, as ae/oe/aa or as plain vowels.
        ("jeg skal bruge et noedpas", "23.09.02"),
        ("jeg skal bruge et nodpas", "23.09.02"),
        # English through the local keywords.
        ("My passport was stolen", "23.09.02"),
    ],
)
def test_topics_are_found_in_compounds_inflections_misspellings_and_english(text, number):
    assert small_index().rank(text)[0].number == number


def test_short_keywords_count_only_as_words_of_their_own():
    index = small_index()
    assert index.rank("passet er udløbet")[0].number == "23.09.02"
    # "pas" inside "pasning" is not a passport.
    assert index.rank("pasning af børn") == []
    # Account codes ("ok01") are not words citizens write.
    assert index.rank("ok01") == []


def test_the_shipped_keywords_find_everyday_danish_and_english():
    index = kle.index()
    assert "27.36.04" in [m.number for m in index.rank("min mor har brug for hjemmehjaelp", 5)]
    assert index.rank("I need a new health card")[0].number == "29.03.04"
    assert index.rank("der er rotter i gaarden")[0].number == "09.13.01"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # Streets, parks, snow and roads in everyday words, misspelt, English.
        ("fortovsfliserne er loese og stikker op", "05.01.08"),
        ("Our street hasn't been cleared of snow at all", "05.07.02"),
        ("der er is paa fortovet hele vejen ned", "05.07.02"),
        ("the playground swing is broken and sharp", "04.03.00"),
        ("kommunens traeer har grene der haenger ud over vores have", "04.01.11"),
        ("The street light is out outside our building", "05.01.12"),
        # Elderly care and home help without the service's name.
        ("min mormor kan ikke laengere tage toej paa selv", "27.36.04"),
        ("My elderly father can't manage at home any more", "27.36.04"),
        ("kan min gamle nabo faa mad bragt ud", "27.36.24"),
        # Health visitors.
        ("min nyfoedte tager ikke nok paa i vaegt", "29.12.08"),
        ("Can someone come and weigh my baby?", "29.12.08"),
        # Employment schemes.
        ("jeg har vaeret ledig laenge og vil gerne omskoles", "15.20.00"),
        ("Our warehouse can offer work trials for people out of work", "15.18.05"),
        ("vores restaurant mangler medarbejdere, kan I hjaelpe", "15.21.00"),
    ],
)
def test_everyday_wording_misspellings_and_english_find_the_topic(text, number):
    assert kle.index().rank(text)[0].number == number


def test_a_keyword_of_several_words_needs_every_word():
    index = kle.KleIndex(kle.parse(LINES), {"28.09.40": [("debt to the municipality", 20)]})
    # "municipality" alone is most of the keyword's letters, but not the debt.
    assert index.rank("I want to ask the municipality about meals") == []
    assert index.rank("I have a debt to the municipality")[0].number == "28.09.40"


def test_a_general_topic_yields_to_a_specific_one_with_the_same_words():
    ranked = [m.number for m in kle.index().rank("jeg har mistet mit kørekort", 3)]
    assert ranked[0] == "23.09.04" and "23.09.00" in ranked[1:]


def test_the_built_index_is_kept_and_loaded_by_the_next_process(tmp_path, monkeypatch):
    monkeypatch.setenv("KLE_INDEX_CACHE_DIR", str(tmp_path))
    kle.index.cache_clear()
    try:
        built = kle.index()
        path = kle.cache_file()
        assert path.parent == tmp_path and path.exists()
        kle.index.cache_clear()
        loaded = kle.index()
        assert loaded is not built and loaded.numbers == built.numbers
        # A damaged file is rebuilt, not trusted.
        path.write_bytes(b"not a pickle")
        kle.index.cache_clear()
        assert kle.index().numbers == built.numbers
    finally:
        kle.index.cache_clear()
