#!/usr/bin/env bash
# `make test-compose`: runs `docker compose up` for real on local images and checks the stack.
#   1. a Docker engine: installs docker.io (docker-compose without the compose plugin) and
#      debootstrap when missing, starts dockerd when none answers (needs root for both);
#   2. images from Debian packages, PyPI and Maven Central only (docker/build-images.sh);
#   3. docker-compose.yml + docker/compose.ci.yml (the local images), project attrib-ci, on
#      free ports of 127.0.0.1, then the checks: the loader exits 0, the UI answers its health
#      check and serves the seed, typed Cypher cannot write, the runaway guard is the server's,
#      only 127.0.0.1 is published; `down` then `up`: the data are still there.
# Prints the time it took. The project's containers and volume are removed at the end; the
# images and dockerd stay (the next run reuses them).
set -euo pipefail
cd "$(dirname "$0")/.."
source docker/lib.sh
started=$(date +%s)
stage=.data/compose
mkdir -p "$stage"

# --- 1. the engine ----------------------------------------------------------------------------
need=()
[ -x /usr/sbin/dockerd ] || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v curl >/dev/null 2>&1 || need+=(curl)   # the UI's health check
command -v ss >/dev/null 2>&1 || need+=(iproute2) # what listens on the host
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  need+=(docker-compose)
fi
if [ "${#need[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "needs ${need[*]} (apt-get install -y ${need[*]}, as root)"
  step "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; fi  # a fresh install: Debian's client
if ! $DOCKER info >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "no Docker engine answers, and only root can start dockerd here"
  step "starting dockerd (log: $stage/dockerd.log)"
  setsid /usr/sbin/dockerd >"$stage/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 60); do $DOCKER info >/dev/null 2>&1 && break; sleep 1; done
  $DOCKER info >/dev/null 2>&1 || { tail -20 "$stage/dockerd.log" >&2; fail "dockerd did not start"; }
fi
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
step "engine: Docker $($DOCKER version -f '{{.Server.Version}}'), $("${COMPOSE[@]}" version --short 2>/dev/null || "${COMPOSE[@]}" version | head -1)"

# --- 2. the images ----------------------------------------------------------------------------
docker/build-images.sh
built=$(date +%s)

# --- 3. the stack -----------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ATTRIB_BOLT_PORT=$(free_port)
ATTRIB_UI_PORT=$(free_port)
NEO4J_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
export ATTRIB_BOLT_PORT ATTRIB_UI_PORT NEO4J_PASSWORD
compose() { "${COMPOSE[@]}" -p attrib-ci -f docker-compose.yml -f docker/compose.ci.yml "$@"; }

finish() {
  status=$?
  if [ "$status" != 0 ]; then
    echo "--- the stack's last log lines (the test failed) ---" >&2
    compose ps >&2 || true
    compose logs --tail=40 >&2 || true
  fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  echo "test-compose: $([ "$status" = 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - started )) s" \
       "(images $(( built - started )) s)"
}
trap finish EXIT
compose down -v --remove-orphans >/dev/null 2>&1 || true  # a stack a failed run left behind

container() { compose ps -q "$1"; }

up() {  # $1: the log's name; when up fails, says first whether the loader is why
  local loader
  compose up -d --no-build >"$stage/$1.log" 2>&1 && return 0
  cat "$stage/$1.log" >&2
  loader=$(container loader)
  if [ -n "$loader" ] && [ "$($DOCKER inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$loader")" != "exited 0" ]; then
    fail "the loader service did not exit 0 ($($DOCKER inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$loader")), so docker compose up failed"
  fi
  fail "docker compose up failed"
}

check_stack() {  # $1: first or again
  local loader ui neo4j code health page neo4j_log
  loader=$(container loader)
  [ -n "$loader" ] || fail "there is no loader container"
  for _ in $(seq 300); do
    [ "$($DOCKER inspect -f '{{.State.Status}}' "$loader")" = exited ] && break; sleep 1
  done
  code=$($DOCKER inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$loader")
  [ "$code" = "exited 0" ] || fail "the loader service did not exit 0 ($code)"
  step "ok: the loader service exited 0"

  health=""
  for _ in $(seq 120); do
    health=$(curl -s --max-time 5 "http://127.0.0.1:$ATTRIB_UI_PORT/_stcore/health" || true)
    [ "$health" = ok ] && break; sleep 1
  done
  [ "$health" = ok ] || fail "the UI's /_stcore/health on 127.0.0.1:$ATTRIB_UI_PORT answered '$health', not 'ok'"
  # whole outputs first, then grep: `cmd | grep -q` can fail under pipefail (SIGPIPE)
  page=$(curl -s --max-time 10 "http://127.0.0.1:$ATTRIB_UI_PORT/" || true)
  grep -q '<div id="root">' <<<"$page" \
    || fail "the UI's page on 127.0.0.1:$ATTRIB_UI_PORT is not Streamlit's"
  step "ok: the UI answers /_stcore/health and serves its page on 127.0.0.1:$ATTRIB_UI_PORT"

  neo4j=$(container neo4j)
  neo4j_log=$($DOCKER logs "$neo4j" 2>&1)
  grep -q "attrib watchdog: watching transactions" <<<"$neo4j_log" \
    || fail "Neo4j's log has no 'attrib watchdog: watching transactions': the guard plugin's watchdog did not start"
  step "ok: the guard plugin's watchdog runs in Neo4j"

  ui=$(container ui)
  if ! $DOCKER exec -i "$ui" python - "$1" "$TOKEN" <docker/check_in_app.py | sed 's/^/    /'; then
    fail "the checks inside the ui container failed (above)"
  fi

  check_ports
}

check_ports() {  # only 127.0.0.1 published, and only Bolt and the UI
  local published
  published=$($DOCKER ps --filter label=com.docker.compose.project=attrib-ci \
    --format '{{.Ports}}' | tr ',' '\n' | grep -- '->' | sed 's/^ *//' | sort)
  expected=$(printf '127.0.0.1:%s->7687/tcp\n127.0.0.1:%s->8501/tcp\n' "$ATTRIB_BOLT_PORT" "$ATTRIB_UI_PORT" | sort)
  [ "$published" = "$expected" ] || fail "published ports are not exactly Bolt and the UI on 127.0.0.1: $(echo $published)"
  listening=$(ss -ltnH "( sport = :$ATTRIB_BOLT_PORT or sport = :$ATTRIB_UI_PORT )" | awk '{print $4}' | sort -u)
  [ -n "$listening" ] || fail "ss shows nothing listening on ports $ATTRIB_BOLT_PORT and $ATTRIB_UI_PORT"
  beyond=$(echo "$listening" | grep -v -E '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' || true)
  [ -z "$beyond" ] || fail "listening beyond 127.0.0.1: $(echo $beyond)"
  step "ok: published only on 127.0.0.1 ($(echo $published)); ss: $(echo $listening)"
}

TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
step "docker compose up (project attrib-ci; Bolt on 127.0.0.1:$ATTRIB_BOLT_PORT, UI on 127.0.0.1:$ATTRIB_UI_PORT)"
up up-1
check_stack first

step "docker compose down, then up: the data must survive"
# /logs is an anonymous volume (VOLUME in the image, as the official one): `down` keeps it and
# the next `up` makes another, so it is removed here (the named volume neo4j-data is kept)
logs_volume=$($DOCKER inspect -f '{{range .Mounts}}{{if eq .Destination "/logs"}}{{.Name}}{{end}}{{end}}' "$(container neo4j)")
compose down >"$stage/down.log" 2>&1 || { cat "$stage/down.log" >&2; fail "docker compose down failed"; }
if [ -n "$logs_volume" ]; then $DOCKER volume rm "$logs_volume" >/dev/null; fi
[ -z "$(compose ps -q)" ] || fail "containers are left after docker compose down"
up up-2
check_stack again
