#!/bin/bash
# The stand-in's entrypoint: what docker-compose.yml relies on from the official image's, written
# afresh (not copied) after its documented rules:
#   - NEO4J_AUTH=neo4j/PASSWORD sets the initial password (neo4j-admin dbms set-initial-password;
#     it takes effect when the system database is first created); NEO4J_AUTH=none turns auth off;
#   - every other NEO4J_x_y variable becomes the setting x.y, a double underscore a single
#     underscore (NEO4J_db_memory_transaction_max -> db.memory.transaction.max,
#     NEO4J_internal_cypher_parser_antlr__enabled -> internal.cypher.parser.antlr_enabled);
#   - /data holds the databases, /plugins (when present) the plugin jars, /logs the logs;
#   - Neo4j listens on 0.0.0.0 inside the container and runs as the user neo4j.
# Not implemented (docker-compose.yml uses none of them): NEO4J_PLUGINS, NEO4J_AUTH_PATH, /conf,
# /ssl, /import, /licenses, EXTENDED_CONF, a reset flag in NEO4J_AUTH, other users than neo4j.
set -euo pipefail

conf="$NEO4J_HOME/conf/neo4j.conf"
cp /startup/neo4j.conf "$conf"   # a fresh copy each start: the settings below are the only ones

set_setting() {  # replace any earlier line for the setting (server.jvm.additional is appended)
  if [ "$1" != "server.jvm.additional" ]; then
    grep -v -F -e "$1=" "$conf" >"$conf.new" || true
    mv "$conf.new" "$conf"
  fi
  printf '%s=%s\n' "$1" "$2" >>"$conf"
}

set_setting server.default_listen_address 0.0.0.0
set_setting server.memory.pagecache.size 512M   # the official image's default (env overrides)
set_setting server.directories.data /data
set_setting server.directories.logs /logs
if [ -d /plugins ]; then set_setting server.directories.plugins /plugins; fi

not_settings=" NEO4J_AUTH NEO4J_AUTH_PATH NEO4J_HOME NEO4J_PLUGINS NEO4J_DEBUG NEO4J_EDITION NEO4J_ACCEPT_LICENSE_AGREEMENT "
while IFS= read -r name; do
  case "$not_settings" in *" $name "*) continue ;; esac
  value="${!name}"
  [ -n "$value" ] || continue
  setting="${name#NEO4J_}"
  setting="${setting//_/.}"      # x_y -> x.y ...
  setting="${setting//../_}"     # ... and x__y -> x..y -> x_y
  set_setting "$setting" "$value"
done < <(compgen -e | grep '^NEO4J_' | sort)

if [ "$(id -u)" = 0 ]; then
  chown -R neo4j:neo4j /data /logs "$NEO4J_HOME/conf" "$NEO4J_HOME/run"
  as_neo4j=(setpriv --reuid=neo4j --regid=neo4j --init-groups)
else
  as_neo4j=()
fi

if [ "${1:-}" != "neo4j" ]; then
  exec "${as_neo4j[@]}" "$@"
fi

auth="${NEO4J_AUTH:-}"
if [ "$auth" = "none" ]; then
  set_setting dbms.security.auth_enabled false
elif [[ "$auth" =~ ^([^/]+)/(.+)$ ]]; then
  user="${BASH_REMATCH[1]}" password="${BASH_REMATCH[2]}"
  if [ "$user" != "neo4j" ]; then echo >&2 "NEO4J_AUTH: the user must be neo4j"; exit 1; fi
  if [ "$password" = "neo4j" ]; then echo >&2 "NEO4J_AUTH: the password cannot be 'neo4j'"; exit 1; fi
  "${as_neo4j[@]}" neo4j-admin dbms set-initial-password "$password" >/dev/null
elif [ -n "$auth" ]; then
  echo >&2 "NEO4J_AUTH must be neo4j/PASSWORD or none"
  exit 1
fi

# As the official image: ask the bootloader for the server's java command line (heap from
# server.memory.heap.*, server.jvm.additional, classpath /plugins/*:conf/*:lib/*), then run it
# in place of this shell, so the server gets the container's signals.
command_line="$("${as_neo4j[@]}" neo4j console --dry-run)"
eval exec "${as_neo4j[@]}" "$command_line"
