# shellcheck shell=bash
# The local stack: MinIO, lakeFS and a Trino 483 server with our plugins, all bound to
# 127.0.0.1, with their data, logs and pid files in one run directory.
#
#   stack_start RUN_DIR    starts what is not running and waits until each server is healthy
#   stack_stop RUN_DIR     stops them (TERM, then KILL after a grace period)
#   stack_status RUN_DIR   shows what runs where, with health
#
# DATAMESH_PROXIES=1 puts toxiproxy (a TCP proxy with an HTTP API that injects latency, bandwidth
# limits, resets and stalls) between Trino and lakeFS, Trino and MinIO, lakeFS and MinIO, and
# the lineage listener and its receiver: the fault tests and the network benchmark drive it.
#
# RUN_DIR/stack.env holds the endpoints and credentials, for ./datamesh and the test fixtures.

BIND_HOST=127.0.0.1

stack_defaults() {
    : "${DATAMESH_MINIO_PORT:=9000}"
    : "${DATAMESH_MINIO_CONSOLE_PORT:=9001}"
    : "${DATAMESH_LAKEFS_PORT:=8000}"
    : "${DATAMESH_TRINO_PORT:=8080}"
    # Development credentials of the local stack; override them through the environment.
    : "${DATAMESH_S3_ACCESS_KEY:=datamesh}"
    : "${DATAMESH_S3_SECRET_KEY:=datamesh-minio-secret}"
    : "${DATAMESH_S3_REGION:=us-east-1}"
    : "${DATAMESH_BUCKET:=datamesh}"
    # lakeFS's S3 gateway accepts access key IDs of at most 20 characters, like AWS's
    : "${DATAMESH_LAKEFS_ACCESS_KEY_ID:=AKIAJDATAMESHLOCAL01}"
    : "${DATAMESH_LAKEFS_SECRET_ACCESS_KEY:=datamesh-lakefs-secret-access-key-for-dev}"
    : "${DATAMESH_LAKEFS_ENCRYPT_KEY:=datamesh-lakefs-encryption-key-for-local-dev}"
    : "${DATAMESH_TRINO_HEAP:=3G}"
    # Trino workers beside the coordinator (which also runs tasks); their HTTP ports follow
    # the coordinator's unless DATAMESH_TRINO_WORKER_PORTS lists them
    : "${DATAMESH_TRINO_WORKERS:=0}"
    : "${DATAMESH_TRINO_WORKER_HEAP:=2G}"
    # Lineage: every query's OpenLineage events go to RUN_DIR/lineage/events.jsonl, and to an
    # OpenLineage HTTP endpoint (Marquez: http://host:5000) when DATAMESH_LINEAGE_URL is set
    : "${DATAMESH_LINEAGE_URL:=}"
    # toxiproxy: its API port and one listening port per proxy
    : "${DATAMESH_PROXIES:=0}"
    : "${DATAMESH_TOXIPROXY_PORT:=8474}"
    : "${DATAMESH_PROXY_LAKEFS_PORT:=18000}"
    : "${DATAMESH_PROXY_MINIO_PORT:=19000}"
    : "${DATAMESH_PROXY_LAKEFS_MINIO_PORT:=19010}"
    : "${DATAMESH_PROXY_LINEAGE_PORT:=15000}"
    if [[ -z "${DATAMESH_LINEAGE_TRANSPORTS:-}" ]]; then
        if [[ -n "$DATAMESH_LINEAGE_URL" ]]; then DATAMESH_LINEAGE_TRANSPORTS=http,file; else DATAMESH_LINEAGE_TRANSPORTS=file; fi
    fi
}

# HTTP port of worker N (1-based).
worker_port() {
    local index=$1
    if [[ -n "${DATAMESH_TRINO_WORKER_PORTS:-}" ]]; then
        echo "$DATAMESH_TRINO_WORKER_PORTS" | tr ' ,' '\n\n' | grep -v '^$' | sed -n "${index}p"
    else
        echo $((DATAMESH_TRINO_PORT + index))
    fi
}

# Whether something accepts connections on 127.0.0.1:PORT.
port_in_use() {
    (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null
}

# check_port_free WHAT PORT VARIABLE
check_port_free() {
    local what=$1 port=$2 variable=$3 owner=""
    if port_in_use "$port"; then
        if command -v ss >/dev/null 2>&1; then
            owner=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n1)
        fi
        die "port $port for $what on $BIND_HOST is already in use${owner:+ by $owner}.
       Stop that process or choose another port: $variable=<port> ./datamesh ..."
    fi
}

pid_alive() {
    [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Prints the error lines of a server log (Guice lists configuration errors as "1) Error: ..."),
# else its last lines.
show_log_errors() {
    local logfile=$1 errors
    errors=$(grep -E '\sERROR\s|^[0-9]+\) Error|^Error|FATAL|fatal error|level=(error|fatal)' "$logfile" 2>/dev/null | awk '!seen[$0]++' | head -n 20 || true)
    if [[ -n "$errors" ]]; then
        printf '%s\n' "$errors" >&2
    else
        tail -n 30 "$logfile" >&2 || true
    fi
    printf '(full log: %s)\n' "$logfile" >&2
}

# wait_until WHAT TIMEOUT_SECONDS PIDFILE LOGFILE COMMAND...: polls COMMAND until it succeeds;
# fails early, with the server's log, when the process dies.
wait_until() {
    local what=$1 timeout=$2 pidfile=$3 logfile=$4
    shift 4
    local start=$SECONDS
    until "$@" >/dev/null 2>&1; do
        if [[ -n "$pidfile" ]] && ! pid_alive "$pidfile"; then
            printf '%sfailed:%s %s exited during start-up:\n' "$C_RED" "$C_RESET" "$what" >&2
            show_log_errors "$logfile"
            return 1
        fi
        if (( SECONDS - start > timeout )); then
            printf '%sfailed:%s %s did not become healthy within %ss:\n' "$C_RED" "$C_RESET" "$what" "$timeout" >&2
            show_log_errors "$logfile"
            return 1
        fi
        sleep 0.5
    done
}

# Starts a server detached from the terminal (so that closing it does not stop the stack).
spawn() {
    local pidfile=$1 logfile=$2
    shift 2
    setsid "$@" >"$logfile" 2>&1 </dev/null &
    echo $! >"$pidfile"
}

proxies_enabled() { [[ "${DATAMESH_PROXIES:-0}" == 1 ]]; }

# The receiver's URL with its host and port replaced by the lineage proxy's.
proxied_lineage_url() {
    sed -E "s#^(https?://)[^/]+#\1$BIND_HOST:$DATAMESH_PROXY_LINEAGE_PORT#" <<<"$1"
}

# host:port of a URL.
url_authority() {
    sed -E 's#^https?://([^/]+).*#\1#' <<<"$1"
}

write_stack_env() {
    local run_dir=$1
    # the endpoints Trino uses go through the proxies when they run; the fixtures load data
    # through the direct ones (*_DIRECT_*), which faults do not touch
    local s3_direct="http://$BIND_HOST:$DATAMESH_MINIO_PORT" lakefs_direct="http://$BIND_HOST:$DATAMESH_LAKEFS_PORT"
    local lineage_direct=${DATAMESH_LINEAGE_DIRECT_URL:-$DATAMESH_LINEAGE_URL}
    local s3=$s3_direct lakefs=$lakefs_direct lineage=$lineage_direct toxiproxy=""
    if proxies_enabled; then
        s3="http://$BIND_HOST:$DATAMESH_PROXY_MINIO_PORT"
        lakefs="http://$BIND_HOST:$DATAMESH_PROXY_LAKEFS_PORT"
        [[ -n "$lineage_direct" ]] && lineage=$(proxied_lineage_url "$lineage_direct")
        toxiproxy="http://$BIND_HOST:$DATAMESH_TOXIPROXY_PORT"
    fi
    cat >"$run_dir/stack.env" <<ENV
DATAMESH_RUN_DIR=$run_dir
DATAMESH_MINIO_PORT=$DATAMESH_MINIO_PORT
DATAMESH_MINIO_CONSOLE_PORT=$DATAMESH_MINIO_CONSOLE_PORT
DATAMESH_LAKEFS_PORT=$DATAMESH_LAKEFS_PORT
DATAMESH_TRINO_PORT=$DATAMESH_TRINO_PORT
DATAMESH_TRINO_WORKERS=$DATAMESH_TRINO_WORKERS
DATAMESH_TRINO_WORKER_PORTS=$(for ((i = 1; i <= DATAMESH_TRINO_WORKERS; i++)); do printf '%s,' "$(worker_port "$i")"; done | sed 's/,$//')
DATAMESH_S3_ENDPOINT=$s3
DATAMESH_S3_DIRECT_ENDPOINT=$s3_direct
DATAMESH_S3_REGION=$DATAMESH_S3_REGION
DATAMESH_S3_ACCESS_KEY=$DATAMESH_S3_ACCESS_KEY
DATAMESH_S3_SECRET_KEY=$DATAMESH_S3_SECRET_KEY
DATAMESH_BUCKET=$DATAMESH_BUCKET
DATAMESH_LAKEFS_ENDPOINT=$lakefs
DATAMESH_LAKEFS_DIRECT_ENDPOINT=$lakefs_direct
DATAMESH_LAKEFS_ACCESS_KEY_ID=$DATAMESH_LAKEFS_ACCESS_KEY_ID
DATAMESH_LAKEFS_SECRET_ACCESS_KEY=$DATAMESH_LAKEFS_SECRET_ACCESS_KEY
DATAMESH_TRINO_URL=http://$BIND_HOST:$DATAMESH_TRINO_PORT
DATAMESH_TRINO_DISCOVERY_URI=http://$BIND_HOST:$DATAMESH_TRINO_PORT
DATAMESH_TRINO_SERVER_LOG=$run_dir/trino/data/var/log/server.log
DATAMESH_LINEAGE_TRANSPORTS=$DATAMESH_LINEAGE_TRANSPORTS
DATAMESH_LINEAGE_URL=$lineage
DATAMESH_LINEAGE_DIRECT_URL=$lineage_direct
DATAMESH_PROXIES=${DATAMESH_PROXIES:-0}
DATAMESH_TOXIPROXY_URL=$toxiproxy
DATAMESH_TOXIPROXY_PORT=$DATAMESH_TOXIPROXY_PORT
DATAMESH_PROXY_LAKEFS_PORT=$DATAMESH_PROXY_LAKEFS_PORT
DATAMESH_PROXY_MINIO_PORT=$DATAMESH_PROXY_MINIO_PORT
DATAMESH_PROXY_LAKEFS_MINIO_PORT=$DATAMESH_PROXY_LAKEFS_MINIO_PORT
DATAMESH_PROXY_LINEAGE_PORT=$DATAMESH_PROXY_LINEAGE_PORT
DATAMESH_LINEAGE_FILE=$run_dir/lineage/events.jsonl
DATAMESH_LINEAGE_SPOOL_DIR=$run_dir/lineage/spool
ENV
}

# Loads RUN_DIR/stack.env into the environment (the etc/ files read it through ${ENV:...}).
load_stack_env() {
    local run_dir=$1 line
    [[ -f "$run_dir/stack.env" ]] || return 1
    while IFS= read -r line; do
        [[ -n "$line" ]] && export "${line?}"
    done <"$run_dir/stack.env"
}

start_minio() {
    local run_dir=$1 binary
    binary=$(minio_binary)
    if pid_alive "$run_dir/minio.pid"; then return 0; fi
    check_port_free "MinIO's S3 API" "$DATAMESH_MINIO_PORT" DATAMESH_MINIO_PORT
    check_port_free "MinIO's console" "$DATAMESH_MINIO_CONSOLE_PORT" DATAMESH_MINIO_CONSOLE_PORT
    mkdir -p "$run_dir/minio/data" "$run_dir/logs"
    MINIO_ROOT_USER=$DATAMESH_S3_ACCESS_KEY MINIO_ROOT_PASSWORD=$DATAMESH_S3_SECRET_KEY MINIO_BROWSER=off MINIO_UPDATE=off \
        MINIO_REGION=$DATAMESH_S3_REGION \
        spawn "$run_dir/minio.pid" "$run_dir/logs/minio.log" \
        "$binary" server "$run_dir/minio/data" --quiet \
        --address "$BIND_HOST:$DATAMESH_MINIO_PORT" --console-address "$BIND_HOST:$DATAMESH_MINIO_CONSOLE_PORT"
    # ready, not only live: a live MinIO still answers 503 (XMinioServerNotInitialized) while it initializes
    wait_until "MinIO" 60 "$run_dir/minio.pid" "$run_dir/logs/minio.log" \
        curl -sf "http://$BIND_HOST:$DATAMESH_MINIO_PORT/minio/health/ready"
    # the bucket that holds the lakeFS repositories' storage namespaces
    local status attempt
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        status=$(curl -s -o "$run_dir/logs/create-bucket.xml" -w '%{http_code}' -X PUT \
            --aws-sigv4 "aws:amz:$DATAMESH_S3_REGION:s3" --user "$DATAMESH_S3_ACCESS_KEY:$DATAMESH_S3_SECRET_KEY" \
            "http://$BIND_HOST:$DATAMESH_MINIO_PORT/$DATAMESH_BUCKET")
        [[ "$status" == 503 ]] || break
        sleep 1
    done
    if [[ "$status" != 200 && "$status" != 409 ]]; then
        die "could not create bucket '$DATAMESH_BUCKET' in MinIO (HTTP $status): $(cat "$run_dir/logs/create-bucket.xml")"
    fi
}

# toxiproxy with its proxies (names: lakefs, minio, lakefs_minio, lineage), created from a
# configuration file at start; toxics are added and removed through its API.
start_toxiproxy() {
    local run_dir=$1 binary
    proxies_enabled || return 0
    binary=$(toxiproxy_binary)
    if pid_alive "$run_dir/toxiproxy.pid"; then return 0; fi
    check_port_free "toxiproxy's API" "$DATAMESH_TOXIPROXY_PORT" DATAMESH_TOXIPROXY_PORT
    check_port_free "the Trino-to-lakeFS proxy" "$DATAMESH_PROXY_LAKEFS_PORT" DATAMESH_PROXY_LAKEFS_PORT
    check_port_free "the Trino-to-MinIO proxy" "$DATAMESH_PROXY_MINIO_PORT" DATAMESH_PROXY_MINIO_PORT
    check_port_free "the lakeFS-to-MinIO proxy" "$DATAMESH_PROXY_LAKEFS_MINIO_PORT" DATAMESH_PROXY_LAKEFS_MINIO_PORT
    local lineage_upstream="" proxies
    [[ -n "$DATAMESH_LINEAGE_DIRECT_URL" ]] && lineage_upstream=$(url_authority "$DATAMESH_LINEAGE_DIRECT_URL")
    if [[ -n "$lineage_upstream" ]]; then
        check_port_free "the lineage proxy" "$DATAMESH_PROXY_LINEAGE_PORT" DATAMESH_PROXY_LINEAGE_PORT
    fi
    proxy_json() { printf '{"name":"%s","listen":"%s:%s","upstream":"%s","enabled":true}' "$1" "$BIND_HOST" "$2" "$3"; }
    proxies="$(proxy_json lakefs "$DATAMESH_PROXY_LAKEFS_PORT" "$BIND_HOST:$DATAMESH_LAKEFS_PORT")"
    proxies+=",$(proxy_json minio "$DATAMESH_PROXY_MINIO_PORT" "$BIND_HOST:$DATAMESH_MINIO_PORT")"
    proxies+=",$(proxy_json lakefs_minio "$DATAMESH_PROXY_LAKEFS_MINIO_PORT" "$BIND_HOST:$DATAMESH_MINIO_PORT")"
    [[ -n "$lineage_upstream" ]] && proxies+=",$(proxy_json lineage "$DATAMESH_PROXY_LINEAGE_PORT" "$lineage_upstream")"
    echo "[$proxies]" >"$run_dir/toxiproxy.json"
    mkdir -p "$run_dir/logs"
    spawn "$run_dir/toxiproxy.pid" "$run_dir/logs/toxiproxy.log" \
        "$binary" -host "$BIND_HOST" -port "$DATAMESH_TOXIPROXY_PORT" -config "$run_dir/toxiproxy.json"
    wait_until "toxiproxy" 30 "$run_dir/toxiproxy.pid" "$run_dir/logs/toxiproxy.log" \
        curl -sf "http://$BIND_HOST:$DATAMESH_TOXIPROXY_PORT/proxies/lakefs"
}

start_lakefs() {
    local run_dir=$1 binary
    binary=$(lakefs_binary)
    if pid_alive "$run_dir/lakefs.pid"; then return 0; fi
    check_port_free "lakeFS" "$DATAMESH_LAKEFS_PORT" DATAMESH_LAKEFS_PORT
    mkdir -p "$run_dir/lakefs/db" "$run_dir/lakefs/cache" "$run_dir/logs"
    (
        export LAKEFS_LISTEN_ADDRESS="$BIND_HOST:$DATAMESH_LAKEFS_PORT"
        export LAKEFS_DATABASE_TYPE=local
        export LAKEFS_DATABASE_LOCAL_PATH="$run_dir/lakefs/db"
        export LAKEFS_COMMITTED_LOCAL_CACHE_DIR="$run_dir/lakefs/cache"
        export LAKEFS_AUTH_ENCRYPT_SECRET_KEY="$DATAMESH_LAKEFS_ENCRYPT_KEY"
        export LAKEFS_BLOCKSTORE_TYPE=s3
        local blockstore_port=$DATAMESH_MINIO_PORT
        if proxies_enabled; then blockstore_port=$DATAMESH_PROXY_LAKEFS_MINIO_PORT; fi
        export LAKEFS_BLOCKSTORE_S3_ENDPOINT="http://$BIND_HOST:$blockstore_port"
        export LAKEFS_BLOCKSTORE_S3_FORCE_PATH_STYLE=true
        export LAKEFS_BLOCKSTORE_S3_REGION="$DATAMESH_S3_REGION"
        export LAKEFS_BLOCKSTORE_S3_DISCOVER_BUCKET_REGION=false
        export LAKEFS_BLOCKSTORE_S3_CREDENTIALS_ACCESS_KEY_ID="$DATAMESH_S3_ACCESS_KEY"
        export LAKEFS_BLOCKSTORE_S3_CREDENTIALS_SECRET_ACCESS_KEY="$DATAMESH_S3_SECRET_KEY"
        export LAKEFS_STATS_ENABLED=false
        export LAKEFS_SECURITY_CHECK_LATEST_VERSION=false
        export LAKEFS_EMAIL_SUBSCRIPTION_ENABLED=false
        export LAKEFS_INSTALLATION_USER_NAME=admin
        export LAKEFS_INSTALLATION_ACCESS_KEY_ID="$DATAMESH_LAKEFS_ACCESS_KEY_ID"
        export LAKEFS_INSTALLATION_SECRET_ACCESS_KEY="$DATAMESH_LAKEFS_SECRET_ACCESS_KEY"
        export LAKEFS_LOGGING_LEVEL=INFO
        spawn "$run_dir/lakefs.pid" "$run_dir/logs/lakefs.log" "$binary" run
    )
    wait_until "lakeFS" 90 "$run_dir/lakefs.pid" "$run_dir/logs/lakefs.log" \
        curl -sf "http://$BIND_HOST:$DATAMESH_LAKEFS_PORT/api/v1/healthcheck"
}

trino_pidfile() { echo "$1/trino/data/var/run/launcher.pid"; }

trino_ready() {
    curl -sf "http://$BIND_HOST:$DATAMESH_TRINO_PORT/v1/info" | grep -q '"starting":false'
}

start_trino() {
    local run_dir=$1
    local trino_dir="$run_dir/trino"
    if pid_alive "$(trino_pidfile "$run_dir")"; then return 0; fi
    [[ -x "$TRINO_SERVER_DIR/bin/launcher" ]] || die "the Trino server is not built ($TRINO_SERVER_DIR); run ./datamesh build"
    check_port_free "Trino" "$DATAMESH_TRINO_PORT" DATAMESH_TRINO_PORT
    mkdir -p "$trino_dir/etc" "$trino_dir/data/var/log" "$run_dir/lineage"
    # the project's etc/ files (or DATAMESH_ETC_DIR), refreshed on every start; catalogs added
    # with CREATE CATALOG stay
    cp -R "${DATAMESH_ETC_DIR:-$DATAMESH_ROOT/etc}/." "$trino_dir/etc/"
    local node_id
    node_id=$( [[ -f "$trino_dir/node-id" ]] && cat "$trino_dir/node-id" || { echo "datamesh-$(date +%s)-$$" | tee "$trino_dir/node-id"; })
    launch_trino "the server" "$trino_dir" "$node_id" "$DATAMESH_TRINO_HEAP" "$run_dir/logs/trino-launcher.out"
}

# launch_trino WHAT DIR NODE_ID HEAP LAUNCHER_OUT: starts a Trino server with its configuration
# in DIR/etc and its data and logs in DIR/data.
launch_trino() {
    local what=$1 dir=$2 node_id=$3 heap=$4 out=$5
    cat >"$dir/etc/node.properties" <<NODE
node.environment=datamesh
node.id=$node_id
node.data-dir=$dir/data
node.internal-address=$BIND_HOST
NODE
    # DATAMESH_TRINO_PROPERTIES: extra "name=value" server properties (the test stack uses
    # catalog.management=dynamic to create a catalog per test repository)
    local extra=() property
    for property in ${DATAMESH_TRINO_PROPERTIES:-}; do extra+=(-D "$property"); done
    "$TRINO_SERVER_DIR/bin/launcher" start \
        --jvm-dir "$JAVA_HOME" \
        --etc-dir "$dir/etc" \
        --data-dir "$dir/data" \
        --node-config "$dir/etc/node.properties" \
        --launcher-log-file "$dir/data/var/log/launcher.log" \
        --server-log-file "$dir/data/var/log/server.log" \
        -J "-Xmx$heap" "${extra[@]}" >"$out" 2>&1 ||
        { cat "$out" >&2; die "the Trino launcher failed to start $what"; }
}

wait_for_trino() {
    local run_dir=$1
    wait_until "Trino" 180 "$(trino_pidfile "$run_dir")" "$run_dir/trino/data/var/log/server.log" trino_ready
}

worker_dir() { echo "$1/trino-worker-$2"; }

# A Trino worker: the coordinator's configuration with coordinator=false, its own port, node ID
# and data directory, no event listener (query events come from the coordinator).
start_trino_worker() {
    local run_dir=$1 index=$2
    local dir port
    dir=$(worker_dir "$run_dir" "$index")
    port=$(worker_port "$index")
    if pid_alive "$dir/data/var/run/launcher.pid"; then return 0; fi
    check_port_free "Trino worker $index" "$port" DATAMESH_TRINO_WORKER_PORTS
    mkdir -p "$dir/etc" "$dir/data/var/log"
    cp -R "$run_dir/trino/etc/." "$dir/etc/"
    rm -f "$dir/etc/event-listener.properties"
    sed -e 's/^coordinator=.*/coordinator=false/' \
        -e '/^node-scheduler.include-coordinator=/d' \
        -e "s/^http-server.http.port=.*/http-server.http.port=$port/" \
        "$run_dir/trino/etc/config.properties" >"$dir/etc/config.properties"
    launch_trino "worker $index" "$dir" "$(cat "$run_dir/trino/node-id")-worker-$index" "$DATAMESH_TRINO_WORKER_HEAP" \
        "$run_dir/logs/trino-worker-$index-launcher.out"
}

wait_for_trino_worker() {
    local run_dir=$1 index=$2 dir
    dir=$(worker_dir "$run_dir" "$index")
    wait_until "Trino worker $index" 180 "$dir/data/var/run/launcher.pid" "$dir/data/var/log/server.log" \
        worker_registered "$(worker_port "$index")"
}

# The first value of a query's first row, through Trino's HTTP protocol (no client needed).
trino_scalar() {
    local response next value
    response=$(curl -sf -X POST -H 'X-Trino-User: datamesh' --data "$1" "http://$BIND_HOST:$DATAMESH_TRINO_PORT/v1/statement") || return 1
    while :; do
        value=$(grep -o '"data":\[\[[^]]*\]' <<<"$response" | sed 's/"data":\[\[//; s/\]$//')
        if [[ -n "$value" ]]; then
            echo "$value"
            return 0
        fi
        next=$(grep -o '"nextUri":"[^"]*"' <<<"$response" | sed 's/"nextUri":"//; s/"$//')
        [[ -n "$next" ]] || return 1
        response=$(curl -sf -H 'X-Trino-User: datamesh' "$next") || return 1
    done
}

# Whether the coordinator lists the worker on PORT among its active nodes.
worker_registered() {
    curl -sf "http://$BIND_HOST:$1/v1/info" | grep -q '"starting":false' &&
        [[ "$(trino_scalar "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active' AND http_uri LIKE '%:$1'")" == 1 ]]
}

stack_start() {
    local run_dir=$1 index
    mkdir -p "$run_dir/logs"
    stack_defaults
    write_stack_env "$run_dir"
    load_stack_env "$run_dir"
    start_minio "$run_dir"
    start_toxiproxy "$run_dir"
    start_lakefs "$run_dir"
    # the workers start while the coordinator does, and announce themselves once it is up
    start_trino "$run_dir"
    for ((index = 1; index <= DATAMESH_TRINO_WORKERS; index++)); do
        start_trino_worker "$run_dir" "$index"
    done
    wait_for_trino "$run_dir"
    for ((index = 1; index <= DATAMESH_TRINO_WORKERS; index++)); do
        wait_for_trino_worker "$run_dir" "$index"
    done
}

# stop_pid WHAT PIDFILE [GRACE_SECONDS]: TERM, then KILL after the grace period (default 10 s).
stop_pid() {
    local what=$1 pidfile=$2 grace=${3:-10} pid waited=0
    [[ -f "$pidfile" ]] || return 0
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null && (( waited < grace * 4 )); do sleep 0.25; waited=$((waited + 1)); done
        if kill -0 "$pid" 2>/dev/null; then
            warn "$what (pid $pid) did not stop within ${grace}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

stack_stop() {
    local run_dir=$1
    [[ -d "$run_dir" ]] || return 0
    local worker
    for worker in "$run_dir"/trino-worker-*/; do
        [[ -d "$worker" ]] || continue
        stop_pid "Trino worker" "${worker}data/var/run/launcher.pid"
    done
    # a graceful stop: the lineage listener delivers or spools its pending events (for at most
    # lineage.shutdown-timeout, 10 s by default)
    stop_pid "Trino" "$(trino_pidfile "$run_dir")" 30
    stop_pid "lakeFS" "$run_dir/lakefs.pid"
    stop_pid "toxiproxy" "$run_dir/toxiproxy.pid"
    stop_pid "MinIO" "$run_dir/minio.pid"
}

# One line per server: name, pid, address, health.
stack_status() {
    local run_dir=$1 any=1
    load_stack_env "$run_dir" || { echo "No local stack in $run_dir (start it with ./datamesh up)"; return 1; }
    status_line() {
        local name=$1 pidfile=$2 address=$3 health_url=$4 pid state health
        if pid_alive "$pidfile"; then
            pid=$(cat "$pidfile"); state="running"; any=0
            if curl -sf -o /dev/null "$health_url"; then health="${C_GREEN}healthy${C_RESET}"; else health="${C_YELLOW}not answering${C_RESET}"; fi
        else
            pid="-"; state="stopped"; health="-"
        fi
        printf '%-8s %-8s %-8s %-28s %s\n' "$name" "$state" "$pid" "$address" "$health"
    }
    printf '%-8s %-8s %-8s %-28s %s\n' SERVER STATE PID ADDRESS HEALTH
    local s3=${DATAMESH_S3_DIRECT_ENDPOINT:-$DATAMESH_S3_ENDPOINT} lakefs=${DATAMESH_LAKEFS_DIRECT_ENDPOINT:-$DATAMESH_LAKEFS_ENDPOINT}
    status_line MinIO "$run_dir/minio.pid" "$s3" "$s3/minio/health/live"
    status_line lakeFS "$run_dir/lakefs.pid" "$lakefs" "$lakefs/api/v1/healthcheck"
    status_line Trino "$(trino_pidfile "$run_dir")" "$DATAMESH_TRINO_URL" "$DATAMESH_TRINO_URL/v1/info"
    if [[ "${DATAMESH_PROXIES:-0}" == 1 ]]; then
        status_line toxiproxy "$run_dir/toxiproxy.pid" "$DATAMESH_TOXIPROXY_URL" "$DATAMESH_TOXIPROXY_URL/version"
    fi
    local index port
    for ((index = 1; index <= ${DATAMESH_TRINO_WORKERS:-0}; index++)); do
        port=$(echo "$DATAMESH_TRINO_WORKER_PORTS" | cut -d, -f"$index")
        status_line "worker$index" "$(worker_dir "$run_dir" "$index")/data/var/run/launcher.pid" "http://$BIND_HOST:$port" "http://$BIND_HOST:$port/v1/info"
    done
    return $any
}
