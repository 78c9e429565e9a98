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

import java.util.Set;
import java.util.TreeSet;

/**
 * Lookups in OpenLineage run events, for assertions.
 */
public final class LineageJson
{
    private LineageJson() {}

    /**
     * The dataset of that name among an event's {@code inputs} or {@code outputs}.
     */
    public static JsonNode dataset(JsonNode datasets, String name)
    {
        for (JsonNode dataset : datasets) {
            if (dataset.path("name").asText().equals(name)) {
                return dataset;
            }
        }
        throw new AssertionError("no dataset " + name + " in " + datasets);
    }

    /**
     * The first transformation ({@code TYPE/SUBTYPE}) by which an input field reaches an output
     * column, in a {@code columnLineage} facet's {@code fields}.
     */
    public static String transformation(JsonNode fields, String outputColumn, String dataset, String inputField)
    {
        for (JsonNode input : fields.path(outputColumn).path("inputFields")) {
            if (input.path("name").asText().equals(dataset) && input.path("field").asText().equals(inputField)) {
                JsonNode transformation = input.path("transformations").path(0);
                return transformation.path("type").asText() + "/" + transformation.path("subtype").asText();
            }
        }
        throw new AssertionError("no input %s.%s for output column %s in %s".formatted(dataset, inputField, outputColumn, fields));
    }

    /**
     * The dataset-wide ({@code INDIRECT}) lineage of a {@code columnLineage} facet, as
     * {@code dataset.field:SUBTYPE}.
     */
    public static Set<String> indirect(JsonNode dataset)
    {
        Set<String> result = new TreeSet<>();
        for (JsonNode input : dataset) {
            for (JsonNode transformation : input.path("transformations")) {
                result.add(input.path("name").asText() + "." + input.path("field").asText() + ":" + transformation.path("subtype").asText());
            }
        }
        return result;
    }
}
