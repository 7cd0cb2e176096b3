"""Pattern recognizers for UK identifiers: postcodes, vehicle registrations, National Insurance
numbers, house and flat numbers, full dates and dates of birth, phone numbers, emails, URLs.

Presidio compiles these with the `regex` module, so look-behinds may vary in length: a pattern
matches only the identifying part ("flat [HOUSE_NUMBER]", "[HOUSE_NUMBER] Acacia Avenue").
They are compiled case-sensitive (Presidio's default is to ignore case); patterns that should
ignore case say so with (?i:...). Cue words come from data/redaction/cues.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tldextract
from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import EmailRecognizer, PhoneRecognizer

from bot.places.postcodes import OUTWARD
from bot.redaction.data import Cues

CASE_SENSITIVE = re.DOTALL | re.MULTILINE
MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
YEAR = r"(?:19|20)\d{2}"
# Inward codes never use C, I, K, M, O or V: that keeps "M6 5pm" and "A1 2am" out.
INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, as a non-capturing group."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _recognizer(entity: str, patterns: list[Pattern], name: str) -> PatternRecognizer:
    recognizer = PatternRecognizer(
        supported_entity=entity,
        patterns=patterns,
        name=name,
        global_regex_flags=CASE_SENSITIVE,
    )
    return recognizer


def postcode_recognizer() -> PatternRecognizer:
    """Full postcodes only: a district ("BB4") or sector ("BB4 7") does not identify anyone."""
    full = rf"(?<![A-Za-z\d])(?i:{OUTWARD}\s*{INWARD})(?![A-Za-z\d])"
    return _recognizer("POSTCODE", [Pattern("full postcode", full, 0.95)], "UkPostcodeRecognizer")


def vehicle_recognizer(cues: Cues) -> PatternRecognizer:
    """Current registrations (AB12 CDE) anywhere; prefix (A123 BCD) and suffix (ABC 123D)
    styles only in capitals near a vehicle word, since "THE A56 WAS" would match them too."""
    current = r"(?<![A-Za-z\d])(?i:[A-HJ-PR-Y]{2}\d{2}\s?[A-HJ-PR-Z]{3})(?![A-Za-z\d])"
    cue = rf"(?i:\b{alternation(cues.file.vehicle_cues)}\b)"
    near_before = rf"(?<={cue}[^.!?\n]{{0,40}}?)"
    near_after = rf"(?=[^.!?\n]{{0,30}}?{cue})"
    words = rf"(?!(?i:{alternation(cues.file.not_registration_letters)})\b)"
    prefix = rf"(?<![A-Za-z\d])[A-HJ-NPR-Y]\d{{1,3}}\s?{words}[A-HJ-PR-Y]{{3}}(?![A-Za-z\d])"
    suffix = rf"(?<![A-Za-z\d]){words}[A-HJ-PR-Y]{{3}}\s?\d{{1,3}}[A-HJ-NPR-Y](?![A-Za-z\d])"
    patterns = [
        Pattern("current registration", current, 0.9),
        Pattern("prefix registration, cue before", near_before + prefix, 0.8),
        Pattern("prefix registration, cue after", prefix + near_after, 0.8),
        Pattern("suffix registration, cue before", near_before + suffix, 0.8),
        Pattern("suffix registration, cue after", suffix + near_after, 0.8),
    ]
    return _recognizer("VEHICLE_REG", patterns, "UkVehicleRegistrationRecognizer")


def ni_number_recognizer() -> PatternRecognizer:
    """National Insurance numbers: two letters, six digits (often in pairs), a letter A-D.
    Any two letters, not only the prefixes HMRC issues: a mistyped or example number
    ("QQ 12 34 56 C") is still someone's attempt to give theirs."""
    ni = r"(?<![A-Za-z\d])(?i:[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D])(?![A-Za-z\d])"
    return _recognizer("NI_NUMBER", [Pattern("NI number", ni, 0.95)], "UkNinoRecognizer")


def house_number_recognizer(cues: Cues) -> PatternRecognizer:
    """House and flat numbers: "flat 3", "No. 12", "number 42", "12 Acacia Avenue", and in lower
    case "at 14 church street". Only the number is matched; the street name is kept."""
    data = cues.file
    number = r"\d{1,4}[A-Za-z]?(?:\s?[-/]\s?\d{1,4}[A-Za-z]?)?"
    end = r"(?![\w/:.,]\d)(?!\w)"
    cue_words = [w for w in data.house_number_cues if w not in ("no", "no.")]
    cue = rf"(?:(?i:{alternation(cue_words)})|No\.?|NO\.?|no\.)"
    not_after = rf"(?<!(?i:{alternation(data.not_house_number_after)})\s+{cue}\s*)"
    not_before = rf"(?!\s*(?i:{alternation(data.not_house_number_before)})\b)"
    cued = rf"(?<=\b{cue}\s*(?:(?i:is)\s+|:\s*)?#?\s*){not_after}{number}{end}{not_before}"

    suffixes = cues.street_suffixes
    clear = alternation(suffixes - cues.ambiguous_street_suffixes)
    capitalised_suffix = alternation(
        {s.capitalize() for s in suffixes} | {s.upper() for s in suffixes}
    )
    name_word = r"(?:[A-Z][\w'’-]*|St\.?)"
    street = (
        rf"(?<![\w/:.,£$-]){number}{end}(?=,?\s+(?:{name_word}\s+){{1,3}}{capitalised_suffix}\b)"
    )

    stop = alternation(
        {"the", "a", "an", "my", "his", "her", "their", "our", "your", "this", "that", "and", "or"}
        | {"very", "so", "too", "of", "on", "in", "at", "to", "for", "with", "by", "from"}
    )
    lower_word = rf"(?!{stop}\b)[A-Za-z][\w'’-]*"
    before = rf"(?<=\b(?i:{alternation(data.address_prepositions)})\s+)"
    lower = rf"{before}{number}{end}(?=,?\s+(?:{lower_word}\s+){{1,3}}(?i:{clear})\b)"
    lives_at = rf"(?<=\b(?i:lives|living|live|stays|staying|moved)\s+(?i:at|in|to)\s+){number}{end}"
    # "dealing from 25 Gray Curve": a number between an address word and capitalised words
    # that are no month ("on 12 March") is a house number whatever the street is called.
    month = rf"(?:{MONTHS}\b)"
    named = rf"(?=,?\s+(?!(?i:{month}))[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){{0,2}}\b)"
    before_named = rf"(?<=\b(?i:{alternation(data.address_prepositions)})\s+)"
    addressed = rf"{before_named}{number}{end}{named}"
    patterns = [
        Pattern("number between an address word and a name", addressed, 0.75),
        Pattern("cued house or flat number", cued, 0.85),
        Pattern("number before a street", street, 0.85),
        Pattern("number before a street, lower case", lower, 0.8),
        Pattern("lives at a number", lives_at, 0.8),
    ]
    return _recognizer("HOUSE_NUMBER", patterns, "UkHouseNumberRecognizer")


def date_recognizer(cues: Cues) -> PatternRecognizer:
    """Any full date (12/03/1987, 12.3.87, 12 March 1987, March 12th 1987, 1987-03-12) and any
    date after a birth cue ("DOB 12/03", "born on 3 May", "born in 1987")."""
    sep = r"([/.\-])"
    numeric = rf"(?<![\d/.\-]){DAY}{sep}{MONTH_NUMBER}\1(?:{YEAR}|\d{{2}})(?![\d/.\-]|\.\d)"
    iso = rf"(?<![\d/.\-]){YEAR}-{MONTH_NUMBER}-{DAY}(?![\d/\-])"
    year = rf"(?:{YEAR}|['’]\d{{2}})"
    written = rf"(?i:\b{DAY}\s+(?:of\s+)?{MONTHS}\.?,?\s+{year})(?!\d)"
    american = rf"(?i:\b{MONTHS}\.?\s+{DAY},?\s+{year})(?!\d)"
    birth = rf"(?i:\b{alternation(cues.file.birth_cues)})"
    after_cue = rf"(?<={birth}[\s:,\-]*(?i:(?:on|is|was|of|=)\s+)?(?i:the\s+)?)"
    day_month = rf"(?i:{DAY}\s+(?:of\s+)?{MONTHS})"
    month_day = rf"(?i:{MONTHS}\s+{DAY})"
    short = rf"(?:{DAY}\s*[/.\-]\s*{MONTH_NUMBER}|{day_month}|{month_day})"
    born_in = rf"(?<=(?i:\bborn\s+in\s+)){YEAR}\b"
    patterns = [
        Pattern("numeric date", numeric, 0.85),
        Pattern("ISO date", iso, 0.85),
        Pattern("written date", written, 0.85),
        Pattern("month-first date", american, 0.85),
        Pattern("birth date without year", rf"{after_cue}{short}(?![\d/])", 0.9),
        Pattern("birth year", born_in, 0.8),
    ]
    return _recognizer("DATE_OF_BIRTH", patterns, "DateOfBirthRecognizer")


def uk_phone_recognizer() -> PatternRecognizer:
    """UK numbers by shape, for what the phonenumbers library rejects: numbers typed with odd
    spacing and reserved ranges used in examples (07700 900123, 01632 960123)."""
    separators = r"[\s\-.()]{0,2}"
    national = rf"(?<![\d+])\(?0\d(?:{separators}\d){{8,9}}(?!\d)"
    country = rf"(?:\+|00){separators}44{separators}(?:\(0\){separators})?"
    international = rf"(?<![\d+]){country}\d(?:{separators}\d){{8,9}}(?!\d)"
    patterns = [
        Pattern("UK national number", national, 0.7),
        Pattern("UK international number", international, 0.75),
    ]
    return _recognizer("PHONE_NUMBER", patterns, "UkPhoneShapeRecognizer")


def gb_phone_recognizer() -> PhoneRecognizer:
    """Presidio's phonenumbers-based recognizer, for GB ("UK" is no phonenumbers region code)."""
    return PhoneRecognizer(supported_regions=["GB"])


_OFFLINE_TLDS: tldextract.TLDExtract | None = None


def offline_tld_extractor() -> tldextract.TLDExtract:
    """tldextract over its bundled public-suffix snapshot: no download, no disk cache."""
    global _OFFLINE_TLDS
    if _OFFLINE_TLDS is None:
        _OFFLINE_TLDS = tldextract.TLDExtract(
            cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True
        )
    return _OFFLINE_TLDS


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recognizer, validating the domain without fetching the suffix list
    (its own validation calls tldextract.extract, which downloads on first use)."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extractor()(pattern_text).fqdn != ""


def url_recognizer() -> PatternRecognizer:
    """Links, which often name a person (a profile page). Presidio's own URL patterns take
    "bins.no" (a missing space) for a Norwegian domain, so only clear links are matched."""
    tail = r"(?:[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?"
    scheme = rf"(?i:\b(?:https?://|www\.)[^\s<>\"']+?){tail}(?=[.,;:!?)\]]*(?:\s|$))"
    tlds = r"(?:com|co\.uk|org\.uk|org|net|uk|gov\.uk|ac\.uk|io|me|info|biz|ly|tv|app)"
    bare = rf"(?i:\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.{tlds})(?![\w@])(?:/{tail})?"
    patterns = [Pattern("link with scheme", scheme, 0.8), Pattern("bare domain", bare, 0.6)]
    return _recognizer("URL", patterns, "LinkRecognizer")
