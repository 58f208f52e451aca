#!/usr/bin/env bash
# Project-local RabbitMQ with the Web-STOMP plugin, loopback only (used by `npm test` and optionally by the demo).
#   scripts/broker.sh start    installs Debian rabbitmq-server if missing (as root), starts it, waits for the ws port
#   scripts/broker.sh stop     stops the broker this script started (by PID file) and its epmd
#   scripts/broker.sh status
#   scripts/broker.sh users    (re)applies the users and permissions below to the running broker (start does it too)
#
# Users (loopback-only test broker; passwords overridable through the environment):
#   well-cti    / $BROKER_PUBLISHER_PASS (default well-cti)  the CTI server (the simulator): may publish on amq.topic
#   agent-<job> / $BROKER_AGENT_PASS (default agent)         one per agent 5001-5010: may only subscribe, and only to
#                                                            its own topic event.agent.*.<job>@<domain>
#   guest (STOMP CONNECT without login, as wellClient does)  may only subscribe; publishing on amq.topic is refused
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${BROKER_STATE_DIR:-$ROOT/.broker}"
WS_PORT="${STOMP_WS_PORT:-15674}"
AMQP_PORT="${AMQP_PORT:-5672}"
DIST_PORT="${BROKER_DIST_PORT:-25672}"
NODE="${BROKER_NODENAME:-wellsoftphone@localhost}"
PIDFILE="$STATE/broker.pid"

export HOME="$STATE"                       # .erlang.cookie lives here (for rabbitmqctl too)
export RABBITMQ_NODENAME="$NODE"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$AMQP_PORT"
export RABBITMQ_DIST_PORT="$DIST_PORT"
export RABBITMQ_CONFIG_FILE="$STATE/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$STATE/mnesia"
export RABBITMQ_LOG_BASE="$STATE/log"
export RABBITMQ_CONF_ENV_FILE=/dev/null    # ignore /etc/rabbitmq/rabbitmq-env.conf
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_ADDRESS=127.0.0.1          # epmd on loopback only

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if port_open "$WS_PORT"; then
    echo "broker: something already listens on $WS_PORT, reusing it"
    if [ -f "$PIDFILE" ]; then users; fi
    return 0
  fi
  if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
    echo "broker: installing Debian rabbitmq-server"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  mkdir -p "$STATE/log" "$STATE/mnesia"
  definitions
  # The wellClient event channel sends CONNECT without credentials: Web-STOMP uses guest (loopback-only, read-only).
  cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
stomp.listeners.tcp.1 = 127.0.0.1:${STOMP_TCP_PORT:-61613}
stomp.default_user = guest
stomp.default_pass = guest
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $WS_PORT
loopback_users.guest = true
log.console = false
log.file.level = warning
load_definitions = $STATE/definitions.json
CONF
  echo '[rabbitmq_web_stomp].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  local t0; t0=$(date +%s%N)
  # call the real script directly: Debian's /usr/sbin wrapper would `su rabbitmq` and use /var/lib/rabbitmq
  nohup /usr/lib/rabbitmq/bin/rabbitmq-server > "$STATE/log/stdout.log" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 240); do
    if port_open "$WS_PORT"; then
      pgrep -P "$(cat "$PIDFILE")" > "$STATE/beam.pid" || true
      echo "broker: up on ws://127.0.0.1:$WS_PORT/ws in $(( ($(date +%s%N) - t0) / 1000000 )) ms (pid $(cat "$PIDFILE"))"
      return 0
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then echo "broker: died, log:"; tail -40 "$STATE/log/stdout.log"; return 1; fi
    sleep 0.25
  done
  echo "broker: not up after 60 s"; tail -40 "$STATE/log/stdout.log"; return 1
}

# Browsers get read-only rights: a STOMP SUBSCRIBE to /topic/<key> declares, binds and reads an exclusive queue
# named stomp-subscription-…, and reading amq.topic is what binding to it takes; only the CTI user may write to it.
# Written as a definitions file: loaded at boot (load_definitions) or imported by `users`, one step either way.
definitions() {
  BROKER_PUBLISHER_PASS="${BROKER_PUBLISHER_PASS:-well-cti}" BROKER_AGENT_PASS="${BROKER_AGENT_PASS:-agent}" node -e '
    const { createHash, randomBytes } = require("node:crypto");
    const hash = (password) => {
      const salt = randomBytes(4); // rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password))
      return Buffer.concat([salt, createHash("sha256").update(Buffer.concat([salt, Buffer.from(password)])).digest()]).toString("base64");
    };
    const sub = "^stomp-subscription-.*";
    const reader = { configure: sub, write: sub, read: "^(amq\\.topic|stomp-subscription-.*)$" };
    const jobs = Array.from({ length: 10 }, (_, i) => String(5001 + i));
    const users = [["guest", "guest"], ["well-cti", process.env.BROKER_PUBLISHER_PASS], ...jobs.map((j) => ["agent-" + j, process.env.BROKER_AGENT_PASS])];
    const topic = (user, write, read) => ({ user, vhost: "/", exchange: "amq.topic", write, read });
    process.stdout.write(JSON.stringify({
      users: users.map(([name, password]) => ({ name, password_hash: hash(password), hashing_algorithm: "rabbit_password_hashing_sha256", tags: [] })),
      vhosts: [{ name: "/" }],
      permissions: [
        { user: "well-cti", vhost: "/", configure: "^$", write: "^amq\\.topic$", read: "^$" },
        ...["guest", ...jobs.map((j) => "agent-" + j)].map((user) => ({ user, vhost: "/", ...reader })),
      ],
      topic_permissions: [
        topic("well-cti", "^event\\.", "^$"),
        topic("guest", "^$", ".*"),
        ...jobs.map((j) => topic("agent-" + j, "^$", "^event\\.agent\\.\\*\\." + j + "@")),
      ],
    }, null, 1));
  ' > "$STATE/definitions.json"
}

users() {
  definitions
  /usr/lib/rabbitmq/bin/rabbitmqctl -q import_definitions "$STATE/definitions.json" >/dev/null
  echo "broker: users well-cti (publisher), agent-5001..agent-5010 and guest (subscribe only) set up"
}

stop() {
  [ -f "$PIDFILE" ] || { echo "broker: not started by this script"; return 0; }
  local pid; pid=$(cat "$PIDFILE")
  kill -TERM "$pid" 2>/dev/null || true      # rabbitmq-server's TERM trap stops the node gracefully
  for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" $(cat "$STATE/beam.pid" 2>/dev/null) 2>/dev/null || true
  fi
  if ! epmd -names 2>/dev/null | grep -q '^name '; then epmd -kill >/dev/null 2>&1 || true; fi
  rm -f "$PIDFILE" "$STATE/beam.pid"
  echo "broker: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  users) users ;;
  status) if port_open "$WS_PORT"; then echo "broker: ws port $WS_PORT open"; else echo "broker: down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status|users"; exit 2 ;;
esac
