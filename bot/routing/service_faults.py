"""What the apology for a service fault says: the numbers that still work when this chat doesn't.

The words are the `utter_service_fault` response in domain.yml; the numbers come from the routing
directory, so there is one place for each: 999 and 101 from the emergency and police contacts,
and the council of the resident's area (or all five councils when the area is not known yet).
"""

from __future__ import annotations

import yaml

from bot import paths
from bot.routing.directory import Directory, load_directory

RESPONSE = "utter_service_fault"
EMERGENCY_CONTACT = "police_999"
POLICE_CONTACT = "police_101"
COUNCIL_ROLE = "council"


def _phone(directory: Directory, contact_id: str) -> str:
    phone = directory.contacts[contact_id].phone
    if not phone:
        raise ValueError(f"contact {contact_id} has no phone number")
    return phone


def _council(directory: Directory, name: str, contact_id: str) -> str:
    """'Hyndburn Borough Council on 01254 388111', or its web address when its number is not
    confirmed (contacts-check-2026-12.md): an unconfirmed number is never given."""
    contact = directory.contacts[contact_id]
    if contact.said_phone:
        return f"{name} on {contact.said_phone}"
    if contact.web and "web" not in contact.unconfirmed:
        return f"{name} at {contact.web}"
    raise ValueError(f"contact {contact_id} has neither a confirmed phone nor a web address")


def council_phones(directory: Directory, borough_id: str | None) -> str:
    """'Hyndburn Borough Council on 01254 388111', or every borough's council when the area is
    unknown or outside the partnership ('Blackburn with Darwen at …, …, or Rossendale on …')."""
    borough = directory.boroughs.get(borough_id or "")
    if borough is not None:
        council_id = borough.roles[COUNCIL_ROLE]
        return _council(directory, directory.contacts[council_id].name, council_id)
    each = [_council(directory, b.name, b.roles[COUNCIL_ROLE]) for b in directory.boroughs.values()]
    return f"{', '.join(each[:-1])} or {each[-1]}" if len(each) > 1 else each[0]


def apology_values(directory: Directory, borough_id: str | None) -> dict[str, str]:
    """The values `utter_service_fault` is filled with."""
    return {
        "emergency_phone": _phone(directory, EMERGENCY_CONTACT),
        "police_phone": _phone(directory, POLICE_CONTACT),
        "council_phones": council_phones(directory, borough_id),
    }


def apology_text(borough_id: str | None = None) -> str:
    """The apology as the resident reads it, for replies made outside Rasa (nginx's, when no
    Rasa server can answer): domain.yml's words with the directory's numbers."""
    domain = yaml.safe_load((paths.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    text: str = domain["responses"][RESPONSE][0]["text"]
    return text.format(**apology_values(load_directory(), borough_id))
