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
package dev.trinodatamesh.lineage.event;

import dev.trinodatamesh.lineage.event.PlanLineage.Direct;
import dev.trinodatamesh.lineage.event.PlanLineage.Indirect;
import dev.trinodatamesh.lineage.event.PlanLineage.ScanColumn;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

final class TestPlanLineage
{
    @Test
    void columnHandlesAsConnectorsPrintThem()
    {
        assertThat(PlanLineage.columnMatches("orderkey:bigint:REGULAR", "orderkey")).isTrue();
        assertThat(PlanLineage.columnMatches("orderkey:bigint:REGULAR", "custkey")).isFalse();
        assertThat(PlanLineage.columnMatches("tpch:name", "name")).isTrue();
        assertThat(PlanLineage.columnMatches("MemoryColumnHandle[name=region, type=varchar, columnIndex=2]", "region")).isTrue();
        assertThat(PlanLineage.columnMatches("MemoryColumnHandle[name=region, type=varchar, columnIndex=2]", "name")).isFalse();
    }

    @Test
    void mergedProjectionIsToldApartFromTheScanColumns()
    {
        // ScanFilterProject prints the projection's assignments first, then the scan's
        String plan = """
                {"0": {"name": "Output", "descriptor": {"columnNames": "[label, total]"},
                       "details": ["label := upper_0", "total := sum"],
                       "children": [{"name": "Aggregate", "descriptor": {"keys": "[upper_0]"},
                                     "details": ["sum := sum(price)"],
                                     "children": [{"name": "ScanFilterProject",
                                                   "descriptor": {"table": "sales:main:orders@0123456789ab", "filterPredicate": "(status = 'F')"},
                                                   "details": ["upper_0 := upper(status)", "price := totalprice:decimal(12,2):REGULAR", "status := orderstatus:varchar:REGULAR"],
                                                   "children": []}]}]}}""";
        PlanLineage.Result result = PlanLineage.analyze(Optional.of(plan));
        ScanColumn status = new ScanColumn("sales:main:orders@0123456789ab", "orderstatus:varchar:REGULAR");
        ScanColumn price = new ScanColumn("sales:main:orders@0123456789ab", "totalprice:decimal(12,2):REGULAR");
        assertThat(result.outputs()).containsExactly(
                Map.of(status, Direct.TRANSFORMATION),
                Map.of(price, Direct.AGGREGATION));
        assertThat(result.indirect()).containsEntry(status, Set.of(Indirect.FILTER, Indirect.GROUP_BY));
        assertThat(OpenLineageEvents.tableMatches("sales:main:orders@0123456789ab", "sales", "main", "orders")).isTrue();
        assertThat(OpenLineageEvents.tableMatches("sales:main:orders@0123456789ab", "sales", "main", "lineitem")).isFalse();
        // information_schema handles repeat the catalog name
        assertThat(OpenLineageEvents.tableMatches("sales:sales.main.tables:sales", "sales", "information_schema", "tables")).isTrue();
    }

    @Test
    void unreadablePlanGivesNothing()
    {
        assertThat(PlanLineage.analyze(Optional.of("not json"))).isEqualTo(PlanLineage.Result.EMPTY);
        assertThat(PlanLineage.analyze(Optional.empty())).isEqualTo(PlanLineage.Result.EMPTY);
    }
}
