"""Who made an EuRepoC attribution, and on what basis, in the graph's vocabulary.

The claimant of an attribution entry is (a function of the entry and its incident alone, so
the result does not depend on file order or on what the database holds):
1. **named** in the row: the attributing actor when the registry knows it ("Microsoft Threat
   Intelligence Center" is Microsoft), else the IT company, else the attributing actor (not
   registered: `org-<folded name>`), else the government of the attributing country;
2. otherwise **inferred** from `attribution_basis`, as EuRepoC's codebook defines it (each
   rule in `BASIS_RULES`, whose text is stored on the claim as `claimant_rule`):
   - receiver government / state entity -> the government of each receiver country;
   - receiver attributes attacker -> each receiver (an organisation EuRepoC names);
   - attacker confirms -> a self-attribution by the attributed initiator;
   - IT-security community, media, EU institution or agency, international organisation,
     third-party government -> that kind of claimant, unnamed;
3. **none**: the row says nothing about who spoke: EuRepoC's coders stand as the claimant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from attrib.names import name_key
from loader.registry import UNREGISTERED_PREFIX, OrgRef, registry
from loader.sources.eurepoc.rows import Entry

NAMED, INFERRED, NONE = "named", "inferred", "none"
EUREPOC_CODERS = "European Repository of Cyber Incidents"
CATEGORY_PREFIX = "eurepoc:claimant:"
SELF = "self"  # the claimant is the attributed initiator


@dataclass(frozen=True)
class Claimant:
    """The party an entry's attribution is credited to."""

    org: OrgRef | None  # None: the initiator itself (rule SELF), or one only the Global names
    how: str  # NAMED, INFERRED or NONE
    rule: str = ""  # why (inferred claimants): the basis text and what it was read as
    column: str = ""  # the column that named it (named claimants)
    category: bool = False  # an unnamed kind of claimant ("the IT-security community")
    pending: bool = False  # only the Global Database's row can name it: no claimant edge


def _registered(org: OrgRef) -> bool:
    return not org.id.startswith(UNREGISTERED_PREFIX)


def government(country_name: str) -> OrgRef:
    """The organisation that speaks for a country (the registry's entry when it has one)."""
    reg = registry()
    country = reg.country(country_name)
    if country is None:
        org = reg.organisation(country_name)
        if _registered(org):  # not a country but a known body: "EU", "NATO"
            return org
        return reg.organisation(f"Government of {country_name.strip()}", kind="government")
    for name in (country.name, *country.aliases):
        for form in (f"Government of {name}", f"Government of the {name}", f"{name} government"):
            org = reg.organisation(form)
            if _registered(org):
                return org
    return reg.organisation(f"Government of {country.name}", kind="government")


def category(key: str, name: str, kind: str) -> OrgRef:
    """An unnamed kind of claimant: one node per kind, `eurepoc:claimant:<key>`."""
    return OrgRef(f"{CATEGORY_PREFIX}{key}", name, kind)


# attribution_basis wording (folded, `attrib.names.name_key`) -> the rule's name. The first
# rule whose words the folded text contains wins.
RECEIVER_GOVERNMENT, RECEIVER, THIRD_GOVERNMENT = "receiver-government", "receiver", "third-gov"
IT_SECURITY, MEDIA, EU, INTERNATIONAL = "it-security", "media", "eu", "international"
BASIS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (SELF, ("attackerconfirms", "selfattribution")),
    (RECEIVER_GOVERNMENT, ("receivergovernment", "receiverstate")),
    (THIRD_GOVERNMENT, ("thirdpartygovernment", "thirdcountry", "thirdstate")),
    (RECEIVER, ("receiverattributes",)),
    (EU, ("euinstitution", "euagency", "europeanunion")),
    (INTERNATIONAL, ("internationalorgani",)),
    (IT_SECURITY, ("itsecurity", "itcompan", "securitycommunity")),
    (MEDIA, ("media", "press", "journalis")),
)
CATEGORIES = {
    RECEIVER_GOVERNMENT: category("receiver-government", "a receiver's government (unnamed "
                                  "in EuRepoC)", "government"),
    RECEIVER: category("receiver", "the receiver of the incident (unnamed in EuRepoC)", "other"),
    THIRD_GOVERNMENT: category("third-party-government", "a third-party government (unnamed "
                               "in EuRepoC)", "government"),
    EU: category("eu-institution", "an EU institution or agency (unnamed in EuRepoC)",
                 "intergovernmental"),
    INTERNATIONAL: category("international-organisation", "an international organisation "
                            "(unnamed in EuRepoC)", "intergovernmental"),
    IT_SECURITY: category("it-security-community", "the IT-security community (unnamed in "
                          "EuRepoC)", "other"),
    MEDIA: category("media", "the media (unnamed in EuRepoC)", "media"),
    SELF: category("attacker", "the attacker (unnamed in EuRepoC)", "other"),
}  # fmt: skip


def basis_rule(entry: Entry) -> str | None:
    """The rule `attribution_basis` calls for, if any."""
    folded = name_key(entry.get("attribution_basis") or "")
    for rule, words in BASIS_RULES:
        if any(word in folded for word in words):
            return rule
    return None


def claimants(
    entry: Entry,
    receivers: Sequence[str] | None,
    receiver_countries: Sequence[str] | None,
    has_target: bool,
) -> list[Claimant]:
    """Who made the attribution of `entry` (module docstring: the order). Several only when
    the rule names each receiver or each receiver's government.

    Args:
        entry: the attribution entry.
        receivers: the incident's receiver names (the Global Database's `receiver_name`);
            None when the entry comes from the Attribution dataset, which has no receivers:
            a claimant only the incident's row can name is then left to the Global Database
            (no claimant edge from this file, the rule said on the claim).
        receiver_countries: the incident's receiver countries (None: as `receivers`).
        has_target: the entry names an initiator (a self-attribution needs one).
    """
    reg = registry()
    actor = entry.get("attributing_actor")
    company = entry.get("attribution_it_company")
    country = entry.get("attributing_country")
    if actor and _registered(reg.organisation(actor)):
        return [Claimant(reg.organisation(actor), NAMED, column="attributing_actor")]
    if company:
        # kind left to the registry's default: an unregistered organisation is a reference
        # node created by whichever dataset names it first, so every dataset plans it alike
        return [Claimant(reg.organisation(company), NAMED, column="attribution_it_company")]
    if actor:
        return [Claimant(reg.organisation(actor), NAMED, column="attributing_actor")]
    if country:
        return [Claimant(government(country), NAMED, column="attributing_country")]
    return _inferred(entry, receivers, receiver_countries, has_target)


def _inferred(
    entry: Entry,
    receivers: Sequence[str] | None,
    countries: Sequence[str] | None,
    has_target: bool,
) -> list[Claimant]:
    rule = basis_rule(entry)
    basis = entry.get("attribution_basis") or ""
    if rule is None:
        return [Claimant(registry().organisation(EUREPOC_CODERS), NONE)]
    if rule == SELF and has_target:
        why = f"attribution_basis {basis!r}: a self-attribution by the attributed initiator"
        return [Claimant(None, INFERRED, why)]
    if rule in (RECEIVER_GOVERNMENT, RECEIVER) and (receivers is None or countries is None):
        who = "the government of each receiver country" if rule == RECEIVER_GOVERNMENT else (
            "each receiver")  # fmt: skip
        why = (f"attribution_basis {basis!r}: {who}, which only the Global Database names "
               "(load it to name the claimant)")  # fmt: skip
        return [Claimant(None, INFERRED, why, pending=True)]
    if rule == RECEIVER_GOVERNMENT and countries:
        return [
            Claimant(government(c), INFERRED, f"attribution_basis {basis!r}: the government "
                     f"of the receiver country {c}")
            for c in countries
        ]  # fmt: skip
    if rule == RECEIVER and receivers:
        return [
            Claimant(registry().organisation(r), INFERRED, f"attribution_basis {basis!r}: "
                     f"the receiver {r}")
            for r in receivers
        ]  # fmt: skip
    found = CATEGORIES[rule]
    why = f"attribution_basis {basis!r}: {found.name}"
    return [Claimant(found, INFERRED, why, category=True)]


# EuRepoC's attribution_basis (then attribution_type) wording -> the Claim basis vocabulary
# (loader.models.Claim.basis). The first rule whose word the folded text contains wins: a legal
# act outweighs the report it appears in, a technical report is technical.
_BASIS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("legal", ("legal", "indictment", "court", "sanction", "prosecut", "charge")),
    ("technical", ("technical", "forensic", "itsecurity", "itcompan", "securitycompan")),
    ("intelligence", ("intelligence",)),
    ("political", ("political", "official", "government", "authorit", "policy")),
    ("reporting", ("media", "report", "press", "news", "journalis")),
)


def basis(entry: Entry) -> str:
    """technical, intelligence, political, legal, reporting or unspecified: the type of the
    attribution first (a legal action, a technical report), then its basis."""
    for text in (entry.get("attribution_type"), entry.get("attribution_basis")):
        folded = name_key(text or "")
        for value, words in _BASIS_WORDS:
            if any(word in folded for word in words):
                return value
    return "unspecified"


def is_contested(entry: Entry) -> bool:
    """EuRepoC codes a "Contested attribution" (as type or basis)."""
    return any(
        "contested" in name_key(entry.get(col) or "")
        for col in ("attribution_type", "attribution_basis")
    )


def is_state_link(category_text: str | None) -> bool:
    """The attributed initiator's category says a state is behind it ("State", "State-affiliated
    group", "Non-state actor, state-affiliation suggested"), not only where it is from."""
    folded = (category_text or "").casefold().replace("non-state", "").replace("nonstate", "")
    return "state" in folded
