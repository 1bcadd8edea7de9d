"""A regular-expression tokenizer for the fast path.

spaCy's rule-based English tokenizer was half of the fast path's time. The fast path needs no
statistical model, so it only needs tokens that are consistent between the vocabulary patterns
and the texts (both go through this tokenizer). The rules follow spaCy's English tokenizer where
the domain patterns care: clitics ('s, n't) and hyphens are split off, dotted abbreviations
(U.S., P.R.C.) and numbers (1,000, 12.5, 10/12/2020) stay whole. French and Italian elided
articles are split off ("l'|Algérie", "d'|Haïti", "dell'|Italia") so that the name after them
matches. Whitespace other than one space between tokens becomes a token of its own, as in spaCy,
so ``doc.text`` is the input unchanged and character offsets hold.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

#: A French or Italian elided article before a word; also a prefix rule of the full path's tokenizer.
#: Not a capital "D'" before a capitalised name (D'Souza, D'Angelo; "D'IVOIRE" in capitals is split)
#: and not before an English clitic ("Mr D's", "Person L's").
ELIDED_ARTICLE = (r"(?:[Ll]|d|D(?!['\u2019][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])|[Qq]u|[Dd]ell|[Aa]ll|[Nn]ell|[Dd]all|[Ss]ull)"
                  r"['\u2019](?=[^\W\d_])(?!(?:s|re|ve|ll|d|m|t)(?!\w))")
#: An elided article as a whole token, in any case.
ELIDED_TOKEN = re.compile(r"(?:l|d|qu|dell|all|nell|dall|sull)['\u2019]", re.IGNORECASE)
_TOKEN = re.compile(r"""
    (?:[^\W\d_]\.){2,}(?=[\s,;:)\]"'\u201d\u2019]|$)   # dotted abbreviations: U.S., U.A.E.
  | \d+(?:[.,:/]\d+)*                                 # numbers: 1,000  12.5  10/12/2020
  | (?<!\w)""" + ELIDED_ARTICLE + r"""                  # elided article: l'|Algérie
  | (?<=\w)n['\u2019]t(?!\w)                          # clitic n't after its stem
  | \w+?(?=n['\u2019]t(?!\w))                         # the stem before n't: do|n't
  | (?<=\w)['\u2019](?:s|re|ve|ll|d|m)(?!\w)          # clitics 's 're 've 'll 'd 'm
  | \w+(?:['\u2019]\w+)*?(?=['\u2019](?:s|re|ve|ll|d|m)(?!\w))  # the word before a clitic
  | \w+(?:['\u2019]\w+)*                              # words, with inner apostrophes (O'Brien)
  | \S                                                # any other character on its own
""", re.VERBOSE)
# Each token with the whitespace after it: findall does the whole loop in C.
_TOKEN_AND_SPACE = re.compile(f"({_TOKEN.pattern})(\\s*)", re.VERBOSE)


class FastTokenizer:
    """Text -> Doc by one regular expression; ``doc.text`` equals the input.

    The input string is also kept in ``doc.user_data`` under ``text_key`` so that components can
    read it without rebuilding it from the tokens.
    """

    def __init__(self, vocab: Vocab, text_key: str):
        self.vocab = vocab
        self.text_key = text_key

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        lead = len(text) - len(text.lstrip())
        if lead:
            words.append(text[:lead])
            spaces.append(False)
        for word, after in _TOKEN_AND_SPACE.findall(text, lead):
            words.append(word)
            if not after:
                spaces.append(False)
            elif after == " ":
                spaces.append(True)
            elif after[0] == " ":  # one space belongs to the token, the rest is a token
                spaces.append(True)
                words.append(after[1:])
                spaces.append(False)
            else:
                spaces.append(False)
                words.append(after)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[self.text_key] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)
