"""Which evidence wins a conflict (attrib.identity.resolve, docs/identity.md "Order of
strength"), on hand-made evidence shaped like the real Lazarus Group case: MISP's umbrella
cluster "Lazarus Group" lists both ATT&CK ids and four Microsoft names, and links to two
Microsoft records as `similar` (likely). No database."""

from __future__ import annotations

import random

from attrib.identity import datasets as ds
from attrib.identity.evidence import Evidence, Naming, Record, RecordClaim
from attrib.identity.resolve import Resolution, resolve

ATTACK, MISP, MAG = ds.ATTACK, ds.MISP_THREAT_ACTOR, ds.MISP_MICROSOFT


def _records(with_attack: bool = True) -> list[Record]:
    misp = [
        Record(
            "misp:lazarus", MISP, "Lazarus Group",
            ("Citrine Sleet", "Diamond Sleet", "Sapphire Sleet", "ZINC", "G0032", "G0082"),
            ("G0032", "G0082"),
        ),
        Record("misp:diamond", MAG, "Diamond Sleet", ("ZINC", "Lazarus")),
        Record("misp:sapphire", MAG, "Sapphire Sleet", ("COPERNICIUM",)),
        Record("misp:citrine", MAG, "Citrine Sleet", ("UNC4736",)),
    ]  # fmt: skip
    attack = [
        Record("attack:G0032", ATTACK, "Lazarus Group", ("Diamond Sleet", "ZINC"), ("G0032",)),
        Record("attack:G0082", ATTACK, "APT38", ("Sapphire Sleet", "COPERNICIUM"), ("G0082",)),
        Record("attack:G1014", ATTACK, "AppleJeus", ("Citrine Sleet", "UNC4736"), ("G1014",)),
    ]
    return misp + attack if with_attack else misp


def _similar(cid: str, subject: str, obj: str) -> RecordClaim:
    return RecordClaim(
        cid, ds.SAME_AS, subject, obj, "misp-project", "MISP Project", MISP, 70, "likely",
        relation="similar",
    )  # fmt: skip


# the claim ids sort the Sapphire Sleet link first, as MISP's uuids do in the real galaxy
SIMILAR = [
    _similar("misp:lazarus:similar:a-sapphire", "misp:lazarus", "misp:sapphire"),
    _similar("misp:lazarus:similar:b-diamond", "misp:lazarus", "misp:diamond"),
]
NAMINGS = [
    Naming(f"n-{name}", "misp:lazarus", name, "microsoft", "Microsoft", MISP)
    for name in ("Diamond Sleet", "Sapphire Sleet", "Citrine Sleet")
]


def _resolve(records: list[Record], claims: list[RecordClaim], namings: list[Naming]):
    return resolve(Evidence({r.id: r for r in records}, list(namings), list(claims)))


def _together(res: Resolution, *records: str) -> bool:
    return len({res.actor_of[r] for r in records}) == 1


def test_a_name_its_giver_backs_outranks_a_similar_link() -> None:
    # Microsoft calls MISP's Lazarus Group "Diamond Sleet": that joins Microsoft's Diamond
    # Sleet record before MISP's "likely similar" link to Sapphire Sleet is considered
    res = _resolve(_records(with_attack=False), SIMILAR, NAMINGS[:1])
    assert _together(res, "misp:lazarus", "misp:diamond")
    assert not _together(res, "misp:lazarus", "misp:sapphire")
    refused = [r for r in res.refused if r.join.claim == SIMILAR[0].id]
    assert refused and "'similar' link by MISP Project" in refused[0].join.detail


def test_a_name_another_dataset_gives_elsewhere_does_not_join() -> None:
    # Microsoft gives three names to MISP's umbrella record, equally strong; ATT&CK lists
    # Citrine Sleet on AppleJeus and Sapphire Sleet on APT38, not on G0032 (which MISP's
    # record shares its primary name with): only Diamond Sleet joins Lazarus Group, though
    # "Citrine Sleet" sorts first
    res = _resolve(_records(), SIMILAR, NAMINGS)
    assert _together(res, "misp:lazarus", "attack:G0032", "misp:diamond")
    assert _together(res, "attack:G0082", "misp:sapphire")
    assert _together(res, "attack:G1014", "misp:citrine")
    assert not _together(res, "attack:G0032", "attack:G0082")
    why = [r.reason for r in res.refused if r.join.name == "Citrine Sleet"]
    assert any("mitre-attack gives the name 'Citrine Sleet' to attack:G1014" in w for w in why)


def test_a_similar_link_still_joins_when_nothing_stronger_disagrees() -> None:
    records = [Record("misp:apt29", MISP, "APT29"), Record("misp:nobelium", MAG, "NOBELIUM")]
    link = _similar("l1", "misp:apt29", "misp:nobelium")
    assert _together(_resolve(records, [link], []), "misp:apt29", "misp:nobelium")


def test_the_winner_does_not_depend_on_the_order_of_the_evidence() -> None:
    expected = _resolve(_records(), SIMILAR, NAMINGS)
    for seed in range(8):
        records, claims, namings = _records(), list(SIMILAR), list(NAMINGS)
        for items in (records, claims, namings):
            random.Random(seed).shuffle(items)  # type: ignore[arg-type]
        got = _resolve(records, claims, namings)
        assert got.actor_of == expected.actor_of
        assert sorted(r.join.order() for r in got.refused) == sorted(
            r.join.order() for r in expected.refused
        )
