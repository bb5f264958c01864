"""What the Actor and Identity pages share: the evidence, the policy control, the resolution.

The evidence (every actor record, naming claim and record claim: attrib.identity.evidence) is
read once a minute at most and shared by every session; the actors are computed from it in
memory under the policy the user picks (attrib.identity.resolve), so changing the policy
recomputes the page without writing anything. The stored actors (`attrib identity resolve`)
keep the settings file's policy. docs/identity.md explains the settings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

import streamlit as st

from attrib.errors import DatabaseUnavailable, translate
from attrib.identity import attributions, views
from attrib.identity.evidence import Evidence, read_evidence
from attrib.identity.policy import SHARED_NAMES, Policy, PolicyError, SharedNames, load_policy
from attrib.identity.resolve import Actor, Resolution, resolve
from ui import common, text

TTL_SECONDS = 60  # the evidence is re-read after this long: a new import shows within a minute
POLICY_KEY = "identity_policy"  # the chosen policy, kept while the user moves between pages
WIDGET_KEYS = ("policy_shared", "policy_min_conf", "policy_claimants")
SHARED_LABELS = {
    "any": "any shared name",
    "primary": "only a primary name or exact id",
    "none": "none (explicit claims only)",
}


@dataclass(frozen=True)
class Resolved:
    """The evidence and the actors computed from it under one policy."""

    evidence: Evidence
    resolution: Resolution
    stamp: str  # which reading of the evidence (a new one each TTL)

    @property
    def key(self) -> tuple[str, str]:
        """What the cached views of this resolution are keyed by."""
        return (self.stamp, self.resolution.policy.digest())

    def report(self) -> dict[str, Any]:
        return _report(*self.key, self.evidence, self.resolution)

    def find(self, name: str) -> list[Actor]:
        """Every actor a name, alias, exact id or actor id leads to (views.find_actors)."""
        return _find(*self.key, name, self.evidence, self.resolution)

    def document(self, actor: Actor) -> dict[str, Any]:
        """The actor whole (views.actor_document)."""
        return _document(*self.key, actor.id, self.evidence, self.resolution, actor)


@st.cache_resource(ttl=TTL_SECONDS, max_entries=1, show_spinner="Reading the actor records…")
def _evidence() -> tuple[Evidence, str]:
    return read_evidence(), uuid.uuid4().hex


# Arguments starting with "_" are not hashed by Streamlit: the stamp and digest are the key.
@st.cache_resource(ttl=TTL_SECONDS, max_entries=16, show_spinner="Resolving the actors…")
def _resolution(stamp: str, digest: str, _evidence: Evidence, _policy: Policy) -> Resolution:
    return resolve(_evidence, _policy)


@st.cache_resource(ttl=TTL_SECONDS, max_entries=16, show_spinner=False)
def _report(stamp: str, digest: str, _evidence: Evidence, _res: Resolution) -> dict[str, Any]:
    return views.report(_evidence, _res)


# A name lookup and an actor's document each read all the evidence (about a second with
# ATT&CK and the MISP galaxies loaded): kept, so the page's reruns are fast.
@st.cache_resource(ttl=TTL_SECONDS, max_entries=256, show_spinner=False)
def _find(stamp: str, digest: str, name: str, _evidence: Evidence, _res: Resolution) -> list[Actor]:
    return views.find_actors(_evidence, _res, name)


@st.cache_resource(ttl=TTL_SECONDS, max_entries=256, show_spinner=False)
def _document(
    stamp: str, digest: str, actor_id: str, _evidence: Evidence, _res: Resolution, _actor: Actor
) -> dict[str, Any]:
    return views.actor_document(_evidence, _res, _actor)


def evidence() -> tuple[Evidence, str]:
    """The evidence (cached); on failure the page says why and stops."""
    try:
        return _evidence()
    except Exception as exc:  # never cached: the next run tries again
        st.error(text.md_block(common.describe_error(exc)))
        if isinstance(translate(exc), DatabaseUnavailable):
            st.info("The page works again as soon as Neo4j is back: reload it then.")
        st.stop()


def settings_policy() -> Policy:
    """The settings file's policy (identity-policy.yaml); the defaults if it cannot be used."""
    try:
        return load_policy()
    except PolicyError as exc:
        st.warning(f"{text.md(exc)} — the default policy is used instead.")
        return Policy()


def claimant_names(found: Evidence) -> dict[str, str]:
    """Claimant id -> name, for the claimants of record claims (same-as, distinct ...)."""
    return {c.claimant: c.claimant_name or c.claimant for c in found.record_claims if c.claimant}


def _reset() -> None:
    for key in (POLICY_KEY, *WIDGET_KEYS):
        st.session_state.pop(key, None)


def policy_control(found: Evidence) -> Policy:
    """The policy control in the sidebar; returns the chosen policy (kept across pages)."""
    from_file = settings_policy()
    current: Policy = st.session_state.get(POLICY_KEY) or from_file
    names = claimant_names(found)
    for claimant in current.claimants:  # a claimant of the settings file stays choosable
        names.setdefault(claimant, claimant)
    with st.sidebar:
        st.markdown("**Who is who: resolution policy**")
        shared = st.radio(
            "Shared names join records",
            SHARED_NAMES,
            index=SHARED_NAMES.index(current.shared_names),
            format_func=lambda v: SHARED_LABELS.get(v, v),
            key="policy_shared",
            help="A name that records of two datasets both carry is evidence that they are one "
            "group: any such name, only one that is a primary name or exact id (G0125) of one "
            "of the two, or none.",
        )
        minimum = st.slider(
            "Minimum confidence of same-as and distinct claims",
            0,
            100,
            current.min_confidence,
            key="policy_min_conf",
            help="Claims below it do not count; 0 also accepts claims that state no confidence.",
        )
        chosen = st.multiselect(
            "Accept equivalence claims only from",
            sorted(names, key=lambda c: (names[c].casefold(), c)),
            default=list(current.claimants),
            format_func=lambda c: names.get(c, c),  # plain text, not Markdown
            key="policy_claimants",
            placeholder="anyone",
        )
        policy = Policy(
            cast(SharedNames, shared), int(minimum), tuple(sorted(chosen)), current.max_members
        )  # max_members: the settings file's (no control: a safety limit, not a reading)
        st.session_state[POLICY_KEY] = policy
        st.button(
            "Back to the settings file's policy",
            on_click=_reset,
            disabled=policy == from_file,
            key="policy_reset",
        )
    return policy


def resolved() -> Resolved:
    """The policy control, then the actors under the chosen policy (computed in memory)."""
    found, stamp = evidence()
    policy = policy_control(found)
    resolution = _resolution(stamp, policy.digest(), found, policy)
    return Resolved(found, resolution, stamp)


def show_policy(policy: Policy) -> None:
    """The active policy, and whether it differs from the stored actors' (the settings file)."""
    note = (
        ""
        if policy == settings_policy()
        else " — changed in the sidebar: computed in memory, nothing is written "
        "(`attrib identity resolve` stores actors under a policy)"
    )
    st.caption(f"Policy: {text.md(policy.describe())}{note}")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def _stored_actor(record_id: str) -> dict[str, Any] | None:
    return attributions.stored_actor(record_id)


def stored_actor(record_id: str) -> dict[str, Any] | None:
    """The stored resolved actor of an actor record (None when not resolved or on failure)."""
    try:
        return _stored_actor(record_id)
    except Exception:  # the page's own queries say what is wrong with the database
        return None


def actor_link(actor_id: str, name: str, detail: str = "") -> None:
    """A link that opens the actor page for a resolved actor ("Actor: HAFNIUM (2 records)")."""
    st.page_link(
        "views/actor.py",
        label=f"Actor: {text.md(name)} {text.md(detail)}".rstrip(),
        icon=":material/groups:",
        query_params={"actor": actor_id},
    )
