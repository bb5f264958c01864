"""Import MISP galaxy cluster files: threat-actor, microsoft-activity-group, any actor galaxy.

Input is MISP's own format (`clusters/*.json` of github.com/MISP/misp-galaxy): pass the
files, or the `clusters` directory. `producer.json` says who gave each name
(`meta.name-attribution`); when it is not passed, the one next to an actor file is used.
Everything is checked before anything is planned; the plan's rows depend only on the files
and the repository's registry, so an import is idempotent and order-independent.
docs/identity.md says what becomes of a cluster (loader/sources/misp/planning.py: how).

Example:
    >>> imported = read_misp_galaxies([Path("clusters/threat-actor.json")])  # doctest: +SKIP
    >>> imported.dataset  # doctest: +SKIP
    'misp-threat-actor'
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from attrib.identity.datasets import misp_dataset
from loader.problems import Problem, ValidationFailed
from loader.sources.contract import REPAIRED, SKIPPED, Notice, Source, SourceRead
from loader.sources.misp import model as g
from loader.sources.misp.checks import GALAXY, check_galaxy, check_producers
from loader.sources.misp.planning import Planner
from loader.sources.misp.reading import cluster_files, looks_like_misp_galaxy, read_json
from loader.sources.misp.summary import summary_lines

__all__ = ["SOURCE", "looks_like_misp_galaxy", "read_misp_galaxies"]
PRODUCER_FILE = "producer.json"


class _Reader:
    """The galaxies and producer lists of one import, with every problem found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []  # all of them: a lenient load lists each
        self.actors: list[g.Galaxy] = []
        self.producers: dict[Path, dict[str, g.Producer]] = {}  # producer.json -> by uuid
        self.left_out: list[str] = []  # non-actor galaxies found in a directory
        self._siblings: dict[Path, dict[str, g.Producer] | None] = {}

    def read(self, file: Path, named: bool) -> None:
        data, problem = read_json(file)
        if problem:
            self.problems.append(problem)
            return
        galaxy = check_galaxy(file, data, self.problems)
        if galaxy is None:
            return
        if galaxy.type == g.PRODUCER_TYPE:
            found = check_producers(galaxy, data, self.problems)
            self.producers[file] = {p.uuid: p for p in found}
        elif g.is_actor_galaxy(galaxy.type):
            self._add(galaxy)
        elif named:
            self.problems.append(
                Problem(
                    str(file),
                    GALAXY,
                    "type",
                    f"the galaxy {galaxy.type!r} ({galaxy.name}) is not a galaxy of actors: only "
                    "threat-actor, microsoft-activity-group and other actor galaxies are imported",
                )
            )
        else:
            self.left_out.append(f"{file.name} ({galaxy.type})")

    def _add(self, galaxy: g.Galaxy) -> None:
        for other in self.actors:
            if other.type == galaxy.type:
                self.problems.append(
                    Problem(
                        str(galaxy.path),
                        GALAXY,
                        "type",
                        f"a second file of the galaxy {galaxy.type!r} (the first is {other.path}): "
                        "pass one version of each galaxy",
                    )
                )
                return
        owner = {c.uuid: (other, c) for other in self.actors for c in other.clusters}
        kept = []
        for cluster in galaxy.clusters:
            if cluster.uuid in owner:  # the first file's cluster stands (a lenient load)
                other, first = owner[cluster.uuid]
                self.problems.append(
                    Problem(
                        str(galaxy.path),
                        cluster.where,
                        "uuid",
                        f"uuid {cluster.uuid} is also the uuid of {first.where} in {other.path}",
                    )
                )
            else:
                kept.append(cluster)
        galaxy.clusters[:] = kept
        self.actors.append(galaxy)

    def producers_for(self, galaxy: g.Galaxy) -> tuple[Path | None, dict[str, g.Producer] | None]:
        """The producers passed (all of them), else the producer.json next to the file."""
        if self.producers:
            merged = {uuid: p for found in self.producers.values() for uuid, p in found.items()}
            return next(iter(self.producers)), merged
        sibling = galaxy.path.parent / PRODUCER_FILE
        if not sibling.is_file():
            return None, None
        if sibling not in self._siblings:  # read once, however many galaxies sit beside it
            self.read(sibling, named=True)
            self._siblings[sibling] = self.producers.pop(sibling, None)
        found = self._siblings[sibling]
        return (sibling, found) if found is not None else (None, None)

    def unknown_producers(self, galaxy: g.Galaxy, file: Path, known: dict[str, g.Producer]) -> None:
        """A name-attribution naming a producer producer.json lacks is a problem; a lenient
        load keeps the cluster without that attribution."""
        for i, cluster in enumerate(galaxy.clusters):
            unknown = [a for a in cluster.attributions if a[1] not in known]
            for _, puuid, fld in unknown:
                self.problems.append(
                    Problem(
                        str(galaxy.path),
                        cluster.where,
                        fld,
                        f"producer {puuid} is not in {file}: name-attribution names a producer "
                        "of producer.json",
                    )
                )
            if unknown:
                kept = tuple(a for a in cluster.attributions if a[1] in known)
                galaxy.clusters[i] = replace(cluster, attributions=kept)

    def notices(self) -> list[Notice]:
        """The problems as notices: a cluster left out is skipped, one kept without a value is
        repaired."""
        kept = {(str(gal.path), c.where) for gal in self.actors for c in gal.clusters}
        return [
            Notice(REPAIRED if (p.file, p.record) in kept else SKIPPED, p) for p in self.problems
        ]

    def fatal(self) -> list[Problem]:
        """Problems no lenient load can pass: a file or galaxy that cannot be read as one."""
        return [p for p in self.problems if not p.record.startswith("values[")]


def read_misp_galaxies(paths: list[Path], *, strict: bool = False) -> SourceRead:
    """Check every galaxy file of `paths` (files or directories), then plan its rows.

    Args:
        paths: cluster files (threat-actor.json, microsoft-activity-group.json, producer.json,
            ...) or directories holding them; a directory's non-actor galaxies are left out
            (and listed in the summary), a non-actor galaxy named explicitly is a problem.

        strict: refuse the input on any problem; otherwise a cluster with a problem is left
            out (or kept without the wrong value) and reported as a notice.

    Raises:
        ValidationFailed: one problem per wrong field, naming file, cluster and field, when a
            file or galaxy cannot be read as one (always) or on any problem with `strict`;
            nothing is planned.
    """
    inputs = cluster_files(paths)
    reader = _Reader()
    reader.problems += inputs.problems
    for file in inputs.named:
        reader.read(file, named=True)
    for file in inputs.found:
        reader.read(file, named=False)
    producers = {}
    for galaxy in reader.actors:
        producer_file, known = reader.producers_for(galaxy)
        producers[galaxy.uuid] = (producer_file, known)
        if producer_file is not None and known is not None:
            reader.unknown_producers(galaxy, producer_file, known)
    if not reader.actors and not reader.problems:
        reader.problems.append(
            Problem(
                ", ".join(map(str, paths)),
                "-",
                "-",
                "no MISP galaxy of actors found (threat-actor.json, microsoft-activity-group.json, "
                "...); producer.json holds only the name-givers",
            )
        )
    if reader.problems and (strict or reader.fatal()):
        raise ValidationFailed(reader.problems)
    notices = reader.notices()
    planner = Planner()
    summary: list[str] = []
    for galaxy in reader.actors:
        producer_file, known = producers[galaxy.uuid]
        summary += summary_lines(galaxy, planner.galaxy(galaxy, known), producer_file)
    if reader.left_out:
        summary.append(f"Not galaxies of actors, left out: {', '.join(reader.left_out)}")
    if inputs.left_out:
        names = ", ".join(str(p.name) for p in inputs.left_out)
        summary.append(f"Not MISP cluster files, left out: {names}")
    datasets = ",".join(misp_dataset(gal.type) for gal in reader.actors)
    if notices:
        summary.append(
            f"{len(notices)} problem(s) in cluster values: those clusters were left out or kept "
            "without the wrong value (each listed in the problems file)."
        )
    versions = ", ".join(f"{gal.type} {gal.version}" for gal in reader.actors if gal.version)
    return SourceRead(
        planner.finish(), datasets, summary, notices=notices, version=versions or None
    )


SOURCE = Source(
    name="misp-galaxy",
    description="MISP galaxy cluster files (threat-actor.json, microsoft-activity-group.json, ...)",
    suffixes=(".json",),
    looks_like=looks_like_misp_galaxy,
    read=lambda paths, context: read_misp_galaxies(paths, strict=context.strict),
    # a MISP galaxy folder (clusters/, galaxies/ ...): its reader leaves the other JSON files
    # out and lists them
    owns_directory=lambda _folder, files: any(looks_like_misp_galaxy(f) for f in files),
)
