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
package dev.trinodatamesh.connector;

import com.google.common.collect.ImmutableList;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.session.PropertyMetadata.stringProperty;

/**
 * {@code CREATE SCHEMA sales.feature_x WITH (source_ref = 'v1')}: the branch starts at that ref.
 */
public final class DatameshSchemaProperties
{
    public static final String SOURCE_REF = "source_ref";

    private DatameshSchemaProperties() {}

    public static List<PropertyMetadata<?>> properties()
    {
        return ImmutableList.of(
                stringProperty(
                        SOURCE_REF,
                        "Branch, tag, commit ID or ref expression the new branch starts from; default: the repository's default branch",
                        null,
                        false));
    }

    public static Optional<String> sourceRef(Map<String, Object> properties)
    {
        return Optional.ofNullable((String) properties.get(SOURCE_REF));
    }
}
