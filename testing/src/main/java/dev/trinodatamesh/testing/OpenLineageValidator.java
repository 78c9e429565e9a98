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
package dev.trinodatamesh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * Validates OpenLineage events strictly against the OpenLineage 2-0-2 JSON schemas, offline: the
 * event against {@code OpenLineage.json}, and every facet against its facet schema, chosen by the
 * facet's key and the kind of facet (run, job, dataset, input or output). A facet without a
 * schema is an error. The schemas' {@code https://openlineage.io/spec/...} IDs map to local files.
 */
public final class OpenLineageValidator
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern FACET_ID = Pattern.compile("https://openlineage\\.io/spec/facets/[^/]+/([A-Za-z]+)\\.json(#.*)?");
    private static final Pattern PARENT_KIND = Pattern.compile("OpenLineage\\.json#/\\$defs/(RunFacet|JobFacet|DatasetFacet|InputDatasetFacet|OutputDatasetFacet)");

    private final JsonSchema runEventSchema;
    // facet kind -> facet key -> schema of the facets object that holds it
    private final Map<String, Map<String, JsonSchema>> facetSchemas = new HashMap<>();

    public OpenLineageValidator(Path specDirectory)
    {
        Path core = specDirectory.resolve("OpenLineage.json");
        Path facets = specDirectory.resolve("facets");
        if (!Files.isRegularFile(core) || !Files.isDirectory(facets)) {
            throw new IllegalStateException("No OpenLineage spec (OpenLineage.json and facets/) in " + specDirectory);
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.schemaMappers(mappers -> mappers.add(iri -> map(iri, specDirectory))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        this.runEventSchema = factory.getSchema(SchemaLocation.of("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"), config);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(facets, "*.json")) {
            for (Path file : files) {
                JsonNode schema = MAPPER.readTree(file.toFile());
                String id = schema.path("$id").asText();
                Matcher kind = PARENT_KIND.matcher(schema.toString());
                if (id.isEmpty() || !kind.find()) {
                    continue;
                }
                JsonSchema facetsSchema = factory.getSchema(SchemaLocation.of(id), config);
                schema.path("properties").fieldNames().forEachRemaining(key ->
                        facetSchemas.computeIfAbsent(kind.group(1), _ -> new HashMap<>()).put(key, facetsSchema));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The schemas of this workplace: {@code DATAMESH_OPENLINEAGE_SPEC} (or the system property
     * {@code openlineage.spec.dir}), else {@code openlineage-spec/} in the {@code shared/} directory beside
     * the project, else {@code /work/shared/openlineage-spec}.
     */
    public static OpenLineageValidator forWorkplace(Path projectRoot)
    {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("openlineage.spec.dir")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("DATAMESH_OPENLINEAGE_SPEC")).map(Path::of).ifPresent(candidates::add);
        candidates.add(projectRoot.toAbsolutePath().resolveSibling("shared").resolve("openlineage-spec"));
        candidates.add(Path.of("/work/shared/openlineage-spec"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("OpenLineage.json"))) {
                return new OpenLineageValidator(candidate);
            }
        }
        throw new IllegalStateException("The OpenLineage 2-0-2 JSON schemas are needed to validate lineage events; none found in %s. Set DATAMESH_OPENLINEAGE_SPEC to the directory that holds OpenLineage.json and facets/".formatted(candidates));
    }

    private static AbsoluteIri map(AbsoluteIri iri, Path specDirectory)
    {
        String value = iri.toString();
        if (value.startsWith("https://openlineage.io/spec/2-0-2/OpenLineage.json")) {
            return AbsoluteIri.of(specDirectory.resolve("OpenLineage.json").toUri().toString() + value.substring("https://openlineage.io/spec/2-0-2/OpenLineage.json".length()));
        }
        Matcher facet = FACET_ID.matcher(value);
        if (facet.matches()) {
            return AbsoluteIri.of(specDirectory.resolve("facets").resolve(facet.group(1) + ".json").toUri().toString() + (facet.group(2) == null ? "" : facet.group(2)));
        }
        return null;
    }

    /**
     * Every problem of the event, empty when it is valid.
     */
    public List<String> validate(String eventJson)
    {
        JsonNode event;
        try {
            event = MAPPER.readTree(eventJson);
        }
        catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        ImmutableList.Builder<String> problems = ImmutableList.builder();
        addAll(problems, "event", runEventSchema.validate(event));
        validateFacets(problems, "run.facets", "RunFacet", event.path("run").path("facets"));
        validateFacets(problems, "job.facets", "JobFacet", event.path("job").path("facets"));
        int index = 0;
        for (JsonNode input : event.path("inputs")) {
            validateFacets(problems, "inputs[%s].facets".formatted(index), "DatasetFacet", input.path("facets"));
            validateFacets(problems, "inputs[%s].inputFacets".formatted(index), "InputDatasetFacet", input.path("inputFacets"));
            index++;
        }
        index = 0;
        for (JsonNode output : event.path("outputs")) {
            validateFacets(problems, "outputs[%s].facets".formatted(index), "DatasetFacet", output.path("facets"));
            validateFacets(problems, "outputs[%s].outputFacets".formatted(index), "OutputDatasetFacet", output.path("outputFacets"));
            index++;
        }
        return problems.build();
    }

    private void validateFacets(ImmutableList.Builder<String> problems, String where, String kind, JsonNode facets)
    {
        if (facets.isMissingNode() || facets.isNull()) {
            return;
        }
        Map<String, JsonSchema> schemas = facetSchemas.getOrDefault(kind, Map.of());
        facets.fieldNames().forEachRemaining(key -> {
            JsonSchema schema = schemas.get(key);
            if (schema == null) {
                problems.add("%s.%s: no %s schema in the spec for facet '%s'".formatted(where, key, kind, key));
                return;
            }
            addAll(problems, where + "." + key, schema.validate(MAPPER.createObjectNode().set(key, facets.get(key))));
        });
    }

    private static void addAll(ImmutableList.Builder<String> problems, String where, Set<ValidationMessage> messages)
    {
        messages.forEach(message -> problems.add(where + ": " + message.getMessage()));
    }
}
