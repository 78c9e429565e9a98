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
package dev.trinodatamesh.connector.security;

import com.google.common.collect.ImmutableSet;
import io.airlift.units.Duration;
import io.trino.spi.security.GroupProvider;
import io.trino.spi.security.GroupProviderFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * {@code etc/group-provider.properties}: {@code group-provider.name=datamesh-file},
 * {@code file.group-file=<path>} (absolute, or relative to the directory of the server's
 * {@code config.properties}) and optionally {@code file.refresh-period} (default 5s).
 */
public class FileGroupProviderFactory
        implements GroupProviderFactory
{
    public static final String NAME = "datamesh-file";
    private static final String GROUP_FILE = "file.group-file";
    private static final String REFRESH_PERIOD = "file.refresh-period";
    private static final Set<String> PROPERTIES = ImmutableSet.of(GROUP_FILE, REFRESH_PERIOD);

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public GroupProvider create(Map<String, String> config)
    {
        for (String property : config.keySet()) {
            if (!PROPERTIES.contains(property)) {
                throw new IllegalArgumentException("Group provider %s: unknown property '%s'; expected %s".formatted(NAME, property, PROPERTIES));
            }
        }
        String file = config.get(GROUP_FILE);
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("Group provider %s: '%s' (the file of lines group:user1,user2) is not set".formatted(NAME, GROUP_FILE));
        }
        Duration refreshPeriod;
        try {
            refreshPeriod = config.containsKey(REFRESH_PERIOD) ? Duration.valueOf(config.get(REFRESH_PERIOD)) : new Duration(5, SECONDS);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Group provider %s: '%s' is not a duration such as 5s: %s".formatted(NAME, REFRESH_PERIOD, config.get(REFRESH_PERIOD)), e);
        }
        return new FileGroupProvider(resolve(Path.of(file.strip()), Optional.ofNullable(System.getProperty("config"))), refreshPeriod);
    }

    /**
     * A relative group file is in the server's configuration directory, beside the
     * {@code config.properties} the launcher names in the {@code config} system property.
     */
    static Path resolve(Path file, Optional<String> serverConfig)
    {
        if (file.isAbsolute() || serverConfig.isEmpty()) {
            return file;
        }
        Path configDirectory = Path.of(serverConfig.orElseThrow()).toAbsolutePath().getParent();
        return configDirectory.resolve(file);
    }
}
