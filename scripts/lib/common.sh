# shellcheck shell=bash
# Logging, progress and failure reporting shared by ./datamesh and its libraries.

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
    C_BOLD=$'\033[1m'; C_RED=$'\033[31m'; C_GREEN=$'\033[32m'; C_YELLOW=$'\033[33m'; C_DIM=$'\033[2m'; C_RESET=$'\033[0m'
else
    C_BOLD=""; C_RED=""; C_GREEN=""; C_YELLOW=""; C_DIM=""; C_RESET=""
fi

info() { printf '%s==>%s %s\n' "$C_BOLD" "$C_RESET" "$*"; }
ok() { printf '%s ok%s %s\n' "$C_GREEN" "$C_RESET" "$*"; }
warn() { printf '%swarning:%s %s\n' "$C_YELLOW" "$C_RESET" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$C_RED" "$C_RESET" "$*" >&2; exit 1; }

# Seconds as "1m05s".
format_duration() {
    local s=$1
    if (( s >= 60 )); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# run_step DESCRIPTION LOGFILE COMMAND...
# Runs a long step with its output in LOGFILE, shows elapsed time while it runs, and on failure
# says what failed and where its log is, with the log's last lines.
run_step() {
    local description=$1 logfile=$2
    shift 2
    mkdir -p "$(dirname "$logfile")"
    local start=$SECONDS
    "$@" >"$logfile" 2>&1 &
    local pid=$!
    local last_report=$start
    while kill -0 "$pid" 2>/dev/null; do
        local elapsed=$((SECONDS - start))
        if [[ -t 1 ]]; then
            printf '\r%s... %s' "$description" "$(format_duration "$elapsed")"
        elif (( SECONDS - last_report >= 30 )); then
            printf '%s... %s\n' "$description" "$(format_duration "$elapsed")"
            last_report=$SECONDS
        fi
        sleep 1
    done
    local status=0
    wait "$pid" || status=$?
    local elapsed=$((SECONDS - start))
    [[ -t 1 ]] && printf '\r\033[K'
    if (( status != 0 )); then
        printf '%sfailed:%s %s (after %s, exit code %d)\n' "$C_RED" "$C_RESET" "$description" "$(format_duration "$elapsed")" "$status" >&2
        printf '%s--- last lines of %s ---%s\n' "$C_DIM" "$logfile" "$C_RESET" >&2
        tail -n 25 "$logfile" >&2
        printf '%s--- full log: %s ---%s\n' "$C_DIM" "$logfile" "$C_RESET" >&2
        return "$status"
    fi
    ok "$description ($(format_duration "$elapsed"))"
}

# Size of a directory for humans, or "-" when it does not exist.
dir_size() {
    if [[ -e "$1" ]]; then du -sh "$1" 2>/dev/null | cut -f1; else echo "-"; fi
}

# in_dir DIR COMMAND...: runs COMMAND in DIR (usable as a run_step command).
in_dir() {
    local dir=$1
    shift
    cd "$dir" && "$@"
}
