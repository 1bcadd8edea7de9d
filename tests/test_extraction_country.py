"""Requesting country: the state behind the notice or the prosecution, not any state named."""

from __future__ import annotations

import pytest

import notice_nlp
from notice_nlp.nlp import fields
from notice_nlp.nlp.countries import normalise_country
from notice_nlp.nlp.pipeline import SPANS_KEY, get_pipeline


@pytest.mark.parametrize("text,code", [
    ("Ivan Petrenko was detained in Thailand on a Bahraini notice.", "BH"),
    ("Spanish police arrested Oleg Marchenko on a Russian diffusion at Málaga airport.", "RU"),
    ("A Dutch court has refused to extradite Aron Veldkamp to Tajikistan, finding the charges political. "
     "The Dutch judges said he would face torture. He has lived in the Netherlands since 2015.", "TJ"),
    ("When a Jordanian-born blogger, Samir Haddad, was detained in Belgrade on an Emirati Red Notice, "
     "his lawyers appealed.", "AE"),
    ("LISBON - Portuguese police have detained Joao Ferraz, wanted by a court in Brazil for fraud.", "BR"),
    ("Court of Appeal of Milan, decision on Romanian EAW: DOBRESCU, Mihai, 41. Surrender refused.", "RO"),
    ("The Ankara Chief Public Prosecutor's Office issued a warrant for Elif Kaya, who lives in Germany.", "TR"),
    ("NZ Police. Sexual violation (Crimes Act s.128B). Subject: Mateo RIVAS, 30, left for Santiago.", "NZ"),
    ("VN request via INTERPOL. TRAN Van Binh, 39, fraud (Art. 174). Believed in Cambodia.", "VN"),
    ("PDRM wanted notice. An activist, 35, resident in the United Kingdom, for sedition.", "MY"),
    ("A Red Notice request for Selin Aydin has been sent to Lyon, her lawyer in Germany said; "
     "Turkish prosecutors accuse her of terrorism.", "TR"),
    ("Germany has granted asylum to a Belarusian journalist, Pavel Lukin. German officials said Germany would "
     "not hand him over. Belarus wants him for 'extremism'. He has lived in Germany since 2020, and a German "
     "court confirmed his status in Germany.", "BY"),
    ("Spain's National Court has approved the extradition to Colombia of Hector Valdes, a former army officer. "
     "The Spanish government must now decide.", "CO"),
    ("Kenya extradited a British businessman to the United States, where he faces fraud charges.", "US"),
    ("Police in Italy arrested Rosa Quispe, wanted by a court in Peru for murder. The Italian court will "
     "decide on the extradition request.", "PE"),
    # French and Spanish text: elided articles, the body before its adjective, a state that prosecutes
    ("PARIS — La cour d'appel s'est opposée à l'extradition vers l'Algérie de Karim Belaid, réfugié en France.", "DZ"),
    ("Mandat d'arrêt — République d'Haïti. DUPONT, Jean-Marc, ancien fonctionnaire. Chefs: assassinat.", "HT"),
    ("GENÈVE — Convoquée par le Tribunal suprême espagnol, Nuria Vidal s'est installée en Suisse.", "ES"),
    ("Réfugié en France depuis 2021, Amine Haddad affirme qu'Alger le poursuit pour ses écrits.", "DZ"),
    ("La police italienne a arrêté à Rome Malik Benali, recherché par la Turquie.", "TR"),
    ("El gobierno español aprobó la extradición a Argentina del empresario Tomás Ibarra.", "AR"),
    ("La justicia argentina pide a Tomás Ibarra, detenido en Madrid, según el gobierno español.", "AR"),
    ("Omar Said a été extradé par l'Espagne vers l'Égypte.", "EG"),
    ("Il a été arrêté par la police espagnole, il est recherché par l'Égypte.", "EG"),
    ("Mandat D'Arrêt — République D'Haïti. DUPONT, Jean-Marc.", "HT"),
    ("IN CID, request concerning RAO, Vikram. Located in the United Kingdom.", "IN"),
    # the same cue words in English sentences name nobody's request
    ("Police Scotland said Russia had requested the arrest of Oleg Sorokin.", "RU"),
    ("Justice Canada confirmed the United States had requested his extradition.", "US"),
    ("Note for the Dutch Interpol office. Indian request concerning Ravi Kumar.", "IN"),
    ("The French charge d’affaires was summoned after Algeria requested the extradition of Ali Mansouri.", "DZ"),
    ("Officials in Canada accuse him of nothing; the notice was issued by Rwanda.", "RW"),
    ("The Chief Justice of Pakistan criticised the notice issued by the UAE against Omar Farooq.", "AE"),
    ("The Inspector General of Police of Nigeria said Ghana had requested his arrest.", "GH"),
    ("The Spanish police detained Pavel Orlov for the Russian authorities.", "RU"),
    ("The French charge d'affaires was summoned after Algeria requested the extradition of Ali Mansouri.", "DZ"),
    ("BY AFP STAFF WRITERS. A Turkish dissident was arrested in Romania on a Turkish Red Notice.", "TR"),
    ("MADRID — La justicia argentina reclama a Tomás Ibarra, detenido en España por estafa.", "AR"),
    # alert headers and addressees
    ("PH DOJ, extradition request to the United States: SANTOS, Marco, 50, estafa (Art. 315).", "PH"),
    ("Summary for the Dutch NCB. Indian request concerning Ravi Kumar, freelance journalist, Leiden.", "IN"),
    ("Subject: former reporter, now in Manchester on a BN(O) visa. Hong Kong charge: 'seditious publications'.",
     "HK"),
])
def test_requesting_country_cues(text, code):
    assert notice_nlp.extract(text, ner=False).requesting_country == code


def test_regions_named_after_states_are_not_states():
    doc = get_pipeline("fast")("Cocaine was smuggled from South America and the Inter-American Commission objected.")
    spans = [s for s in doc.spans[SPANS_KEY] if s.label_ == "COUNTRY"]
    assert spans and all(fields._is_region(s) for s in spans)
    assert notice_nlp.extract("Kolumbo Ndiaye, wanted by North Macedonian prosecutors, fled to Hungary.",
                              ner=False).requesting_country == "MK"


@pytest.mark.parametrize("name,code", [("PDRM", "MY"), ("Polri", "ID"), ("HKSAR", "HK"), ("Sofia City", "BG"),
                                       ("Audiencia Nacional", "ES"), ("North Macedonian", "MK")])
def test_agency_and_place_aliases(name, code):
    assert normalise_country(name) == code


def test_maurice_is_a_given_name_not_mauritius():
    assert normalise_country("Maurice") is None


def test_learned_score_matches_the_fitted_feature_names():
    """The fast runtime sum and the feature names the fitting script uses give the same score."""
    weights = fields._country_weights()
    assert weights, "country_weights.tsv is shipped with the package"
    doc = get_pipeline("fast")("KAZAKHSTAN. Wanted: Marat Oskenov. Kazakh prosecutors accuse him of fraud; "
                               "he was detained in Turkey and Turkish judges refused to extradite him to Kazakhstan.")
    spans = sorted((s for s in doc.spans[SPANS_KEY] if s.label_ == "COUNTRY"), key=lambda s: s.start)
    scored = fields._mention_scores(spans)
    named = fields._mention_scores(spans, features=True)
    assert len(scored) == len(named) == len(spans) >= 3
    for (base, learned), (base2, names) in zip(scored, named, strict=True):
        assert base == base2
        assert learned == pytest.approx(sum(weights.get(f, 0.0) for f in names))
    assert fields.requesting_country(spans) == "KZ"


def test_no_country_named_gives_none():
    assert notice_nlp.extract("Wanted for fraud. Subject fled before the search.", ner=False).requesting_country is None
