"""Who made an EuRepoC attribution, and on what basis, in the graph's vocabulary.

The claimant of an attribution is, in this order (a function of the row alone, so the result
does not depend on file order or on what the database holds):
1. the attributing actor, when the registry knows it (loader.registry: "Microsoft Threat
   Intelligence Center" is Microsoft);
2. the attributing IT company (registered or not);
3. the attributing actor (not registered: `org-<folded name>`);
4. the government of the attributing country: the registry's government entry for that
   country when there is one ("Government of China", "United States government", ...), an
   organisation the registry knows by that name ("EU"), else `Government of <country>`;
5. EuRepoC's coders (the registry's `eurepoc`), when the row names no attributor at all.
The texts of all three columns are kept on the claim whichever is the claimant.
"""

from __future__ import annotations

from dataclasses import dataclass

from attrib.names import name_key
from loader.registry import UNREGISTERED_PREFIX, OrgRef, registry
from loader.sources.eurepoc.rows import Attribution

UNNAMED = "unnamed"  # how: no attributor named, EuRepoC's coding stands as the claim
EUREPOC_CODERS = "European Repository of Cyber Incidents"


@dataclass(frozen=True)
class Claimant:
    org: OrgRef
    how: str  # attributing_actor, attribution_it_company, attributing_country or UNNAMED

    @property
    def registered(self) -> bool:
        return not self.org.id.startswith(UNREGISTERED_PREFIX)


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


def claimant(att: Attribution) -> Claimant:
    """The organisation that made the attribution (module docstring: the order)."""
    reg = registry()
    actor = att.get("attributing_actor")
    company = att.get("attribution_it_company")
    country = att.get("attributing_country")
    if actor and _registered(reg.organisation(actor)):
        return Claimant(reg.organisation(actor), "attributing_actor")
    if company:
        # kind left to the registry's default: an unregistered organisation is a reference
        # node created by whichever dataset names it first, so every dataset plans it alike
        return Claimant(reg.organisation(company), "attribution_it_company")
    if actor:
        return Claimant(reg.organisation(actor), "attributing_actor")
    if country:
        return Claimant(government(country), "attributing_country")
    return Claimant(reg.organisation(EUREPOC_CODERS), UNNAMED)


# EuRepoC's attribution_basis (then attribution_type) wording -> the Claim basis vocabulary
# (loader.models.Claim.basis). The first rule whose word the folded text contains wins: a legal
# act outweighs the report it appears in, a technical report is technical.
_BASIS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("legal", ("legal", "indictment", "court", "sanction", "prosecut", "charge")),
    ("technical", ("technical", "forensic", "itsecurity", "itcompan", "securitycompan")),
    ("intelligence", ("intelligence",)),
    ("political", ("political", "official", "government", "authorit", "policy", "statement")),
    ("reporting", ("media", "report", "press", "news", "journalis")),
)


def basis(att: Attribution) -> str:
    """technical, intelligence, political, legal, reporting or unspecified."""
    for text in (att.get("attribution_basis"), att.get("attribution_type")):
        folded = name_key(text or "")
        for value, words in _BASIS_RULES:
            if any(word in folded for word in words):
                return value
    return "unspecified"


def is_contested(att: Attribution) -> bool:
    """EuRepoC codes a "Contested attribution" (as type or basis)."""
    return any(
        "contested" in name_key(att.get(col) or "")
        for col in ("attribution_type", "attribution_basis")
    )


def is_state_link(category: str | None) -> bool:
    """The attributed initiator's category says a state is behind it ("State", "State-affiliated
    group", "Non-state actor, state-affiliation suggested"), not only where it is from."""
    folded = (category or "").casefold().replace("non-state", "").replace("nonstate", "")
    return "state" in folded
