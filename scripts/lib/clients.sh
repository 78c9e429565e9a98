# shellcheck shell=bash
# The clients of the local stack: the Trino CLI, and a Python environment with the trino client,
# dbt-trino and Jupyter for the examples.

TRINO_CLI_JAR="$DATAMESH_ROOT/integration-tests/target/trino-cli/trino-cli.jar"
PYTHON_REQUIREMENTS="$DATAMESH_ROOT/examples/requirements.txt"

# The stack of ./datamesh up, or a clear message that it does not run.
require_local_stack() {
    load_stack_env "$DATAMESH_HOME" 2>/dev/null || die "no local stack in $DATAMESH_HOME: start it with ./datamesh up"
    trino_ready || die "Trino does not answer at $DATAMESH_TRINO_URL: start the stack with ./datamesh up (./datamesh status shows what runs)"
}

# trino_cli ARGS...: the Trino CLI (from Maven Central, fetched by the Maven build) against the local stack.
trino_cli() {
    [[ -f "$TRINO_CLI_JAR" ]] || build_java
    [[ -f "$TRINO_CLI_JAR" ]] || die "the Trino CLI is missing ($TRINO_CLI_JAR) after the build"
    # no java.util.logging output: JLine's notice about a dumb terminal when not on a terminal
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.util.logging.config.file=/dev/null \
        -jar "$TRINO_CLI_JAR" --server "$DATAMESH_TRINO_URL" --user "${USER:-$(id -un)}" "$@"
}

# Sets DATAMESH_PYTHON to a virtual environment with examples/requirements.txt installed, made on
# first use under the cache directory (one per version of the requirements).
python_env() {
    local python=${DATAMESH_SYSTEM_PYTHON:-python3}
    command -v "$python" >/dev/null 2>&1 ||
        die "Python 3.9 or newer is missing (python3): install it to use the Python examples and run their tests"
    "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' ||
        die "Python 3.9 or newer is needed for the Python examples; $python is $("$python" --version 2>&1)"
    "$python" -c 'import venv, ensurepip' 2>/dev/null ||
        die "$python lacks the venv module (on Debian or Ubuntu: apt-get install python3-venv)"
    local hash venv
    hash=$(sha256sum "$PYTHON_REQUIREMENTS" | cut -c1-12)
    venv="$DATAMESH_CACHE_DIR/python/venv-$hash"
    # one install at a time (test runs and clones share the cache); a venv that lost files since
    # it was completed (an interrupted or concurrent install) is made again
    mkdir -p "$DATAMESH_CACHE_DIR/python"
    {
        if command -v flock >/dev/null 2>&1; then flock 9; fi
        if ! python_env_complete "$venv"; then
            rm -rf "$venv"
            run_step "Installing the Python clients (trino, dbt-trino, Jupyter) from PyPI into $venv" \
                "$DATAMESH_CACHE_DIR/logs/python-env.log" \
                bash -c "'$python' -m venv '$venv' && '$venv/bin/python' -m pip install --disable-pip-version-check --no-input -r '$PYTHON_REQUIREMENTS'"
            python_env_complete_files "$venv" || die "the Python clients installed into $venv lack $(python_env_complete_files "$venv" 2>&1)"
            touch "$venv/.complete"
        fi
    } 9>"$DATAMESH_CACHE_DIR/python/.install-$hash.lock"
    DATAMESH_PYTHON="$venv/bin/python"
    export DATAMESH_PYTHON
}

python_env_complete() {
    [[ -f "$1/.complete" ]] && python_env_complete_files "$1" 2>/dev/null
}

# Fails, naming the first one, when a program of the Python environment is missing.
python_env_complete_files() {
    local program
    for program in python dbt jupyter; do
        [[ -x "$1/bin/$program" ]] || { echo "bin/$program" >&2; return 1; }
    done
}

# The environment the examples read: where Trino listens.
export_client_env() {
    export TRINO_HOST=$BIND_HOST TRINO_PORT=$DATAMESH_TRINO_PORT
}
