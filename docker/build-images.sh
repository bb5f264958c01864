#!/usr/bin/env bash
# Builds the three local images `make test-compose` runs, from Debian packages, PyPI and Maven
# Central only (no image registry):
#   attrib-ci/debian:bookworm          debootstrap --variant=minbase (skipped when it exists)
#   attrib-ci/python:3.11              docker/python/Dockerfile: stands in for python:3.11-slim
#   attrib-ci/app:latest               ./Dockerfile with BASE_IMAGE=attrib-ci/python:3.11
#   attrib-ci/neo4j:5.26-community     docker/neo4j/Dockerfile: stands in for neo4j:5.26-community
# Needs a running Docker engine and launcher/target/classpath.txt (`make install`).
set -euo pipefail
cd "$(dirname "$0")/.."
source docker/lib.sh

stage=.data/compose
mkdir -p "$stage"

# --- the Debian base: debootstrap is the slow step (minutes), so the image is kept ---------------
if ! $DOCKER image inspect "$DEBIAN_IMAGE" >/dev/null 2>&1; then
  rootfs="$stage/rootfs-bookworm"
  rm -rf "$rootfs"
  step "debootstrap --variant=minbase bookworm (a few minutes, once per machine)"
  debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" >"$stage/debootstrap.log" 2>&1 \
    || { tail -20 "$stage/debootstrap.log" >&2; fail "debootstrap failed (log: $stage/debootstrap.log)"; }
  tar -C "$rootfs" -c . | $DOCKER import - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$rootfs"
fi
step "base image $DEBIAN_IMAGE: $($DOCKER image inspect -f '{{.Id}}' "$DEBIAN_IMAGE" | cut -c1-19)"

# --- the Python base and the app (pip reaches PyPI with the machine's CA bundle, a build secret) ---
build -t "$PYTHON_IMAGE" --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" docker/python
secret=()
if [ -n "${SSL_CERT_FILE:-}" ] && [ -s "$SSL_CERT_FILE" ]; then
  secret=(--secret "id=pip_cert,src=$SSL_CERT_FILE")
fi
build -t "$APP_IMAGE" --build-arg BASE_IMAGE="$PYTHON_IMAGE" "${secret[@]}" .

# --- the Neo4j stand-in: the launcher's Neo4j jars, cypher-shell of the same version -------------
[ -s launcher/target/classpath.txt ] || fail "launcher/target/classpath.txt is missing: run make install"
version=$(tr ':' '\n' <launcher/target/classpath.txt | sed -n 's|.*/org/neo4j/neo4j/\([^/]*\)/neo4j-[^/]*\.jar$|\1|p')
[ -n "$version" ] || fail "no org.neo4j:neo4j jar in launcher/target/classpath.txt"
context="$stage/neo4j-context"
rm -rf "$context"
mkdir -p "$context/lib" "$context/cypher-shell"
tr ':' '\n' <launcher/target/classpath.txt | xargs -I{} cp {} "$context/lib/"
mvn -q -B -Dstyle.color=never -f docker/neo4j/cypher-shell.pom.xml dependency:copy-dependencies \
  -Dneo4j.version="$version" -DoutputDirectory="$PWD/$context/cypher-shell"
cp -r docker/neo4j/bin docker/neo4j/neo4j.conf docker/neo4j/docker-entrypoint.sh "$context/"
build -t "$NEO4J_IMAGE" --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" -f docker/neo4j/Dockerfile "$context"
step "images built (Neo4j $version)"
