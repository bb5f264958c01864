"""The identity resolution rules (attrib.identity.resolve), on hand-made evidence: no database."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.identity import datasets as ds
from attrib.identity.evidence import Evidence, Naming, Record, RecordClaim
from attrib.identity.policy import Policy, PolicyError, load_policy
from attrib.identity.resolve import Resolution, explain, resolve
from attrib.identity.views import report, show

SEED, ATTACK, MISP, MAG = ds.SEED, ds.ATTACK, ds.MISP_THREAT_ACTOR, ds.MISP_MICROSOFT


def _records() -> list[Record]:
    return [
        Record("hafnium", SEED, "HAFNIUM", ("SILK TYPHOON",)),  # a spelling of its own
        Record("attack:G0125", ATTACK, "HAFNIUM", ("Silk Typhoon",), ("G0125",)),
        Record("misp:ta-hafnium", MISP, "HAFNIUM", ("Silk Typhoon", "G0125")),
        Record("misp:mag-hafnium", MAG, "HAFNIUM"),
        Record("misp:mag-silk", MAG, "Silk Typhoon", ("HAFNIUM", "MURKY PANDA")),
        Record("attack:G0007", ATTACK, "APT28", ("Grizzly Steppe", "Fancy Bear"), ("G0007",)),
        Record("attack:G0016", ATTACK, "APT29", ("Grizzly Steppe", "Cozy Bear"), ("G0016",)),
        Record("misp:apt28", MISP, "APT28", ("Fancy Bear", "Grizzly Steppe", "G0007")),
        Record("misp:apt29", MISP, "APT29", ("Cozy Bear", "Grizzly Steppe")),
        Record("misp:equation", MISP, "Equation Group", ("G0020",)),
        Record("attack:G0020", ATTACK, "Equation", (), ("G0020",)),
    ]


RENAME = RecordClaim(
    "mag-rename",
    ds.SAME_AS,
    "misp:mag-silk",
    "misp:mag-hafnium",
    "microsoft",
    "Microsoft",
    MAG,
    100,
)


def _evidence(records: list[Record] | None = None, claims: list[RecordClaim] | None = None):
    recs = records if records is not None else _records()
    return Evidence({r.id: r for r in recs}, [], list(claims if claims is not None else [RENAME]))


def _shown(res: Resolution) -> list[tuple[object, ...]]:
    """What a reader sees of each actor: id, name, members, names, and every join's evidence
    text (not only which records it joins)."""
    return [
        (a.id, a.name, a.anchor, a.members, a.names,
         [(j.order(), j.detail) for j in a.joins], [(j.order(), j.detail) for j in a.supporting])
        for a in res.actors
    ]  # fmt: skip


def _groups(res: Resolution) -> list[list[str]]:
    return sorted(sorted(a.members) for a in res.actors)


def _actor_with(res: Resolution, record: str) -> list[str]:
    return next(sorted(a.members) for a in res.actors if record in a.members)


def test_records_sharing_names_across_datasets_form_one_actor() -> None:
    res = resolve(_evidence())
    assert _actor_with(res, "hafnium") == [
        "attack:G0125", "hafnium", "misp:mag-hafnium", "misp:mag-silk", "misp:ta-hafnium",
    ]  # fmt: skip
    assert res.actor_of["hafnium"] == "actor:hafnium"  # the seed's record names the actor
    assert _actor_with(res, "attack:G0020") == ["attack:G0020", "misp:equation"]  # by exact id


def test_records_one_dataset_keeps_apart_are_never_joined() -> None:
    res = resolve(_evidence())
    assert _actor_with(res, "attack:G0007") == ["attack:G0007", "misp:apt28"]
    assert _actor_with(res, "attack:G0016") == ["attack:G0016", "misp:apt29"]
    ambiguous = {(a.name, a.dataset) for a in res.ambiguous}
    assert ambiguous == {("Grizzly Steppe", ATTACK), ("Grizzly Steppe", MISP)}


def test_an_ambiguous_name_joins_nothing() -> None:
    """ATT&CK gives "Grizzly Steppe" to two of its groups: the name is reported as ambiguous
    and is no evidence at all, under every policy. MISP's record of that name alone joins
    neither group; MISP's APT28 joins ATT&CK's by "APT28" only, never also by Grizzly Steppe;
    and no join on the name is even tried (and refused)."""
    records = [
        Record("attack:G0007", ATTACK, "APT28", ("Grizzly Steppe",)),
        Record("attack:G0016", ATTACK, "APT29", ("Grizzly Steppe",)),
        Record("misp:grizzly", MISP, "Grizzly Steppe"),
        Record("misp:apt28", MAG, "APT28", ("Grizzly Steppe",)),
    ]
    for shared_names in ("any", "primary"):
        policy = Policy(shared_names=shared_names)  # type: ignore[arg-type]
        res = resolve(_evidence(records=records, claims=[]), policy)
        assert _groups(res) == [["attack:G0007", "misp:apt28"], ["attack:G0016"], ["misp:grizzly"]]
        evidence = [j.detail for a in res.actors for j in (*a.joins, *a.supporting)]
        assert evidence == ["shared name 'APT28'"]
        assert res.refused == []
        assert [(a.name, a.dataset, a.records) for a in res.ambiguous] == [
            ("Grizzly Steppe", ATTACK, ("attack:G0007", "attack:G0016"))
        ]


def test_a_dataset_joins_its_own_records_only_when_it_says_so() -> None:
    without = resolve(_evidence(claims=[]))
    # both Microsoft records carry HAFNIUM: ambiguous in that dataset, and they stay apart
    assert ("HAFNIUM", MAG) in {(a.name, a.dataset) for a in without.ambiguous}
    assert without.actor_of["misp:mag-hafnium"] != without.actor_of["misp:mag-silk"]
    with_rename = resolve(_evidence())
    assert with_rename.actor_of["misp:mag-hafnium"] == with_rename.actor_of["misp:mag-silk"]


def test_another_claimant_cannot_join_two_records_of_one_dataset() -> None:
    analyst = RecordClaim(
        "analyst-28-29", ds.SAME_AS, "attack:G0007", "attack:G0016", "me", "Me", SEED, 90
    )
    res = resolve(_evidence(claims=[RENAME, analyst]))
    assert res.actor_of["attack:G0007"] != res.actor_of["attack:G0016"]
    refused = [r for r in res.refused if r.join.claim == "analyst-28-29"]
    assert refused and "mitre-attack" in refused[0].reason


def test_an_explicit_claim_joins_records_with_no_shared_name() -> None:
    claim = RecordClaim(
        "c1", ds.SAME_AS, "misp:equation", "attack:G0007", "x", "X", MISP, 70
    )  # nonsense, but said: it joins unless a rule refuses it
    res = resolve(
        _evidence(records=[*_records()[:5], _records()[5], _records()[9]], claims=[claim])
    )
    assert res.actor_of["misp:equation"] == res.actor_of["attack:G0007"]


def test_distinct_claim_refuses_the_join_and_is_reported() -> None:
    distinct = RecordClaim(
        "d1", ds.DISTINCT, "misp:equation", "attack:G0020", "kaspersky", "Kaspersky", SEED, 80
    )
    res = resolve(_evidence(claims=[RENAME, distinct]))
    assert res.actor_of["misp:equation"] != res.actor_of["attack:G0020"]
    assert any("distinct" in r.reason for r in res.refused)


def test_stronger_evidence_wins_a_conflict() -> None:
    # a dataset-C record carries APT28's name and is claimed the same as APT29 with a claim:
    # the explicit claim is applied first, so the shared name is the join that gets refused
    records = [*_records(), Record("other:x", "other", "APT28")]
    claim = RecordClaim("c2", ds.SAME_AS, "other:x", "attack:G0016", "y", "Y", "other", 60)
    res = resolve(_evidence(records=records, claims=[RENAME, claim]))
    assert res.actor_of["other:x"] == res.actor_of["attack:G0016"]
    assert res.actor_of["other:x"] != res.actor_of["attack:G0007"]
    assert any(r.join.kind == "name" and r.join.name == "APT28" for r in res.refused)


@pytest.mark.parametrize("seed", range(12))
def test_the_result_does_not_depend_on_the_order_of_the_evidence(seed: int) -> None:
    records = _records()
    claims = [
        RENAME,
        RecordClaim("d1", ds.DISTINCT, "misp:equation", "attack:G0020", "k", "K", SEED, 80),
    ]
    random.Random(seed).shuffle(records)
    random.Random(seed).shuffle(claims)
    got = resolve(_evidence(records=records, claims=claims))
    expected = resolve(_evidence(claims=sorted(claims, key=lambda c: c.id)))
    assert _shown(got) == _shown(expected)
    assert sorted(r.join.order() for r in got.refused) == sorted(
        r.join.order() for r in expected.refused
    )


def test_policy_changes_what_joins() -> None:
    ev = _evidence()
    none = resolve(ev, Policy(shared_names="none"))
    assert none.actor_of["hafnium"] != none.actor_of["attack:G0125"]
    assert none.actor_of["misp:mag-silk"] == none.actor_of["misp:mag-hafnium"]  # the claim
    strict = resolve(ev, Policy(shared_names="none", min_confidence=100))
    assert strict.actor_of["misp:mag-silk"] == strict.actor_of["misp:mag-hafnium"]  # 100 >= 100
    others = resolve(ev, Policy(shared_names="none", claimants=("mitre",)))
    assert others.actor_of["misp:mag-silk"] != others.actor_of["misp:mag-hafnium"]
    assert [c.id for c in others.unaccepted] == ["mag-rename"]


def test_primary_policy_ignores_names_that_are_only_aliases_on_both_sides() -> None:
    records = [
        Record("a:1", "a", "Alpha", ("Nickname",)),
        Record("b:1", "b", "Beta", ("Nickname",)),
    ]
    assert len(resolve(_evidence(records, []), Policy(shared_names="any")).actors) == 1
    assert len(resolve(_evidence(records, []), Policy(shared_names="primary")).actors) == 2


def test_every_member_is_explained_by_a_chain_back_to_the_anchor() -> None:
    res = resolve(_evidence())
    actor = next(a for a in res.actors if "hafnium" in a.members)
    chains = explain(actor)
    assert set(chains) == set(actor.members)
    assert chains["hafnium"] == []
    for member, chain in chains.items():
        here = actor.anchor
        for join in chain:  # each step starts where the previous one ended
            assert here in (join.left, join.right)
            here = join.right if join.left == here else join.left
        assert here == member


def test_show_finds_an_actor_by_any_name_and_says_who_gave_it() -> None:
    ev = _evidence()
    ev.namings.append(
        Naming("n1", "misp:ta-hafnium", "Silk Typhoon", "microsoft", "Microsoft", MISP)
    )
    res = resolve(ev)
    for text in ("silk typhoon", "G0125", "MURKY-PANDA", "actor:hafnium"):
        found = show(ev, res, text)
        assert [d["id"] for d in found] == ["actor:hafnium"], text
    doc = show(ev, res, "Silk Typhoon")[0]
    # one spelling per folded name, the same in every load order: the smallest
    silk = next(n for n in doc["names"] if n["name"] == "SILK TYPHOON")
    assert silk["given_by"] == "Microsoft"
    assert {m["source"] for m in doc["members"]} == {SEED, ATTACK, MISP, MAG}
    assert all({"source", "source_id", "name"} <= set(m) for m in doc["members"])
    assert show(ev, res, "no such group") == []
    grizzly = show(ev, res, "Grizzly Steppe")
    assert len(grizzly) == 2  # a name two actors carry leads to both


def test_report_lists_shared_ambiguous_and_refused() -> None:
    analyst = RecordClaim("a1", ds.SAME_AS, "attack:G0007", "attack:G0016", "me", "Me", SEED)
    dangling = RecordClaim("a2", ds.SAME_AS, "misp:apt28", "misp:not-loaded", "m", "M", MISP)
    ev = _evidence(claims=[RENAME, analyst, dangling])
    doc = report(ev, resolve(ev))
    assert {n["name"] for n in doc["ambiguous_names"]} == {"Grizzly Steppe"}
    shared = {n["name"]: n for n in doc["shared_names"]}
    assert "Grizzly Steppe" in shared and shared["Grizzly Steppe"]["split"] is True
    assert shared["HAFNIUM"]["split"] is False
    assert [r["claim"] for r in doc["refused_joins"] if "claim" in r] == ["a1"]
    assert [c["id"] for c in doc["about_records_not_loaded"]] == ["a2"]


def test_policy_file_errors_name_the_file_and_setting(tmp_path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("shared_names: sometimes\n")
    with pytest.raises(PolicyError, match=r"p\.yaml: shared_names must be one of"):
        load_policy(bad)
    bad.write_text("min_confidnce: 3\n")
    with pytest.raises(PolicyError, match="unknown setting 'min_confidnce'"):
        load_policy(bad)
    good = tmp_path / "g.yaml"
    good.write_text("shared_names: primary\nmin_confidence: 60\nclaimants: [mitre]\n")
    assert load_policy(good) == Policy("primary", 60, ("mitre",))
    with pytest.raises(PolicyError, match="no such policy file"):
        load_policy(tmp_path / "missing.yaml")


def test_every_permutation_of_three_datasets_gives_the_same_actors() -> None:
    records = _records()
    by_dataset = {d: [r for r in records if r.dataset == d] for d in (SEED, ATTACK, MISP, MAG)}
    results = set()
    for order in itertools.permutations(by_dataset):
        recs = [r for d in order for r in by_dataset[d]]
        res = resolve(_evidence(records=recs))
        results.add(repr(_shown(res)))
    assert len(results) == 1


def test_a_name_spelled_two_ways_is_shown_the_same_in_every_load_order() -> None:
    """Records "Silk Typhoon" and "SILK TYPHOON": the actor's name, its names and the join's
    evidence text are the same whichever record is read first."""
    records = [
        Record("attack:G0125", ATTACK, "Silk Typhoon", ("HAFNIUM",)),
        Record("misp:mag-silk", MAG, "SILK TYPHOON"),
    ]
    shown = {repr(_shown(resolve(_evidence(records=order, claims=[])))) for order in
             itertools.permutations(records)}  # fmt: skip
    assert len(shown) == 1
    (actor,) = resolve(_evidence(records=records, claims=[])).actors
    assert [j.detail for j in actor.joins] == ["shared name 'SILK TYPHOON'"]


def test_equally_strong_conflicting_claims_are_settled_by_a_fixed_tie_break() -> None:
    records = [*_records(), Record("other:x", "other", "Unnamed cluster")]
    to_28 = RecordClaim("c-a", ds.SAME_AS, "other:x", "attack:G0007", "y", "Y", "other", 60)
    to_29 = RecordClaim("c-b", ds.SAME_AS, "other:x", "attack:G0016", "z", "Z", "other", 60)
    for claims in ([to_28, to_29], [to_29, to_28]):
        res = resolve(_evidence(records=records, claims=claims))
        assert res.actor_of["other:x"] == res.actor_of["attack:G0007"]  # c-a sorts first
        assert [r.join.claim for r in res.refused] == ["c-b"]


def test_a_broken_policy_file_stops_a_load_before_any_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("shared_names: maybe\n")
    monkeypatch.setenv("ATTRIB_IDENTITY_POLICY", str(bad))
    result = CliRunner().invoke(app, ["load", "--dry-run"])
    assert result.exit_code == 2
    assert "shared_names must be one of" in result.stderr
    assert "nothing was written" in result.stderr
