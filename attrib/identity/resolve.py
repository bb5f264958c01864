"""Resolved actors: groups of actor records joined by accepted evidence, order-independent.

The rules (docs/identity.md):
- Evidence that two records are one group: an accepted same-as claim; a name both carry
  (the record's source saying "this is the group that name denotes").
- Strength, strongest first, in tiers: a same-as claim; a shared name a name-giver's naming
  claim backs (Microsoft calling a record "Diamond Sleet"); a loose same-as (MISP `similar`);
  any other shared name. Within a tier: names its giver backs on both records, primary over
  alias, higher confidence; then a fixed tie-break on the evidence's ids. Evidence is applied
  in that order, so the result is a function of the evidence alone, never of the load order.
- Hard constraints: two records of one dataset are joined only when that dataset itself says
  so; a name one dataset gives to two of its (unjoined) records is ambiguous and joins nothing;
  a "distinct" claim forbids the join. Evidence the constraints refuse is reported.
- A chain that would join more records than the policy's `max_members` is suspect: it is
  reported (`Resolution.suspect`) and its records stay apart, never written as one giant
  actor.

Cost: O(n log n) in the records and the evidence (union-find, groups merged small into
large); a name's pairs are bounded by the datasets that carry it, not by n.

Example:
    >>> from attrib.identity.evidence import Evidence, Record
    >>> ev = Evidence({"a": Record("a", "x", "HAFNIUM"), "b": Record("b", "y", "G0125",
    ...                aliases=("HAFNIUM",))})
    >>> [sorted(actor.members) for actor in resolve(ev).actors]
    [['a', 'b']]
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from attrib.identity import datasets as ds
from attrib.identity import firsthand
from attrib.identity.evidence import Evidence, Record, RecordClaim
from attrib.identity.policy import Policy
from attrib.names import name_key


@dataclass(frozen=True)
class Join:
    """One piece of evidence that two records are one group."""

    left: str
    right: str
    kind: str  # "claim" or "name"
    detail: str  # readable: who said it, or which name
    claim: str = ""  # the claim id, for claims
    name: str = ""  # the shared name, for names
    # (tier, backing: naming claims and primary names behind a name, primaries, confidence)
    strength: tuple[int, ...] = (0, 0, 0, 0, 0)

    def order(self) -> tuple[tuple[int, ...], str, str, str]:
        """Strongest first, then a tie-break that depends on the evidence only."""
        neg = tuple(-part for part in self.strength)
        low, high = sorted((self.left, self.right))
        return (neg, self.claim or self.name, low, high)


# Evidence tiers, strongest first (docs/identity.md, "Order of strength").
SAME_AS_CLAIM, GIVEN_NAME, LOOSE_CLAIM, SHARED_NAME = 3, 2, 1, 0


@dataclass(frozen=True)
class Refused:
    join: Join
    reason: str


@dataclass(frozen=True)
class Ambiguous:
    """A name one dataset gives to two or more of its records: it joins nothing."""

    name: str
    dataset: str
    records: tuple[str, ...]


@dataclass(frozen=True)
class Suspect:
    """A chain of evidence that would join more records than the policy allows in one actor:
    reported, not written; each of its records stays an actor of its own."""

    records: tuple[str, ...]
    datasets: tuple[str, ...]
    joins: tuple[Join, ...]  # the evidence that chained them, strongest first
    reason: str


@dataclass
class Actor:
    id: str
    name: str
    anchor: str  # the member whose id and name the actor shows
    members: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)  # the evidence that built the group
    supporting: list[Join] = field(default_factory=list)  # further evidence, already joined


@dataclass
class Resolution:
    policy: Policy
    actors: list[Actor] = field(default_factory=list)
    actor_of: dict[str, str] = field(default_factory=dict)  # record id -> actor id
    refused: list[Refused] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    unaccepted: list[RecordClaim] = field(default_factory=list)  # below the policy
    dangling: list[RecordClaim] = field(default_factory=list)  # a record not loaded
    # second-hand namings the giver's own dataset contradicts: not credited (firsthand.py)
    contradicted: list[firsthand.Check] = field(default_factory=list)
    suspect: list[Suspect] = field(default_factory=list)  # chains too long to be one actor
    suspect_of: dict[str, int] = field(default_factory=dict)  # record id -> index in suspect


class _Groups:
    """Union-find over records, each group knowing its records per dataset component."""

    def __init__(self, records: dict[str, Record], own: dict[str, str], flagged: set[str]) -> None:
        self.parent = {rid: rid for rid in records}
        # group root -> dataset -> the dataset's own component (records its dataset joined)
        self.comps: dict[str, dict[str, str]] = {
            rid: {rec.dataset: own[rid]} for rid, rec in records.items()
        }
        self.members: dict[str, list[str]] = {rid: [rid] for rid in records}
        # group root -> its records that a distinct claim names (few): checked on each join
        # instead of every member, which would make a long chain quadratic
        self.flagged: dict[str, list[str]] = {rid: [rid] for rid in flagged if rid in records}

    def find(self, rid: str) -> str:
        while self.parent[rid] != rid:
            self.parent[rid] = self.parent[self.parent[rid]]
            rid = self.parent[rid]
        return rid

    def conflict(self, a: str, b: str) -> str | None:
        """Why groups a and b (roots) may not join: a dataset with different records in each."""
        for dataset, comp in self.comps[a].items():
            other = self.comps[b].get(dataset)
            if other is not None and other != comp:
                return dataset
        return None

    def union(self, a: str, b: str) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] += self.members.pop(b)
        self.comps[a].update(self.comps.pop(b))
        if b in self.flagged:
            self.flagged.setdefault(a, []).extend(self.flagged.pop(b))


def _own_components(evidence: Evidence, policy: Policy) -> dict[str, str]:
    """record -> its component within its own dataset: records a dataset itself says are one."""
    parent = {rid: rid for rid in evidence.records}

    def find(rid: str) -> str:
        while parent[rid] != rid:
            parent[rid] = parent[parent[rid]]  # path halving: a long chain stays cheap
            rid = parent[rid]
        return rid

    for claim in sorted(evidence.record_claims, key=lambda c: c.id):
        sub, obj = evidence.records.get(claim.subject), evidence.records.get(claim.object)
        if (
            claim.kind == ds.SAME_AS
            and sub
            and obj
            and sub.dataset == obj.dataset == claim.dataset
            and policy.accepts(claim.claimant, claim.confidence)
        ):
            a, b = sorted((find(sub.id), find(obj.id)))
            parent[b] = a
    return {rid: find(rid) for rid in parent}


def _names_of(evidence: Evidence) -> dict[str, dict[str, str]]:
    """record -> name key -> "primary" or "alias" (with the spelling kept elsewhere)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for rec in evidence.records.values():
        for alias in rec.aliases:
            if name_key(alias):
                out[rec.id].setdefault(name_key(alias), "alias")
        for primary in (rec.name, *rec.external_ids):
            if name_key(primary):
                out[rec.id][name_key(primary)] = "primary"
    for naming in evidence.namings:
        if naming.record in evidence.records and name_key(naming.name):
            out[naming.record].setdefault(name_key(naming.name), "alias")
    return out


def _given_names(evidence: Evidence, uncredited: frozenset[str]) -> dict[str, dict[str, set[str]]]:
    """record -> name key -> who gave the record that name (its naming claims' givers; not
    a name only used, nor one the giver's own data gives to another group)."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for naming in evidence.namings:
        if not naming.has_giver or naming.claim in uncredited:
            continue
        if naming.record in evidence.records and name_key(naming.name):
            giver = naming.given_by_name or naming.given_by or "a name-giver"
            out[naming.record][name_key(naming.name)].add(giver)
    return out


def spellings(evidence: Evidence) -> dict[str, str]:
    """name key -> one spelling of it (the smallest, so the choice is order-free)."""
    spelled: dict[str, str] = {}
    texts = [
        n for rec in evidence.records.values() for n in (rec.name, *rec.aliases, *rec.external_ids)
    ]
    texts += [n.name for n in evidence.namings]
    for text in texts:
        key = name_key(text)
        if key and (key not in spelled or text < spelled[key]):
            spelled[key] = text
    return spelled


def _carriers(names: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """name key -> the records carrying it."""
    carriers: dict[str, list[str]] = defaultdict(list)
    for rid, keys in names.items():
        for key in keys:
            carriers[key].append(rid)
    return carriers


def _usable_names(
    evidence: Evidence,
    names: dict[str, dict[str, str]],
    own: dict[str, str],
    resolution: Resolution,
    spelled: dict[str, str],
) -> dict[str, list[str]]:
    """name key -> its carriers, for names of several datasets that no dataset gives to two
    of its records (those are reported as ambiguous and join nothing)."""
    carriers = _carriers(names)
    usable: dict[str, list[str]] = {}
    for key in sorted(carriers):
        by_dataset: dict[str, set[str]] = defaultdict(set)
        for rid in carriers[key]:
            by_dataset[evidence.records[rid].dataset].add(rid)
        ambiguous = False
        for dataset, in_dataset in sorted(by_dataset.items()):
            if len({own[r] for r in in_dataset}) > 1:
                found = Ambiguous(spelled[key], dataset, tuple(sorted(in_dataset)))
                resolution.ambiguous.append(found)
                ambiguous = True
        if not ambiguous and len(by_dataset) > 1:
            usable[key] = sorted(carriers[key])
    return usable


def _name_joins(
    evidence: Evidence, names: dict[str, dict[str, str]], usable: dict[str, list[str]],
    policy: Policy, spelled: dict[str, str], uncredited: frozenset[str],
) -> list[Join]:  # fmt: skip
    """A join per pair of records of two datasets sharing a usable name."""
    if policy.shared_names == "none":
        return []
    pairs = [
        (key, left, right)
        for key, rids in usable.items()
        for i, left in enumerate(rids)
        for right in rids[i + 1 :]
        if evidence.records[left].dataset != evidence.records[right].dataset
    ]
    named = _given_names(evidence, uncredited)
    joins: list[Join] = []
    for key, left, right in pairs:
        primaries = (names[left][key] == "primary") + (names[right][key] == "primary")
        if policy.shared_names == "primary" and primaries == 0:
            continue
        givers = [named[r][key] for r in (left, right) if key in named.get(r, {})]
        detail = f"shared name {spelled[key]!r}"  # who gave it: the actor's names table
        # both sources call their record by this very name: as strong as a naming claim
        both = all(name_key(evidence.records[r].name) == key for r in (left, right))
        backing = len(givers) + 2 * both
        tier = GIVEN_NAME if backing else SHARED_NAME
        joins.append(
            Join(left, right, "name", detail, name=spelled[key],
                 strength=(tier, backing, primaries, 0))
        )  # fmt: skip
    return joins


def _claim_joins(evidence: Evidence, policy: Policy, resolution: Resolution) -> list[Join]:
    joins = []
    for claim in evidence.record_claims:
        if claim.subject not in evidence.records or claim.object not in evidence.records:
            resolution.dangling.append(claim)
            continue
        if claim.kind != ds.SAME_AS or claim.subject == claim.object:
            continue
        if not policy.accepts(claim.claimant, claim.confidence):
            resolution.unaccepted.append(claim)
            continue
        who = claim.claimant_name or claim.claimant or "an unnamed claimant"
        conf = f", confidence {claim.confidence}" if claim.confidence is not None else ""
        loose = claim.relation in ds.LOOSE_RELATIONS
        what = f"'{claim.relation}' link" if loose else "same-as claim"
        joins.append(
            Join(claim.subject, claim.object, "claim", f"{what} by {who}{conf}", claim=claim.id,
                 strength=(LOOSE_CLAIM if loose else SAME_AS_CLAIM, 0, 0, 0, claim.confidence or 0))
        )  # fmt: skip
    return joins


def _distinct_pairs(evidence: Evidence, policy: Policy) -> dict[str, set[str]]:
    pairs: dict[str, set[str]] = defaultdict(set)
    for claim in evidence.record_claims:
        if claim.kind == ds.DISTINCT and policy.accepts(claim.claimant, claim.confidence):
            pairs[claim.subject].add(claim.object)
            pairs[claim.object].add(claim.subject)
    return pairs


def _given_elsewhere(
    join: Join,
    groups: _Groups,
    a: str,
    b: str,
    carriers: dict[str, list[str]],
    evidence: Evidence,
    own: dict[str, str],
) -> str:
    """Why a shared name may not join groups a and b: a dataset with a record in them gives
    the name to another of its records, outside them (ATT&CK lists Sapphire Sleet on APT38,
    so Sapphire Sleet does not bring Microsoft's record into the group holding G0032)."""
    if join.kind != "name":
        return ""
    inside = {**groups.comps[b], **groups.comps[a]}  # dataset -> its component in the groups
    for rid in sorted(carriers.get(name_key(join.name), ())):
        dataset = evidence.records[rid].dataset
        if groups.find(rid) not in (a, b) and inside.get(dataset, own[rid]) != own[rid]:
            return (
                f"{dataset} gives the name {join.name!r} to {rid}, which is not in this "
                f"group, while it holds another of {dataset}'s records"
            )
    return ""


def _priority(rec: Record) -> tuple[int, str, str]:
    order = ds.DISPLAY_PRIORITY
    rank = order.index(rec.dataset) if rec.dataset in order else len(order)
    return (rank, rec.dataset, rec.id)


def resolve(evidence: Evidence, policy: Policy | None = None) -> Resolution:
    """Group the records of `evidence` into actors under `policy` (the defaults if None).

    First-hand beats second-hand (attrib.identity.firsthand): the actors are computed once
    with every naming claim; a second-hand naming whose giver's own dataset gives the name to
    another group is then not credited, and the actors are computed again without its backing.
    """
    policy = policy or Policy()
    checks = firsthand.checkable(evidence)
    first = _resolve(evidence, policy, frozenset())
    against = firsthand.contradicted(checks, first.actor_of)
    if not against:
        return first
    final = _resolve(evidence, policy, frozenset(c.naming.claim for c in against))
    # listed where they still hold (a plain shared name may yet join the record to them)
    final.contradicted = firsthand.contradicted(against, final.actor_of)
    return final


def _resolve(evidence: Evidence, policy: Policy, uncredited: frozenset[str]) -> Resolution:
    resolution = Resolution(policy)
    own = _own_components(evidence, policy)
    names = _names_of(evidence)
    joins = _claim_joins(evidence, policy, resolution)
    spelled = spellings(evidence)
    usable = _usable_names(evidence, names, own, resolution, spelled)
    joins += _name_joins(evidence, names, usable, policy, spelled, uncredited)
    distinct = _distinct_pairs(evidence, policy)
    carriers = _carriers(names)
    groups = _Groups(evidence.records, own, set(distinct))
    accepted: dict[str, list[Join]] = defaultdict(list)
    supporting: list[Join] = []
    for join in sorted(joins, key=Join.order):
        a, b = groups.find(join.left), groups.find(join.right)
        if a == b:
            supporting.append(join)
            continue
        dataset = groups.conflict(a, b)
        if dataset:
            resolution.refused.append(
                Refused(join, f"both groups hold different records of {dataset}, and "
                              f"{dataset} does not say they are one group")
            )  # fmt: skip
            continue
        elsewhere = _given_elsewhere(join, groups, a, b, carriers, evidence, own)
        if elsewhere:
            resolution.refused.append(Refused(join, elsewhere))
            continue
        blocked = sorted(
            (r, d) for r in groups.flagged.get(a, ()) for d in distinct[r] if groups.find(d) == b
        )
        if blocked:
            left, right = blocked[0]
            resolution.refused.append(
                Refused(join, f"a distinct-from claim says {left} and {right} are not one group")
            )
            continue
        groups.union(a, b)
        root = groups.find(a)
        gone = b if root == a else a
        accepted[root] += [*accepted.pop(gone, []), join]
    support: dict[str, list[Join]] = defaultdict(list)
    for join in supporting:
        support[groups.find(join.left)].append(join)
    for root in sorted(groups.members, key=lambda r: min(groups.members[r])):
        members = sorted(groups.members[root], key=lambda r: _priority(evidence.records[r]))
        chain = sorted(accepted.get(root, []), key=Join.order)
        if len(members) > policy.max_members:
            suspect = _suspect(evidence, members, chain, policy.max_members)
            for member in members:
                resolution.suspect_of[member] = len(resolution.suspect)
            resolution.suspect.append(suspect)
            for member in members:  # each record stands alone until the evidence is settled
                _add_actor(resolution, evidence, names, spelled, [member], [], [])
            continue
        _add_actor(resolution, evidence, names, spelled, members, chain, support.get(root, []))
    resolution.actors.sort(key=lambda a: a.id)
    return resolution


def _add_actor(
    resolution: Resolution, evidence: Evidence, names: dict[str, dict[str, str]],
    spelled: dict[str, str], members: list[str], joins: list[Join], supporting: list[Join],
) -> None:  # fmt: skip
    """One actor of `members` (sorted by display priority: the first names it)."""
    anchor = evidence.records[members[0]]
    keys = {k for m in members for k in names.get(m, {})}
    display = sorted(keys, key=lambda k: (k != name_key(anchor.name), spelled[k].casefold()))
    actor = Actor(
        f"actor:{anchor.id}", anchor.name, anchor.id, sorted(members),
        [spelled[k] for k in display], joins, supporting,
    )  # fmt: skip
    resolution.actors.append(actor)
    for member in members:
        resolution.actor_of[member] = actor.id


def _suspect(evidence: Evidence, members: list[str], chain: list[Join], cap: int) -> Suspect:
    """A chain too long to be one actor, with why: its size, its sources and the evidence
    that did most of the chaining (the claimants of its same-as claims, its shared names)."""
    claimants = {c.id: c.claimant_name or c.claimant or "an unnamed claimant"
                 for c in evidence.record_claims}  # fmt: skip
    by_claimant = Counter(claimants.get(j.claim, "?") for j in chain if j.kind == "claim")
    by_name = Counter(j.name for j in chain if j.kind == "name")
    datasets = sorted({evidence.records[m].dataset for m in members})

    def most(counts: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]

    parts = []
    if by_claimant:
        who = ", ".join(f"{n} by {c}" for c, n in most(by_claimant))
        parts.append(f"{sum(by_claimant.values())} same-as claims ({who})")
    if by_name:
        top = ", ".join(repr(n) for n, _ in most(by_name))
        parts.append(f"{sum(by_name.values())} shared names (such as {top})")
    return Suspect(
        tuple(sorted(members)), tuple(datasets), tuple(chain),
        f"a chain of {' and '.join(parts) or 'evidence'} would join {len(members)} records of "
        f"{len(datasets)} source(s) into one actor, more than the policy's {cap} records per "
        "actor (max_members): its records are kept apart until the evidence is settled",
    )  # fmt: skip


def explain(actor: Actor) -> dict[str, list[Join]]:
    """member -> the chain of evidence that joins it to the actor's anchor (empty for it)."""
    links: dict[str, list[Join]] = defaultdict(list)
    for join in actor.joins:
        links[join.left].append(join)
        links[join.right].append(join)
    chains: dict[str, list[Join]] = {actor.anchor: []}
    queue = deque([actor.anchor])
    while queue:
        here = queue.popleft()
        for join in sorted(links[here], key=Join.order):
            there = join.right if join.left == here else join.left
            if there not in chains:
                chains[there] = [*chains[here], join]
                queue.append(there)
    return chains
