# Shared by docker/*.sh (sourced): image names, the docker client, messages.
DEBIAN_IMAGE=attrib-ci/debian:bookworm
PYTHON_IMAGE=attrib-ci/python:3.11
APP_IMAGE=attrib-ci/app:latest
NEO4J_IMAGE=attrib-ci/neo4j:5.26-community
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Debian's docker.io client builds with BuildKit itself (build secrets); a newer client found
# first on PATH may need the buildx plugin for that, so Debian's is preferred when present.
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
export DOCKER_BUILDKIT=1

step() { printf '[compose %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
build() { $DOCKER build --quiet "$@" >/dev/null || fail "docker build $* failed"; step "built ${2}"; }
