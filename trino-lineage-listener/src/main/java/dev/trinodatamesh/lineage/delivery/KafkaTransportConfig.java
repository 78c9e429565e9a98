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
package dev.trinodatamesh.lineage.delivery;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;

/**
 * The {@code kafka} transport.
 */
public class KafkaTransportConfig
{
    private String bootstrapServers;
    private String topic = "openlineage";
    private int senders = 2;

    public Optional<String> getBootstrapServers()
    {
        return Optional.ofNullable(bootstrapServers);
    }

    @Config("lineage.kafka.bootstrap-servers")
    @ConfigDescription("Kafka bootstrap servers of the kafka transport")
    public KafkaTransportConfig setBootstrapServers(String bootstrapServers)
    {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    @NotNull
    public String getTopic()
    {
        return topic;
    }

    @Config("lineage.kafka.topic")
    @ConfigDescription("Kafka topic of the kafka transport")
    public KafkaTransportConfig setTopic(String topic)
    {
        this.topic = topic;
        return this;
    }

    @Min(1)
    @Max(64)
    public int getSenders()
    {
        return senders;
    }

    @Config("lineage.kafka.senders")
    @ConfigDescription("Producers sending at once; the events of one query always go through the same sender, in order")
    public KafkaTransportConfig setSenders(int senders)
    {
        this.senders = senders;
        return this;
    }
}
