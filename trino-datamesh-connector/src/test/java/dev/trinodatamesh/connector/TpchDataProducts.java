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
import dev.trinodatamesh.connector.lakefs.FakeLakeFsClient;
import dev.trinodatamesh.testing.ParquetFiles;
import dev.trinodatamesh.testing.TpchData;
import io.airlift.units.DataSize;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.tpch.TpchTable;

import java.util.ArrayList;
import java.util.List;

import static io.airlift.units.DataSize.Unit.KILOBYTE;

/**
 * TPC-H tables of the tiny scale as data products of a fake lakeFS repository.
 */
final class TpchDataProducts
{
    private TpchDataProducts() {}

    /**
     * Writes {@code table} into {@code files} files under {@code <table>/}, with small row groups.
     */
    static void load(FakeLakeFsClient lakeFs, String branch, String table, int files)
    {
        TpchTable<?> tpchTable = TpchData.table(table);
        List<Page> pages = TpchData.pages(tpchTable, 0.01);
        List<List<Page>> parts = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < pages.size(); i++) {
            parts.get(i % files).add(pages.get(i));
        }
        for (int i = 0; i < files; i++) {
            if (parts.get(i).isEmpty()) {
                continue;
            }
            byte[] content = ParquetFiles.write(TpchData.columnNames(tpchTable), TpchData.types(tpchTable), parts.get(i), smallRowGroups());
            lakeFs.putObject(branch, "%s/part-%05d.parquet".formatted(table, i), content);
        }
    }

    static ParquetWriterOptions smallRowGroups()
    {
        return ParquetWriterOptions.builder()
                .setMaxBlockSize(DataSize.of(64, KILOBYTE))
                .build();
    }

    static List<String> tables()
    {
        return ImmutableList.of("nation", "region", "customer", "orders", "lineitem", "part", "supplier", "partsupp");
    }
}
