"""Charge categories and subject roles: descriptive phrasings and other people's roles. Fictional names."""

import pytest

import notice_nlp


def _charges(text):
    return set(notice_nlp.extract(text, ner=False).charge_categories)


def _roles(text):
    return set(notice_nlp.extract(text, ner=False).roles) - {"none"}


@pytest.mark.parametrize("text, expected", [
    # descriptive phrasings of the act
    ("Wanted for beating to death a neighbour in Tarvo in 2021.", {"violent"}),
    ("Recruited women for 'hotel jobs' abroad and forced them into prostitution.", {"sexual", "trafficking"}),
    ("Accused of sexually abusing two boys at a summer camp.", {"sexual"}),
    ("Collected deposits through a crypto exchange that froze withdrawals in 2022; charged with fraud.",
     {"cyber", "financial"}),
    ("Charged with issuing cheques without sufficient funds.", {"financial"}),
    # speech and protest as the charged conduct
    ("Charged with sedition over a poem recited in Kelmar Square.", {"political_speech"}),
    ("Charged with unlawful assembly for organising a march against fuel prices.", {"public_order"}),
    ("Charged with sedition; his cousin once attended an unrelated march.", {"political_speech"}),
    # article references with a sub-article: 'Art. 361-1' is 361.1, not 361
    ("Wanted by Belarus under Art. 361-1 part 1 CC RB.", {"extremism"}),
    ("Wanted by Russia under Art. 207.3 CC RF for posts about the army.", {"political_speech", "military"}),
    # incitement of hatred in the Belarusian/Kazakh formula also counts as extremism
    ("Charged with incitement of social discord for YouTube appeals.", {"political_speech", "extremism"}),
    # a smuggling charge alone is 'other'; with a drug named it is drugs only
    ("Wanted for smuggling of cigarettes.", {"other"}),
    ("Smuggling of heroin across the border.", {"drugs"}),
    # events that happened to the subject or others are not charges
    ("Wanted for fraud. He survived a shooting outside his office in 2019.", {"financial"}),
    ("Charged with tax evasion; his business partner was shot dead in 2020.", {"financial"}),
    ("She has been labelled a 'terrorist' by state media and is wanted for defamation.", {"political_speech"}),
])
def test_charge_categories_from_descriptions(text, expected):
    assert _charges(text) == expected


@pytest.mark.parametrize("text, roles", [
    # membership of a party or movement
    ("Tarin Voss, leader of the banned Freedom Party, is wanted for treason.", {"opposition_politician"}),
    ("Mika Dorn, a senior member of the Civic Renewal Party, lives in Vienna.", {"opposition_politician"}),
    ("He is not a member of any opposition party.", set()),
    ("Pell Arno, a member of the ruling party's youth wing, is accused of assault.", set()),
    # former officials with the office in between
    ("Ivo Mertens, a former Westland energy minister, is charged with bribery.", {"former_official"}),
    ("Rasa Kolt, Westland's president from 2009 to 2014, is wanted for embezzlement.", {"former_official"}),
    ("The Minister of Justice consented to the surrender.", set()),
    # businesses
    ("Dana Velt, director of a licensed investment company, is wanted for fraud.", {"businessperson"}),
    ("Omar Lisk, founder of the Qorva cryptocurrency exchange, fled in 2021.", {"businessperson"}),
    ("Lena Brück, founder of Aware Youth, a rights group, is charged with treason.", {"human_rights_defender"}),
    # victims, relatives and counterparts
    ("He is accused of stabbing a local radio presenter to death in Jinotega.", set()),
    ("Wanted for the 2021 murder of Karel Dvor, a publisher and outspoken critic of armed groups.", set()),
    ("Her brother, a village councillor, was questioned.", set()),
    ("He leaked the files to a freelance reporter and is charged with disclosure.", set()),
    ("Mr Tral is not a journalist despite describing himself as a 'financial reporter'.", set()),
    ("He says he was persecuted because he bankrolled an opposition party.", set()),
    # lawyers introduced as the subject, not as counsel
    ("KOREN, Mila, lawyer. Charged with spreading false news over tweets on the protests.", {"lawyer"}),
    ("He was represented by a Westland lawyer and testified in his own defence.", set()),
    # a subject charged over their own speech with no other role named
    ("Wanted for insulting the president over posts criticising the governor.", {"activist"}),
])
def test_roles_of_the_subject(text, roles):
    assert _roles(text) == roles
