# shellcheck shell=bash
# Prerequisites (JDK 25, Go) and the builds of MinIO, lakeFS and the Maven project.
# Binaries are cached outside the work tree, keyed by version and by the hash of the pinning
# go.sum, so a second run does not rebuild.

DATAMESH_CACHE_DIR=${DATAMESH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/trino-datamesh}
REQUIRED_JAVA_MAJOR=25
REQUIRED_GO_VERSION=1.26.4

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

# Selects a JDK 25: JAVA_HOME when it is one, else a JDK 25 installed in the usual places.
select_jdk() {
    local candidate major
    if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
        major=$(java_major "$JAVA_HOME")
        if [[ "$major" == "$REQUIRED_JAVA_MAJOR" ]]; then
            export JAVA_HOME
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
        major=$(java_major "$candidate")
        if [[ "$major" == "$REQUIRED_JAVA_MAJOR" ]]; then
            JAVA_HOME=$(cd "$candidate" && pwd -P)
            export JAVA_HOME
            return 0
        fi
    done
    local found="none"
    if [[ -n "${JAVA_HOME:-}" ]]; then found="JAVA_HOME=$JAVA_HOME is Java $(java_major "$JAVA_HOME")"; fi
    die "JDK $REQUIRED_JAVA_MAJOR not found ($found; searched /usr/lib/jvm, /opt/java, ~/.sdkman and ~/.jdks).
       Trino 483 is compiled for Java $REQUIRED_JAVA_MAJOR. Install one (for example Temurin: apt install temurin-25-jdk)
       and run again, or point JAVA_HOME at it."
}

# Compares dotted versions: version_at_least 1.26.8 1.26.4
version_at_least() {
    [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

require_go() {
    command -v go >/dev/null 2>&1 || die "Go $REQUIRED_GO_VERSION or newer is needed to build MinIO and lakeFS once (they are cached afterwards), and 'go' is not on PATH.
       Install Go from https://go.dev/dl/ and run again."
    local version
    version=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
    version_at_least "$version" "$REQUIRED_GO_VERSION" || die "Go $REQUIRED_GO_VERSION or newer is needed to build lakeFS v1.84.0; found go $version ($(command -v go))."
}

# Version a tool module pins, as written in its go.mod: module_version tools/lakefs github.com/treeverse/lakefs
module_version() {
    sed -n "s|^[[:space:]]*$2 \\(v[^ ]*\\).*|\\1|p" "$DATAMESH_ROOT/$1/go.mod" | head -n1
}

# Path of a cached binary: <cache>/bin/<name>-<version>-<hash of go.mod and go.sum>/<name>
tool_binary() {
    local name=$1 module_dir=$2 module=$3 version hash
    version=$(module_version "$module_dir" "$module")
    hash=$(cat "$DATAMESH_ROOT/$module_dir/go.mod" "$DATAMESH_ROOT/$module_dir/go.sum" | sha256sum | cut -c1-10)
    echo "$DATAMESH_CACHE_DIR/bin/$name-$version-$hash/$name"
}

minio_binary() { tool_binary minio tools/minio github.com/minio/minio; }
lakefs_binary() { tool_binary lakefs tools/lakefs github.com/treeverse/lakefs; }
toxiproxy_binary() { tool_binary toxiproxy tools/toxiproxy github.com/Shopify/toxiproxy/v2; }

# build_tool NAME MODULE_DIR MODULE PACKAGE [LDFLAGS]: builds the binary a tool module pins, unless cached.
build_tool() {
    local name=$1 module_dir=$2 module=$3 package=$4 ldflags=${5:-}
    local binary version
    binary=$(tool_binary "$name" "$module_dir" "$module")
    version=$(module_version "$module_dir" "$module")
    [[ -x "$binary" ]] && return 0
    require_go
    local target_dir tmp
    target_dir=$(dirname "$binary")
    mkdir -p "$DATAMESH_CACHE_DIR/bin" "$DATAMESH_CACHE_DIR/logs"
    tmp=$(mktemp -d "$DATAMESH_CACHE_DIR/bin/.build-$name-XXXXXX")
    # go.sum pins every module's hash, so no checksum database is consulted (none is reachable offline)
    run_step "Building $name $version from the Go module proxy (first run only, a few minutes)" \
        "$DATAMESH_CACHE_DIR/logs/build-$name.log" \
        in_dir "$DATAMESH_ROOT/$module_dir" env CGO_ENABLED=0 GOFLAGS=-mod=readonly GOSUMDB=off GOTOOLCHAIN=local \
        go build -trimpath -ldflags "-s -w $ldflags" -o "$tmp/$name" "$package" || { rm -rf "$tmp"; return 1; }
    mkdir -p "$target_dir"
    mv "$tmp/$name" "$binary"
    rm -rf "$tmp"
}

build_servers() {
    build_tool minio tools/minio github.com/minio/minio github.com/minio/minio
    build_tool lakefs tools/lakefs github.com/treeverse/lakefs github.com/treeverse/lakefs/cmd/lakefs "-X github.com/treeverse/lakefs/pkg/version.Version=$(module_version tools/lakefs github.com/treeverse/lakefs)"
    # the fault injector of DATAMESH_PROXIES=1 (seconds to build)
    build_tool toxiproxy tools/toxiproxy github.com/Shopify/toxiproxy/v2 github.com/Shopify/toxiproxy/v2/cmd/server "-X github.com/Shopify/toxiproxy/v2.Version=$(module_version tools/toxiproxy github.com/Shopify/toxiproxy/v2)"
}

maven() {
    # Maven's own Guice uses sun.misc.Unsafe, which JDK 25 warns about
    MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" "$DATAMESH_ROOT/mvnw" -f "$DATAMESH_ROOT/pom.xml" "$@"
}

TRINO_SERVER_DIR="$DATAMESH_ROOT/trino-server/target/trino-server-483"
TOOLS_CLASSPATH_FILE="$DATAMESH_ROOT/integration-tests/target/classpath.txt"

# Builds the plugins, the Trino server and the data loaders when a source or pom changed since
# the last build.
build_java() {
    local stamp="$DATAMESH_ROOT/integration-tests/target/.datamesh-build-stamp"
    if [[ -f "$stamp" && -d "$TRINO_SERVER_DIR" && -f "$TOOLS_CLASSPATH_FILE" ]] &&
        [[ -z "$(find "$DATAMESH_ROOT" -path "$DATAMESH_ROOT/.git" -prune -o -path '*/target' -prune -o -path "$DATAMESH_ROOT/.datamesh" -prune -o \
            \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]]; then
        return 0
    fi
    run_step "Building the plugins and the Trino 483 server with Maven" "$DATAMESH_CACHE_DIR/logs/build-java.log" \
        maven -B --no-transfer-progress -DskipTests package
    touch "$stamp"
}
