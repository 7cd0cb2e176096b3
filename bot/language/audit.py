"""What each language still lacks: texts with no translation, translations of English that is no
longer said (the English changed), and what no fluent speaker has reviewed yet."""

from __future__ import annotations

from dataclasses import dataclass

from bot.language.catalogue import catalogue
from bot.language.languages import translated_languages
from bot.language.translations import load_translations


@dataclass(frozen=True)
class LanguageAudit:
    language: str
    missing: list[str]  # English texts residents read with no translation
    stale: list[str]  # translations of English no longer in the catalogue
    review: str  # the file's review status and date, or "no file"
    unreviewed: int  # texts whose review (the file's, or their own) is "drafted"


def audit(language: str, texts: list[str] | None = None) -> LanguageAudit:
    texts = catalogue() if texts is None else texts
    data = load_translations(language)
    if data is None:
        return LanguageAudit(language, texts, [], "no file", 0)
    held = {item.en: item for item in data.texts}
    wanted = set(texts)
    unreviewed = sum(
        (item.review or data.review).status == "drafted" for item in data.texts if item.en in wanted
    )
    return LanguageAudit(
        language,
        missing=[text for text in texts if text not in held],
        stale=[text for text in held if text not in wanted],
        review=f"{data.review.status} ({data.review.by}, {data.review.date})",
        unreviewed=unreviewed,
    )


def audit_all() -> list[LanguageAudit]:
    texts = catalogue()
    return [audit(language, texts) for language in translated_languages()]
