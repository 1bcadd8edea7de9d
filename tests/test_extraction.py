"""Extraction: countries, charges, roles, status, mechanisms, outcomes, negation. Fictional names."""

import csv
import json
from pathlib import Path

import pytest

import notice_nlp
from notice_nlp.nlp.countries import normalise_country
from notice_nlp.nlp.evaluate import score_extraction, set_f1

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name, code", [
    ("Ankara", "TR"), ("Beijing", "CN"), ("PRC", "CN"), ("Türkiye", "TR"), ("UAE", "AE"), ("Bahraini", "BH"),
    ("Russian Federation", "RU"), ("the United States", "US"), ("Côte d'Ivoire", "CI"), ("Venezuelan", "VE"),
    ("Iran", "IR"), ("Kyiv", "UA"), ("us", None),
])
def test_country_normalisation(name, code):
    assert normalise_country(name) == code


@pytest.mark.parametrize("text, code", [
    ("Amir Soltani was detained in Thailand on a Bahraini notice.", "BH"),
    ("Wanted by the Russian Federation for fraud committed in Kazan.", "RU"),
    ("A French court refused to extradite the blogger to Azerbaijan, where he faces charges.", "AZ"),
    ("Ankara requested a Red Notice against the teacher, who lives in Germany.", "TR"),
    ("The Kazakh authorities accuse the banker of embezzlement; he was arrested in Spain.", "KZ"),
    ("Police in Spain arrested a man wanted by Colombia for homicide.", "CO"),
    ("KZ NCB. Red Notice. Mira Tolen, 41, for fraud committed in 2021. Believed to be in Dubai.", "KZ"),
    ("RED NOTICE / GEORGIA. Ilo Varsk, 30. Drug trafficking. Left for France in 2021.", "GE"),
    ("Requesting state: Türkiye. Subject lives in Germany.", "TR"),
    ("Kazakhstan, Anti-Corruption Agency, extradition request to the United Kingdom. Bribery.", "KZ"),
    ("Art. 366 part 4 CC RK, receiving a bribe. The subject fled to Georgia.", "KZ"),
    ("Mandat d'arrêt, Sénégal. Escroquerie. Réside à Montréal.", "SN"),
])
def test_requesting_country_is_the_requesting_state(text, code):
    assert notice_nlp.extract(text, ner=False).requesting_country == code


@pytest.mark.parametrize("text, expected", [
    ("Charged under Article 280 of the Criminal Code of the Russian Federation.", {"political_speech"}),
    ("Wanted by Turkey under TCK 314 for membership of an armed organisation.", {"terrorism"}),
    ("Charged under Article 105 of the Criminal Law of the People's Republic of China.", {"extremism"}),
    ("Belarus accuses him under Article 342 and Article 361 of the Criminal Code of Belarus.",
     {"public_order", "political_speech"}),
    # membership of a criminal group is 'other' only when no other offence is named
    ("HOMICIDIO AGRAVADO Y AGRUPACIONES ILICITAS", {"violent"}),
    ("AGRUPACIONES ILICITAS", {"other"}),
    ("Extorsión y tráfico ilícito de drogas.", {"financial", "drugs"}),
    ("Convicted in absentia of high treason and conspiracy to seize state power.", {"political_speech"}),
    ("Charged with embezzlement of budget funds.", {"corruption", "financial"}),
    ("Accused of hooliganism and organising mass riots.", {"public_order"}),
    ("She reported on corruption for an anti-corruption foundation and is wanted for tax evasion.", {"financial"}),
    ("Wanted for unauthorised access to a computer system.", {"cyber"}),
    ("Recherché pour trafic de stupéfiants et blanchiment d'argent.", {"drugs", "financial"}),
    ("Wanted for money laundering and bribery of officials.", {"financial", "corruption"}),
    ("Accused of desertion from the army and spreading false information.", {"military", "political_speech"}),
    ("Sought for genocide and crimes against humanity.", {"war_crimes"}),
])
def test_charges_are_normalised_to_categories(text, expected):
    assert set(notice_nlp.extract(text, ner=False).charge_categories) == expected


@pytest.mark.parametrize("text, roles", [
    ("The journalist Dana Ostrova is wanted by Belarus for 'extremism'.", {"journalist"}),
    ("He is not a journalist and has never been an activist.", set()),
    ("The suspect robbed a shop; the journalist was the victim.", set()),
    ("The opposition politician fled after the election.", {"opposition_politician"}),
    ("'The charges are absurd,' said his lawyer, Mira Kell.", set()),
    ("A former minister and businessman, he fell out with the president.", {"former_official", "businessperson"}),
    ("Tomas Vell, an anarchist from Lyon, is wanted for vandalism.", {"activist"}),
    ("The dismissed mayor of Ostrava, Ivo Pell, is accused of bribery.", {"former_official"}),
    ("Lara Min, the owner of a jewellery business, is wanted for fraud.", {"businessperson"}),
    ("He was questioned without a lawyer; the state-appointed lawyer never met him.", set()),
    ("Nia Sorel, a lawyer who defended protesters, was charged with extremism.", {"lawyer"}),
])
def test_roles_are_the_subjects_only(text, roles):
    found = set(notice_nlp.extract(text, ner=False).roles) - {"none"}
    assert found == roles


def _affirmed(text, label):
    return [(e.norm, e.negated) for e in notice_nlp.extract(text, ner=False).entities if e.label == label]


def test_status_negation_and_irrelevant_use():
    assert _affirmed("She was granted asylum in Norway in 2019.", "STATUS") == [("asylum", False)]
    assert all(neg for _, neg in _affirmed("The robbery happened at a refugee camp near Dadaab.", "STATUS"))
    assert all(neg for _, neg in _affirmed("His asylum claim was rejected in 2020.", "STATUS"))


def test_mechanisms_and_outcomes():
    text = ("The CCF found the Red Notice non-compliant with Interpol's rules, and the notice was deleted. "
            "A Diffusion followed; the court refused extradition.")
    entities = notice_nlp.extract(text, ner=False).entities
    mechanisms = {e.norm for e in entities if e.label == "MECHANISM"}
    outcomes = {e.norm for e in entities if e.label == "OUTCOME"}
    assert {"ccf", "red_notice", "diffusion"} <= mechanisms
    assert {"extradition_refused", "notice_deleted"} <= outcomes


@pytest.mark.parametrize("mode", ["fast", "full"])
def test_every_outcome_pattern_survives_the_gate_and_the_slot_check(mode):
    """A sentence built from each pattern's required words (longest alternative of each slot) finds
    that outcome: neither the gate nor the required-slot check before the matcher loses a pattern."""
    from notice_nlp.nlp.pipeline import SPANS_KEY, get_pipeline
    from notice_nlp.nlp.resources import outcome_patterns

    nlp = get_pipeline(mode)
    for outcome, slots in outcome_patterns():
        words = " ".join(max(alternatives, key=len) for optional, alternatives in slots if not optional)
        doc = nlp(f"Kamal Haddad said that {words} in 2021.")
        found = {span.kb_id_ for span in doc.spans[SPANS_KEY] if span.label_ == "OUTCOME"}
        assert outcome in found, (outcome, words)


def test_offsets_point_into_the_original_text():
    text = "Wanted\x00 by Ankara under TCK 314; the editor fled to Sweden in March 2017."
    extraction = notice_nlp.extract(text, ner=False)
    assert extraction.entities
    for entity in extraction.entities:
        assert text[entity.start:entity.end] == entity.text
    assert "DATE" in {e.label for e in extraction.entities}


def test_full_path_adds_person_and_fast_path_does_not():
    text = "Boris Vetrov, a blogger, is wanted by Russia. He lives in Vilnius."
    full = notice_nlp.extract(text)
    fast = notice_nlp.extract(text, ner=False)
    assert "PERSON" in {e.label for e in full.entities}
    assert "PERSON" not in {e.label for e in fast.entities}
    assert full.requesting_country == fast.requesting_country == "RU"


def test_pipe_keeps_ids_order_and_one_result_per_input():
    inputs = [("Wanted by Peru for homicide.", "a"), ("", "b"), (None, "c"), ("x" * 300_000, "d"),
              ("Разыскивается по статье 105 УК РФ за убийство в Москве.", "e")]
    results = list(notice_nlp.extract_pipe(inputs, batch_size=2, ner=False))
    assert [r.id for r in results] == ["a", "b", "c", "d", "e"]
    assert results[0].error is None and results[0].requesting_country == "PE"
    assert results[1].error.startswith("[E003]") and results[2].error.startswith("[E002]")
    assert results[3].error is None and results[3].warning.startswith("[W001]")
    assert results[4].warning.startswith("[W002]")
    plain = list(notice_nlp.extract_pipe(["Wanted for fraud.", "Wanted for murder."], ner=False))
    assert [r.id for r in plain] == [0, 1]


def test_set_f1_and_score_extraction():
    assert set_f1([{"a"}, set()], [{"a"}, {"b"}])["precision"] == 0.5
    scores = score_extraction([{"requesting_country": "RU", "charge_categories": ["violent"], "roles": ["none"]}],
                              [{"requesting_country": "RU", "charge_categories": ["violent"], "roles": ["none"]}])
    assert scores["requesting_country_accuracy"] == 1.0 and scores["charge_categories"]["f1"] == 1.0


def test_real_notice_charges_match_hand_labels(shared_data):
    """Hand labels of the charge categories of real notices (keyed by entity_id; no text copied)."""
    notices = {r["entity_id"]: r for r in json.loads(
        (shared_data / "interpol_red_notices_api_sample" / "red_notices_details.json").read_text())}
    with open(FIXTURES / "real_notice_charge_labels.csv", newline="") as stream:
        gold = {row["entity_id"]: set(filter(None, row["charge_categories"].split(";"))) for row in csv.DictReader(stream)}
    assert len(gold) >= 150
    texts = [(". ".join(w["charge"] for w in notices[eid]["arrest_warrants"]), eid) for eid in gold]
    predicted = {e.id: set(e.charge_categories) for e in notice_nlp.extract_pipe(texts, ner=False)}
    accuracy = sum(predicted[eid] == categories for eid, categories in gold.items()) / len(gold)
    assert accuracy >= 0.85


def test_extract_command_by_argv_keeps_one_line_per_input_line(tmp_path):
    from notice_nlp.cli import main

    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a", "text": "Wanted by Peru for homicide."}\n'
                       b'not json\n'
                       b'{"id": "c"}\n'
                       b'{"id": "d", "text": "  "}\n'
                       b'{"id": "e", "text": "bad \xff bytes"}\n')
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit) as done:
        main(["extract", str(source), "-o", str(out), "--fast"])
    assert done.value.code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", 1, "c", "d", "e"]
    assert rows[0]["error"] is None and rows[0]["requesting_country"] == "PE"
    assert [r["error"][:6] for r in rows[1:]] == ["[E004]", "[E005]", "[E003]", "[E007]"]
    assert [r["line"] for r in rows[1:]] == [2, 3, 4, 5]
    with pytest.raises(SystemExit) as failed:
        main(["extract", str(tmp_path / "missing.jsonl"), "-o", str(out)])
    assert failed.value.code == 2
