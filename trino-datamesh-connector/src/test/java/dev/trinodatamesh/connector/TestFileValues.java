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

import com.google.common.collect.ImmutableMap;
import io.trino.spi.TrinoException;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.NullableValue;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.predicate.ValueSet;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestFileValues
{
    private static final DatameshColumnHandle YEAR = new DatameshColumnHandle("shipyear", BIGINT, DatameshColumnHandle.Kind.PARTITION_KEY);
    private static final DatameshColumnHandle DAY = new DatameshColumnHandle("day", DATE, DatameshColumnHandle.Kind.PARTITION_KEY);
    private static final DatameshColumnHandle PRICE = new DatameshColumnHandle("price", BIGINT, DatameshColumnHandle.Kind.REGULAR);
    private static final List<DatameshColumnHandle> PARTITIONS = List.of(YEAR, DAY);

    private static FileValues file(String year, String day)
    {
        return new FileValues(PARTITIONS, List.of(Optional.ofNullable(year), Optional.ofNullable(day)), "t/shipyear=%s/day=%s/part-0.parquet".formatted(year, day), 1234);
    }

    @Test
    void valuesOfTheFileLevelColumns()
    {
        FileValues values = file("1995", "1995-03-01");
        assertThat(values.get(YEAR)).contains(NullableValue.of(BIGINT, 1995L));
        assertThat(values.get(DAY)).contains(NullableValue.of(DATE, LocalDate.parse("1995-03-01").toEpochDay()));
        assertThat(values.get(DatameshColumnHandle.PATH_COLUMN)).contains(NullableValue.of(VARCHAR, utf8Slice("t/shipyear=1995/day=1995-03-01/part-0.parquet")));
        assertThat(values.get(DatameshColumnHandle.FILE_SIZE_COLUMN)).contains(NullableValue.of(BIGINT, 1234L));
        assertThat(file(null, "1995-03-01").get(YEAR)).contains(NullableValue.asNull(BIGINT));
        // a partition column of another table
        assertThat(values.get(new DatameshColumnHandle("region", VARCHAR, DatameshColumnHandle.Kind.PARTITION_KEY))).isEmpty();
        assertThatThrownBy(() -> values.get(PRICE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesDecidesOnFileLevelColumnsOnly()
    {
        FileValues values = file("1995", "1995-03-01");
        assertThat(values.matches(TupleDomain.all())).isTrue();
        assertThat(values.matches(TupleDomain.none())).isFalse();
        assertThat(values.matches(TupleDomain.withColumnDomains(ImmutableMap.of(YEAR, Domain.singleValue(BIGINT, 1995L))))).isTrue();
        assertThat(values.matches(TupleDomain.withColumnDomains(ImmutableMap.of(YEAR, Domain.singleValue(BIGINT, 1996L))))).isFalse();
        assertThat(values.matches(TupleDomain.withColumnDomains(ImmutableMap.of(
                YEAR, Domain.create(ValueSet.ofRanges(Range.greaterThan(BIGINT, 1990L)), false),
                DatameshColumnHandle.FILE_SIZE_COLUMN, Domain.singleValue(BIGINT, 99L))))).isFalse();
        // data columns are decided by the reader, never here
        assertThat(values.matches(TupleDomain.withColumnDomains(ImmutableMap.of(PRICE, Domain.singleValue(BIGINT, -1L))))).isTrue();
        // NULL partition values match IS NULL only
        assertThat(file(null, "1995-03-01").matches(TupleDomain.withColumnDomains(ImmutableMap.of(YEAR, Domain.onlyNull(BIGINT))))).isTrue();
        assertThat(file(null, "1995-03-01").matches(TupleDomain.withColumnDomains(ImmutableMap.of(YEAR, Domain.notNull(BIGINT))))).isFalse();
    }

    @Test
    void invalidPartitionValueNamesTheFile()
    {
        assertThatThrownBy(() -> file("nineteen", "1995-03-01").get(YEAR))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Partition value 'nineteen' of column 'shipyear' in the path of 't/shipyear=nineteen/day=1995-03-01/part-0.parquet' is not a valid bigint");
    }
}
