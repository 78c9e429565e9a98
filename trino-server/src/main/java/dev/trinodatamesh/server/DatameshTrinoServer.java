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
package dev.trinodatamesh.server;

import io.trino.server.Server;

/**
 * Main class of the Trino 483 server that the airlift launcher starts ({@code bin/launcher.properties}).
 * Trino's own {@code TrinoServer} lives in trino-server-main, which is not published for 483.
 */
public final class DatameshTrinoServer
{
    private DatameshTrinoServer() {}

    public static void main(String[] args)
    {
        int feature = Runtime.version().feature();
        if (feature < 25) {
            System.err.printf("ERROR: Trino 483 requires Java 25 or newer, found %s (%s)%n", Runtime.version(), System.getProperty("java.home"));
            System.exit(100);
        }
        String version = DatameshTrinoServer.class.getPackage().getImplementationVersion();
        new Server().start(version == null ? "483" : version);
    }
}
