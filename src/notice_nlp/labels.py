"""The contract of shared/spec/taxonomy.md as code (foundation).

Indicator labels, charge categories and roles, with definitions and the grounds in INTERPOL's
rules that make each indicator matter to a reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    name: str
    definition: str
    grounds: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "political_offence",
        "The charges are political, opinion, military or religious offences by nature: treason, "
        "sedition, insulting officials or the head of state, 'false information', extremism or "
        "separatism for speech, association or peaceful protest, unauthorised rallies, membership "
        "of a banned opposition or religious group, desertion, draft evasion, blasphemy, apostasy.",
        "INTERPOL Constitution Art. 3; Rules on the Processing of Data Art. 34 (nature of the offence).",
    ),
    Indicator(
        "vague_charge",
        "The charge lacks a concrete act (no what/when/where/victim) or rests on catch-all terms "
        "such as 'crimes against the state', or terrorism/extremism with no violent act described.",
        "Rules on the Processing of Data Art. 83 (a concrete summary of the criminal acts).",
    ),
    Indicator(
        "dissident_profile",
        "The subject is a journalist, blogger, human rights defender, activist, lawyer for such "
        "people, opposition politician, critic, whistleblower, or a former official or "
        "businessperson who fell out with the authorities (not when only the victim or a bystander).",
        "Rules on the Processing of Data Art. 34 (status of the persons).",
    ),
    Indicator(
        "refugee_or_asylum",
        "The subject has refugee status, asylum (granted or pending) or similar international "
        "protection in another country (not when withdrawn or refused).",
        "INTERPOL refugee policy (2015): no notice requested by the country the refugee fled.",
    ),
    Indicator(
        "external_finding",
        "A court, government, INTERPOL body (CCF, General Secretariat) or international body refused "
        "extradition, deleted or suspended the notice, or found the case politically motivated or "
        "rights-violating (not when such a body rejected the claim of political motivation).",
        "Rules on the Processing of Data Art. 34 (position of another country or body).",
    ),
    Indicator(
        "political_context",
        "The case sits in a political context: elections, protests, a coup attempt, a crackdown, "
        "public attacks on the subject by leaders, relatives also targeted, or the case following "
        "the subject's criticism of the government.",
        "Rules on the Processing of Data Art. 34 (general context of the case).",
    ),
    Indicator(
        "due_process_concern",
        "Trial in absentia, confession under torture, special/military/revolutionary courts, no "
        "independent judiciary, denial of counsel, an unfair prior trial.",
        "Obligations under international law (ICCPR Art. 14), weighed under Art. 34.",
    ),
    Indicator(
        "politically_motivated",
        "Overall: the text gives substantial grounds to believe the notice or prosecution is "
        "politically motivated (the case an expert would flag for an Article 3 challenge).",
        "INTERPOL Constitution Art. 2 and Art. 3.",
    ),
)

LABELS: tuple[str, ...] = tuple(indicator.name for indicator in INDICATORS)

CHARGE_CATEGORIES: tuple[str, ...] = (
    "violent", "sexual", "drugs", "financial", "cyber", "trafficking", "terrorism", "extremism",
    "political_speech", "public_order", "military", "religious", "corruption", "war_crimes", "other",
)

ROLES: tuple[str, ...] = (
    "journalist", "activist", "human_rights_defender", "lawyer", "opposition_politician",
    "former_official", "businessperson", "athlete", "religious_figure", "academic", "none",
)

#: Entity labels the extractor reports (spec corpus span labels plus spaCy's PERSON/ORG/DATE).
ENTITY_LABELS: tuple[str, ...] = (
    "PERSON", "ORG", "COUNTRY", "CHARGE", "ROLE", "STATUS", "MECHANISM", "OUTCOME", "DATE",
)


def indicator(name: str) -> Indicator:
    """Return the indicator called ``name``; raise a coded error listing valid names otherwise."""
    from .errors import Errors

    for item in INDICATORS:
        if item.name == name:
            return item
    raise KeyError(Errors.E030.format(label=name, valid=", ".join(LABELS)))
