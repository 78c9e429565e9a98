/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.trinodatamesh.tests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * What can be checked of the Docker deployment without a Docker engine: the Compose file parses,
 * what it mounts exists, its images are pinned, and its ports, endpoints and credentials agree
 * with each other and with etc/.
 */
@TestInstance(PER_CLASS)
final class TestDockerDeployment
{
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{ENV:([A-Z0-9_]+)}");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)}");

    private Path root;
    private Path docker;
    private Map<String, Object> services;
    private Map<String, String> dotEnv;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void parse()
            throws IOException
    {
        root = Path.of(System.getProperty("datamesh.root", "..")).toAbsolutePath().normalize();
        docker = root.resolve("docker");
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(docker.resolve("compose.yaml"), UTF_8));
        services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("minio", "lakefs", "postgres", "trino", "marquez", "marquez-web");
        assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("minio-data", "postgres-data", "trino-data");
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(docker.resolve(".env"), UTF_8)) {
            properties.load(reader);
        }
        dotEnv = new HashMap<>();
        properties.forEach((key, value) -> dotEnv.put((String) key, (String) value));
    }

    @Test
    void everyImageIsPinned()
    {
        services.forEach((name, definition) -> {
            String image = (String) service(name).get("image");
            assertThat(image).as("image of service %s", name).matches("[a-z0-9./-]+:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*").doesNotEndWith(":latest");
        });
        assertThat((String) service("trino").get("image")).isEqualTo("trinodb/trino:483");
        assertThat((String) service("lakefs").get("image")).isEqualTo("treeverse/lakefs:1.84.0");
    }

    @Test
    void everyMountedFileExists()
    {
        // the plugin directories come from the build that runs these tests
        for (String name : services.keySet()) {
            for (String volume : volumes(name)) {
                String source = volume.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(docker.resolve(source).normalize()).as("mount %s of service %s", volume, name).exists();
                }
                else {
                    assertThat(source).as("named volume of service %s", name).matches("[a-z-]+-data");
                }
            }
        }
        assertThat(docker.resolve("../trino-server/target/trino-server-483/plugin/datamesh").normalize().toFile().list())
                .anyMatch(file -> file.startsWith("trino-datamesh-connector-"));
        assertThat(docker.resolve("../trino-server/target/trino-server-483/plugin/datamesh-lineage").normalize().toFile().list())
                .anyMatch(file -> file.startsWith("trino-lineage-listener-"));
    }

    @Test
    void everyVariableTheConfigurationReadsIsSet()
            throws IOException
    {
        Set<String> referenced = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root.resolve("etc"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher matcher = ENV_REFERENCE.matcher(Files.readString(file, UTF_8));
                while (matcher.find()) {
                    referenced.add(matcher.group(1));
                }
            }
        }
        assertThat(referenced).contains("DATAMESH_LAKEFS_ENDPOINT", "DATAMESH_S3_ENDPOINT", "DATAMESH_LINEAGE_URL", "DATAMESH_TRINO_PORT");
        assertThat(environment("trino").keySet()).containsAll(referenced);
        // every ${VARIABLE} of the Compose file is in docker/.env
        services.keySet().forEach(name -> environment(name).values().forEach(value -> {
            Matcher matcher = COMPOSE_VARIABLE.matcher(value);
            while (matcher.find()) {
                assertThat(dotEnv).as("docker/.env, for %s of service %s", matcher.group(1), name).containsKey(matcher.group(1));
            }
        }));
    }

    @Test
    void portsAndEndpointsAgree()
            throws IOException
    {
        Map<String, String> trino = resolved("trino");
        assertThat(ports("trino")).contains(trino.get("DATAMESH_TRINO_PORT") + ":" + trino.get("DATAMESH_TRINO_PORT"));
        assertEndpoint(trino.get("DATAMESH_LAKEFS_ENDPOINT"), "lakefs", resolved("lakefs").get("LAKEFS_LISTEN_ADDRESS").replaceAll(".*:", ""));
        assertEndpoint(trino.get("DATAMESH_S3_ENDPOINT"), "minio", "9000");
        assertEndpoint(resolved("lakefs").get("LAKEFS_BLOCKSTORE_S3_ENDPOINT"), "minio", "9000");
        assertEndpoint(trino.get("DATAMESH_LINEAGE_URL"), "marquez", resolved("marquez").get("MARQUEZ_PORT"));
        assertThat(resolved("marquez-web").get("MARQUEZ_HOST")).isEqualTo("marquez");
        assertThat(trino.get("DATAMESH_LINEAGE_TRANSPORTS")).contains("http");
        // node.properties keeps Trino's data, the lineage spool among it, in the trino-data volume
        Properties node = new Properties();
        try (var reader = Files.newBufferedReader(root.resolve("etc/node.properties"), UTF_8)) {
            node.load(reader);
        }
        assertThat(volumes("trino")).contains("trino-data:" + node.getProperty("node.data-dir"));
        assertThat(trino.get("DATAMESH_LINEAGE_SPOOL_DIR")).startsWith(node.getProperty("node.data-dir") + "/");
        // the host endpoints in docker/.env are the published ports
        assertThat(URI.create(dotEnv.get("DATAMESH_LAKEFS_ENDPOINT")).getPort() + ":8000").isIn(ports("lakefs"));
        assertThat(URI.create(dotEnv.get("DATAMESH_S3_ENDPOINT")).getPort() + ":9000").isIn(ports("minio"));
        assertThat(URI.create(dotEnv.get("DATAMESH_TRINO_URL")).getPort() + ":8080").isIn(ports("trino"));
    }

    @Test
    void credentialsAgree()
            throws IOException
    {
        Map<String, String> trino = resolved("trino");
        Map<String, String> minio = resolved("minio");
        Map<String, String> lakefs = resolved("lakefs");
        assertThat(trino.get("DATAMESH_S3_ACCESS_KEY")).isEqualTo(minio.get("MINIO_ROOT_USER")).isEqualTo(lakefs.get("LAKEFS_BLOCKSTORE_S3_CREDENTIALS_ACCESS_KEY_ID"));
        assertThat(trino.get("DATAMESH_S3_SECRET_KEY")).isEqualTo(minio.get("MINIO_ROOT_PASSWORD")).isEqualTo(lakefs.get("LAKEFS_BLOCKSTORE_S3_CREDENTIALS_SECRET_ACCESS_KEY"));
        assertThat(trino.get("DATAMESH_LAKEFS_ACCESS_KEY_ID")).isEqualTo(lakefs.get("LAKEFS_INSTALLATION_ACCESS_KEY_ID"));
        assertThat(trino.get("DATAMESH_LAKEFS_SECRET_ACCESS_KEY")).isEqualTo(lakefs.get("LAKEFS_INSTALLATION_SECRET_ACCESS_KEY"));
        // lakeFS's S3 gateway takes access key IDs of at most 20 characters
        assertThat(trino.get("DATAMESH_LAKEFS_ACCESS_KEY_ID")).hasSizeLessThanOrEqualTo(20);
        assertThat(lakefs.get("LAKEFS_DATABASE_POSTGRES_CONNECTION_STRING"))
                .contains(":" + resolved("postgres").get("POSTGRES_PASSWORD") + "@postgres:5432/" + resolved("postgres").get("POSTGRES_DB"));
        // Marquez's database user is created by the init script with the password Marquez uses
        String init = Files.readString(docker.resolve("postgres/init.sql"), UTF_8);
        assertThat(init).contains("CREATE USER %s WITH PASSWORD '%s'".formatted(resolved("marquez").get("POSTGRES_USER"), resolved("marquez").get("POSTGRES_PASSWORD")));
        assertThat(init).contains("CREATE DATABASE " + resolved("marquez").get("POSTGRES_DB"));
        // the local stack's defaults are the deployment's, so load-demo and the docs agree
        String stackDefaults = Files.readString(root.resolve("scripts/lib/stack.sh"), UTF_8);
        for (String variable : List.of("DATAMESH_S3_ACCESS_KEY", "DATAMESH_S3_SECRET_KEY", "DATAMESH_LAKEFS_ACCESS_KEY_ID", "DATAMESH_LAKEFS_SECRET_ACCESS_KEY", "DATAMESH_BUCKET")) {
            assertThat(stackDefaults).contains("${%s:=%s}".formatted(variable, dotEnv.get(variable)));
        }
    }

    private void assertEndpoint(String url, String host, String port)
    {
        URI uri = URI.create(url);
        assertThat(uri.getHost()).as(url).isEqualTo(host);
        assertThat(String.valueOf(uri.getPort())).as(url).isEqualTo(port);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name)
    {
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private List<String> volumes(String name)
    {
        return (List<String>) service(name).getOrDefault("volumes", List.of());
    }

    @SuppressWarnings("unchecked")
    private List<String> ports(String name)
    {
        return (List<String>) service(name).getOrDefault("ports", List.of());
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> environment(String name)
    {
        Map<String, Object> environment = (Map<String, Object>) service(name).getOrDefault("environment", Map.of());
        Map<String, String> values = new HashMap<>();
        environment.forEach((key, value) -> values.put(key, String.valueOf(value)));
        return values;
    }

    /**
     * A service's environment with docker/.env substituted, as Compose does.
     */
    private Map<String, String> resolved(String name)
    {
        Map<String, String> values = new HashMap<>();
        environment(name).forEach((key, value) -> {
            Matcher matcher = COMPOSE_VARIABLE.matcher(value);
            StringBuilder result = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(result, Matcher.quoteReplacement(dotEnv.getOrDefault(matcher.group(1), "")));
            }
            matcher.appendTail(result);
            values.put(key, result.toString());
        });
        return values;
    }
}
