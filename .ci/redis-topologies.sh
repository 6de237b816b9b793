#!/usr/bin/env bash
# Throw-away Redis topologies for the tests, from the machine's redis-server, on loopback:
#   - a Redis Cluster of 3 masters, each with one replica (so CLUSTER FAILOVER can be tested),
#   - a master + one replica watched by one Sentinel (quorum 1, failover in seconds); the
#     data nodes require a password, so the Sentinel URL also proves credentials in REDIS_URL.
#
#   .ci/redis-topologies.sh start    # idempotent; prints `export TEST_REDIS_*_URL=…` lines
#   .ci/redis-topologies.sh status   # prints the same lines and exits 0 when both are up
#   .ci/redis-topologies.sh stop     # stops every process and removes the working directory
#   .ci/redis-topologies.sh kill PORT    # kill -9 of one node (fault tests and npm run chaos)
#   .ci/redis-topologies.sh revive PORT  # starts a killed cluster node again (it rejoins as a replica)
#   .ci/redis-topologies.sh stop PORT / cont PORT    # SIGSTOP / SIGCONT of one node (a stalled server)
#   .ci/redis-topologies.sh add-node PORT            # an empty master joins the cluster
#   .ci/redis-topologies.sh reshard FROM TO SLOTS    # moves SLOTS slots (and their keys) between masters
#   .ci/redis-topologies.sh del-node PORT            # an empty master leaves the cluster and stops
#
# Usage: eval "$(.ci/redis-topologies.sh start)". Ports: REDIS_TOPOLOGY_BASE_PORT (7100) and up
# (cluster base..base+5, sentinel data nodes base+10..11, the sentinel base+20; cluster bus
# ports are +10000). Files live in REDIS_TOPOLOGY_DIR (default: a directory under $TMPDIR).
set -euo pipefail

BASE="${REDIS_TOPOLOGY_BASE_PORT:-7100}"
DIR="${REDIS_TOPOLOGY_DIR:-${TMPDIR:-/tmp}/sighej-redis-topologies-$BASE}"
CLUSTER_PORTS=("$BASE" "$((BASE + 1))" "$((BASE + 2))" "$((BASE + 3))" "$((BASE + 4))" "$((BASE + 5))")
PRIMARY_PORT=$((BASE + 10))
REPLICA_PORT=$((BASE + 11))
SENTINEL_PORT=$((BASE + 20))
MASTER_NAME=sighej-test
# A test-only password for the sentinel's data nodes (loopback, removed on stop).
DATA_PASSWORD=sighej-topology-pass

log() { echo "redis-topologies: $*" >&2; }

alive() { redis-cli -h 127.0.0.1 -p "$1" ${2:+-a "$2"} --no-auth-warning ping 2>/dev/null | grep -q PONG; }

urls() {
  echo "export TEST_REDIS_CLUSTER_URL=redis+cluster://127.0.0.1:${CLUSTER_PORTS[0]},127.0.0.1:${CLUSTER_PORTS[1]},127.0.0.1:${CLUSTER_PORTS[2]}"
  echo "export TEST_REDIS_SENTINEL_URL=redis+sentinel://:${DATA_PASSWORD}@127.0.0.1:${SENTINEL_PORT}/${MASTER_NAME}"
}

cluster_ok() {
  alive "${CLUSTER_PORTS[0]}" &&
    redis-cli -p "${CLUSTER_PORTS[0]}" cluster info 2>/dev/null | grep -q 'cluster_state:ok'
}

sentinel_ok() {
  alive "$SENTINEL_PORT" &&
    redis-cli -p "$SENTINEL_PORT" sentinel get-master-addr-by-name "$MASTER_NAME" 2>/dev/null | grep -q 127.0.0.1 &&
    alive "$PRIMARY_PORT" "$DATA_PASSWORD" && alive "$REPLICA_PORT" "$DATA_PASSWORD"
}

# Each node has its own RDB file (a replica's sync writes one): a node added later must not
# load another's keys and claim their slots.
server() { # port, extra arguments...
  local port=$1
  shift
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dbfilename "dump-$port.rdb" \
    --dir "$DIR" --logfile "$DIR/redis-$port.log" --pidfile "$DIR/redis-$port.pid" "$@"
}

wait_until() { # description, command...
  local what=$1
  shift
  for _ in $(seq 1 100); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  log "timed out waiting for $what (logs in $DIR)"
  return 1
}

cluster_node() { # port
  server "$1" --cluster-enabled yes --cluster-config-file "$DIR/nodes-$1.conf" --cluster-node-timeout 2000
}

known_by_all() { # port
  for port in "${CLUSTER_PORTS[@]}"; do
    alive "$port" || continue
    redis-cli -p "$port" cluster nodes | grep -q ":$1@" || return 1
  done
}

start_cluster() {
  for port in "${CLUSTER_PORTS[@]}"; do cluster_node "$port"; done
  for port in "${CLUSTER_PORTS[@]}"; do wait_until "cluster node $port" alive "$port"; done
  local nodes=()
  for port in "${CLUSTER_PORTS[@]}"; do nodes+=("127.0.0.1:$port"); done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$DIR/cluster-create.log" 2>&1
  wait_until "cluster_state:ok" cluster_ok
}

start_sentinel() {
  server "$PRIMARY_PORT" --requirepass "$DATA_PASSWORD" --masterauth "$DATA_PASSWORD"
  server "$REPLICA_PORT" --requirepass "$DATA_PASSWORD" --masterauth "$DATA_PASSWORD" \
    --replicaof 127.0.0.1 "$PRIMARY_PORT"
  cat >"$DIR/sentinel.conf" <<EOF
port $SENTINEL_PORT
bind 127.0.0.1
daemonize yes
dir $DIR
logfile $DIR/sentinel-$SENTINEL_PORT.log
pidfile $DIR/redis-$SENTINEL_PORT.pid
sentinel monitor $MASTER_NAME 127.0.0.1 $PRIMARY_PORT 1
sentinel auth-pass $MASTER_NAME $DATA_PASSWORD
sentinel down-after-milliseconds $MASTER_NAME 1000
sentinel failover-timeout $MASTER_NAME 5000
sentinel parallel-syncs $MASTER_NAME 1
EOF
  redis-server "$DIR/sentinel.conf" --sentinel
  wait_until "sentinel on $SENTINEL_PORT" sentinel_ok
  # The replica must be known to the sentinel before a failover can pick it.
  wait_until "the sentinel to see the replica" sh -c \
    "redis-cli -p $SENTINEL_PORT sentinel replicas $MASTER_NAME 2>/dev/null | grep -q $REPLICA_PORT"
}

stop_all() {
  # Only processes this script started: their pid files live in our directory. Redis removes
  # its pid file as it exits, so read them all first.
  local pids=()
  for pidfile in "$DIR"/redis-*.pid; do
    [ -e "$pidfile" ] || continue
    pids+=("$(cat "$pidfile" 2>/dev/null || true)")
  done
  for pid in "${pids[@]}"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
      [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  done
  rm -rf "$DIR"
}

case "${1:-}" in
  start)
    if cluster_ok && sentinel_ok; then
      urls
      exit 0
    fi
    command -v redis-server >/dev/null || { log "redis-server not found"; exit 1; }
    stop_all
    mkdir -p "$DIR"
    log "starting a 3+3 node cluster on ${CLUSTER_PORTS[0]}-${CLUSTER_PORTS[5]} and a sentinel on $SENTINEL_PORT (files in $DIR)"
    start_cluster
    start_sentinel
    urls
    ;;
  status)
    if cluster_ok && sentinel_ok; then
      urls
    else
      log "not running (start with: $0 start)"
      exit 1
    fi
    ;;
  kill)
    pid=$(cat "$DIR/redis-${2:?port}.pid")
    kill -9 "$pid"
    rm -f "$DIR/redis-$2.pid"
    ;;
  cont)
    kill -CONT "$(cat "$DIR/redis-${2:?port}.pid")"
    ;;
  revive)
    cluster_node "${2:?port}"
    wait_until "cluster node $2" alive "$2"
    ;;
  add-node)
    # A node that joins starts empty: no cluster state or data left by an earlier run's node.
    if ! alive "${2:?port}"; then rm -f "$DIR/nodes-$2.conf" "$DIR/dump-$2.rdb"; fi
    cluster_node "$2"
    wait_until "cluster node $2" alive "$2"
    redis-cli --cluster add-node "127.0.0.1:$2" "127.0.0.1:$BASE" >"$DIR/add-node-$2.log" 2>&1
    # Gossip alone can take long to spread a new node; every node meets it directly.
    for port in "${CLUSTER_PORTS[@]}"; do
      if alive "$port"; then redis-cli -p "$port" cluster meet 127.0.0.1 "$2" >/dev/null; fi
    done
    wait_until "every node to know $2" known_by_all "$2"
    wait_until "cluster_state:ok" cluster_ok
    wait_until "cluster_state:ok on $2" sh -c "redis-cli -p $2 cluster info | grep -q cluster_state:ok"
    sleep 1 # the new node's view of the others settles (a MIGRATE to it answers CLUSTERDOWN meanwhile)
    ;;
  reshard)
    # After a move the nodes agree on the new owners within a gossip round or two.
    wait_until "the nodes to agree on the slots" sh -c \
      "redis-cli --cluster check 127.0.0.1:$BASE 2>/dev/null | grep -q 'All nodes agree'"
    from=$(redis-cli -p "${2:?from port}" cluster myid)
    to=$(redis-cli -p "${3:?to port}" cluster myid)
    redis-cli --cluster reshard "127.0.0.1:$2" --cluster-from "$from" --cluster-to "$to" \
      --cluster-slots "${4:?slots}" --cluster-yes --cluster-pipeline 100 >"$DIR/reshard.log" 2>&1
    ;;
  del-node)
    wait_until "the nodes to agree on the slots" sh -c \
      "redis-cli --cluster check 127.0.0.1:$BASE 2>/dev/null | grep -q 'All nodes agree'"
    id=$(redis-cli -p "${2:?port}" cluster myid)
    redis-cli --cluster del-node "127.0.0.1:$BASE" "$id" >"$DIR/del-node-$2.log" 2>&1
    # del-node does not always shut the node down; it is ours, so stop it.
    pid=$(cat "$DIR/redis-$2.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
    wait_until "node $2 to stop" sh -c "! redis-cli -p $2 ping >/dev/null 2>&1"
    rm -f "$DIR/redis-$2.pid" "$DIR/nodes-$2.conf" "$DIR/dump-$2.rdb"
    ;;
  stop)
    if [ -n "${2:-}" ]; then
      kill -STOP "$(cat "$DIR/redis-$2.pid")"
      exit 0
    fi
    stop_all
    log "stopped"
    ;;
  *)
    echo "usage: $0 start|stop|status|kill PORT|revive PORT|add-node PORT|reshard FROM TO SLOTS|del-node PORT" >&2
    exit 2
    ;;
esac
