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

import io.airlift.units.Duration;
import io.trino.spi.security.GroupProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestFileGroupProvider
{
    @Test
    void readsGroupsAndReloadsAChangedFile()
            throws IOException
    {
        Path file = Files.createTempFile("groups", ".txt");
        Files.writeString(file, "# the sales team\nsales: sally, sam\nanalysts:ana,sam\n\nempty:\n", UTF_8);
        AtomicLong now = new AtomicLong();
        FileGroupProvider provider = new FileGroupProvider(file, new Duration(5, SECONDS), now::get);
        assertThat(provider.getGroups("sam")).containsExactlyInAnyOrder("sales", "analysts");
        assertThat(provider.getGroups("sally")).containsExactly("sales");
        assertThat(provider.getGroups("nobody")).isEmpty();

        Files.writeString(file, "analysts:sally\n", UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        // within the refresh period the old groups stay
        now.addAndGet(SECONDS.toNanos(1));
        assertThat(provider.getGroups("sally")).containsExactly("sales");
        now.addAndGet(SECONDS.toNanos(5));
        assertThat(provider.getGroups("sally")).containsExactly("analysts");
        assertThat(provider.getGroups("sam")).isEmpty();
    }

    @Test
    void badLinesAndPropertiesAreNamed()
            throws IOException
    {
        assertThatThrownBy(() -> FileGroupProvider.parse("groups.txt", List.of("sales:sally", "ana")))
                .hasMessage("Line 2 of the group file groups.txt is not 'group:user1,user2': ana");
        FileGroupProviderFactory factory = new FileGroupProviderFactory();
        assertThat(factory.getName()).isEqualTo("datamesh-file");
        assertThatThrownBy(() -> factory.create(Map.of("file.group-file", "x", "file.group", "y")))
                .hasMessage("Group provider datamesh-file: unknown property 'file.group'; expected [file.group-file, file.refresh-period]");
        assertThatThrownBy(() -> factory.create(Map.of()))
                .hasMessage("Group provider datamesh-file: 'file.group-file' (the file of lines group:user1,user2) is not set");
        Path file = Files.createTempFile("groups", ".txt");
        Files.writeString(file, "platform:admin\n", UTF_8);
        assertThatThrownBy(() -> factory.create(Map.of("file.group-file", file.toString(), "file.refresh-period", "soon")))
                .hasMessage("Group provider datamesh-file: 'file.refresh-period' is not a duration such as 5s: soon");
        GroupProvider provider = factory.create(Map.of("file.group-file", file.toString()));
        assertThat(provider.getGroups("admin")).containsExactly("platform");
    }

    @Test
    void relativeFilesAreBesideTheServerConfig()
    {
        assertThat(FileGroupProviderFactory.resolve(Path.of("groups.txt"), Optional.of("/opt/trino/etc/config.properties"))).isEqualTo(Path.of("/opt/trino/etc/groups.txt"));
        assertThat(FileGroupProviderFactory.resolve(Path.of("/srv/groups.txt"), Optional.of("/opt/trino/etc/config.properties"))).isEqualTo(Path.of("/srv/groups.txt"));
        assertThat(FileGroupProviderFactory.resolve(Path.of("groups.txt"), Optional.empty())).isEqualTo(Path.of("groups.txt"));
    }
}
