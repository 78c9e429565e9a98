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
package dev.trinodatamesh.tests.demo;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.trinodatamesh.testing.ParquetFiles;
import dev.trinodatamesh.testing.TpchData;
import dev.trinodatamesh.tests.LakeFsFixture;
import dev.trinodatamesh.tests.ObjectStore;
import dev.trinodatamesh.tests.TpchProducts;
import io.lakefs.clients.sdk.model.Commit;
import io.trino.spi.type.Type;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Loads the demo data domains of {@code ./datamesh up} into lakeFS: one repository per domain,
 * TPC-H data products with descriptors on {@code main}, a tag {@code v1}, and a branch {@code dev}
 * with a committed change. Domains that are complete are left as they are.
 * <p>
 * Endpoints and credentials come from the stack's environment ({@code DATAMESH_LAKEFS_ENDPOINT},
 * {@code DATAMESH_S3_ENDPOINT}, ...).
 */
public final class DemoDomains
{
    public static final String TAG = "v1";
    public static final String DEV_BRANCH = "dev";
    /** The orders that only the {@code dev} branch of {@code sales} has. */
    public static final int DEV_ORDERS = 1_000;
    public static final long FIRST_DEV_ORDER_KEY = 900_000_001L;

    public record Product(String table, Optional<String> partitionColumn, Optional<String> dateColumn, String description)
    {
        public Product
        {
            requireNonNull(table, "table is null");
            requireNonNull(partitionColumn, "partitionColumn is null");
            requireNonNull(dateColumn, "dateColumn is null");
            requireNonNull(description, "description is null");
        }

        static Product of(String table, String description)
        {
            return new Product(table, Optional.empty(), Optional.empty(), description);
        }
    }

    public record Domain(String repository, String owner, List<Product> products)
    {
        public Domain
        {
            requireNonNull(repository, "repository is null");
            requireNonNull(owner, "owner is null");
            products = ImmutableList.copyOf(products);
        }
    }

    public static final List<Domain> DOMAINS = ImmutableList.of(
            new Domain("sales", "sales-team@example.com", ImmutableList.of(
                    Product.of("orders", "Orders placed by customers, one row per order"),
                    new Product("lineitem", Optional.of("shipyear"), Optional.of("shipdate"), "Order lines: the parts of each order, their prices and shipping, partitioned by ship year"))),
            new Domain("customers", "crm-team@example.com", ImmutableList.of(
                    Product.of("customer", "Customers, with their market segment and nation"),
                    Product.of("nation", "The 25 nations customers and suppliers are in"),
                    Product.of("region", "The 5 regions of the nations"))),
            new Domain("supply", "supply-chain@example.com", ImmutableList.of(
                    Product.of("part", "Parts that suppliers sell"),
                    Product.of("supplier", "Suppliers, with their nation and account balance"),
                    Product.of("partsupp", "Which supplier sells which part, at what cost and availability"))));

    private final LakeFsFixture lakeFs;
    private final double scale;

    public DemoDomains(LakeFsFixture lakeFs, double scale)
    {
        this.lakeFs = requireNonNull(lakeFs, "lakeFs is null");
        this.scale = scale;
    }

    public static void main(String[] args)
    {
        double scale = 0.1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--scale") && i + 1 < args.length) {
                scale = parseScale(args[++i]);
            }
            else {
                throw new IllegalArgumentException("unknown argument %s; usage: DemoDomains [--scale 0.1]".formatted(args[i]));
            }
        }
        try (ObjectStore objectStore = new ObjectStore(URI.create(env("DATAMESH_S3_ENDPOINT")), env("DATAMESH_S3_REGION"), env("DATAMESH_S3_ACCESS_KEY"), env("DATAMESH_S3_SECRET_KEY"))) {
            LakeFsFixture lakeFs = new LakeFsFixture(URI.create(env("DATAMESH_LAKEFS_ENDPOINT")), env("DATAMESH_LAKEFS_ACCESS_KEY_ID"), env("DATAMESH_LAKEFS_SECRET_ACCESS_KEY"), objectStore, env("DATAMESH_BUCKET"));
            new DemoDomains(lakeFs, scale).load();
        }
    }

    static double parseScale(String value)
    {
        double scale;
        try {
            scale = Double.parseDouble(value);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("--scale must be a number such as 0.1, not '%s'".formatted(value));
        }
        if (!(scale > 0 && scale <= 100)) {
            throw new IllegalArgumentException("--scale must be above 0 and at most 100, not " + value);
        }
        return scale;
    }

    public void load()
    {
        for (Domain domain : DOMAINS) {
            Optional<Commit> tagged = lakeFs.findCommit(domain.repository(), TAG);
            Optional<Commit> dev = lakeFs.findCommit(domain.repository(), DEV_BRANCH);
            // complete: the tag exists and dev carries its change (the last step of a load)
            if (tagged.isPresent() && dev.isPresent() && !dev.orElseThrow().getId().equals(tagged.orElseThrow().getId())) {
                String loadedScale = tagged.orElseThrow().getMetadata() == null ? "?" : tagged.orElseThrow().getMetadata().getOrDefault("scale", "?");
                progress("%-10s present (TPC-H scale %s, tag %s at %s)%s", domain.repository(), loadedScale, TAG, shortId(tagged.orElseThrow().getId()),
                        loadedScale.equals(scaleText()) ? "" : "; ./datamesh down --purge, then up, to load scale " + scaleText());
                continue;
            }
            load(domain);
        }
    }

    /**
     * Loads a domain, or finishes the load that an interrupted run left: each step is skipped when
     * its result is there (products committed on main, the tag, the dev branch and its change).
     */
    private void load(Domain domain)
    {
        long start = System.nanoTime();
        String repository = domain.repository();
        if (!lakeFs.repositoryExists(repository)) {
            lakeFs.createRepository(repository);
        }
        else {
            progress("%-10s incomplete (an interrupted load?): finishing it", repository);
        }
        Commit main = lakeFs.findCommit(repository, "main").orElseThrow(() -> new IllegalStateException("repository %s has no branch main".formatted(repository)));
        String loaded;
        if (main.getMetadata() != null && "tpch".equals(main.getMetadata().get("source"))) {
            loaded = main.getId();
        }
        else {
            lakeFs.resetBranch(repository, "main");
            writeProducts(domain);
            loaded = lakeFs.commit(repository, "main", "Load the TPC-H data products at scale " + scaleText(),
                    ImmutableMap.of("source", "tpch", "scale", scaleText()), null);
        }
        if (lakeFs.findCommit(repository, TAG).isEmpty()) {
            lakeFs.createTag(repository, TAG, loaded);
        }
        Optional<Commit> dev = lakeFs.findCommit(repository, DEV_BRANCH);
        if (dev.isEmpty()) {
            lakeFs.createBranch(repository, DEV_BRANCH, TAG);
        }
        else {
            lakeFs.resetBranch(repository, DEV_BRANCH);
        }
        if (dev.isEmpty() || dev.orElseThrow().getId().equals(loaded)) {
            switch (repository) {
                case "sales" -> addDevOrders(repository);
                case "customers" -> addDevCustomers(repository);
                case "supply" -> addDevSuppliers(repository);
                default -> throw new IllegalStateException("no dev change for " + repository);
            }
        }
        progress("%-10s loaded: main at %s, tag %s, branch %s (%.1f s)", repository, shortId(loaded), TAG, DEV_BRANCH, seconds(start));
    }

    private void writeProducts(Domain domain)
    {
        for (Product product : domain.products()) {
            long productStart = System.nanoTime();
            TpchProducts tpch = product.partitionColumn().isPresent()
                    ? TpchProducts.partitioned(product.table(), product.partitionColumn().orElseThrow(), product.dateColumn().orElseThrow(), filesOf(product.table()))
                    : TpchProducts.of(product.table(), filesOf(product.table()));
            AtomicInteger files = new AtomicInteger();
            AtomicLong bytes = new AtomicLong();
            tpch.write(scale, 2, (path, content) -> {
                lakeFs.putObject(domain.repository(), "main", path, content);
                files.incrementAndGet();
                bytes.addAndGet(content.length);
            });
            lakeFs.putObject(domain.repository(), "main", tpch.descriptorPath(), tpch.descriptor(domain.owner(), product.description()).getBytes(UTF_8));
            progress("%-10s %-9s %3d files, %7.1f MB (%.1f s)", domain.repository(), product.table(), files.get(), bytes.get() / 1e6, seconds(productStart));
        }
    }

    /**
     * The change on {@code sales/dev}: orders of November 2026 from a new order feed, not on main.
     */
    private void addDevOrders(String repository)
    {
        long customers = Math.max(1, Math.round(150_000 * scale));
        String[] priorities = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < DEV_ORDERS; i++) {
            rows.add(ImmutableMap.<String, Object>builder()
                    .put("orderkey", FIRST_DEV_ORDER_KEY + i)
                    // customers that exist at this scale
                    .put("custkey", 1 + (i * 7L) % customers)
                    .put("orderstatus", "O")
                    .put("totalprice", 100_00L + i * 1_37L)
                    .put("orderdate", LocalDate.of(2026, 11, 1 + i % 30).toEpochDay())
                    .put("orderpriority", priorities[i % priorities.length])
                    .put("clerk", "Clerk#%09d".formatted(1 + i % 100))
                    .put("shippriority", 0L)
                    .put("comment", "new order feed, under test")
                    .buildOrThrow());
        }
        addRows(repository, "orders", rows, "Add %d orders of November 2026 from the new order feed".formatted(DEV_ORDERS), "order-feed-v2");
    }

    /**
     * The change on {@code customers/dev}: a new market segment, with its first customers.
     */
    private void addDevCustomers(String repository)
    {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(ImmutableMap.<String, Object>builder()
                    .put("custkey", 900_000_001L + i)
                    .put("name", "Customer#%09d".formatted(900_000_001L + i))
                    .put("address", "%d Public Square".formatted(i + 1))
                    .put("nationkey", (long) (i * 3 % 25))
                    .put("phone", "%02d-555-010-%04d".formatted(10 + i * 3 % 25, i))
                    .put("acctbal", 5_000_00L + i * 250_00L)
                    .put("mktsegment", "GOVERNMENT")
                    .put("comment", "public sector pilot")
                    .buildOrThrow());
        }
        addRows(repository, "customer", rows, "Add the GOVERNMENT market segment and its first 10 customers", "crm-import");
    }

    /**
     * The change on {@code supply/dev}: suppliers being onboarded.
     */
    private void addDevSuppliers(String repository)
    {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(ImmutableMap.<String, Object>builder()
                    .put("suppkey", 900_000_001L + i)
                    .put("name", "Supplier#%09d".formatted(900_000_001L + i))
                    .put("address", "%d Harbour Road".formatted(i + 1))
                    .put("nationkey", (long) (i * 5 % 25))
                    .put("phone", "%02d-555-020-%04d".formatted(10 + i * 5 % 25, i))
                    .put("acctbal", 1_000_00L * (i + 1))
                    .put("comment", "onboarding")
                    .buildOrThrow());
        }
        addRows(repository, "supplier", rows, "Onboard 5 suppliers", "supplier-portal");
    }

    /**
     * Commits one more Parquet file of {@code table} on the dev branch.
     */
    private void addRows(String repository, String table, List<Map<String, Object>> rows, String message, String source)
    {
        List<String> names = TpchData.columnNames(TpchData.table(table));
        List<Type> types = TpchData.types(TpchData.table(table));
        ParquetFiles.Builder file = ParquetFiles.builder(names, types);
        for (Map<String, Object> row : rows) {
            file.row(names.stream().map(name -> requireNonNull(row.get(name), () -> "no value for %s.%s".formatted(table, name))).toArray());
        }
        lakeFs.putObject(repository, DEV_BRANCH, "%s/part-dev.parquet".formatted(table), file.build());
        lakeFs.commit(repository, DEV_BRANCH, message, ImmutableMap.of("source", source), null);
    }

    /**
     * Files per product: one per 100 MB of generated data or so, at least one.
     */
    private int filesOf(String table)
    {
        double perScale = switch (table) {
            case "lineitem" -> 8;
            case "orders" -> 2;
            default -> 1;
        };
        return Math.max(1, (int) Math.round(perScale * scale));
    }

    private String scaleText()
    {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }

    private static String shortId(String commitId)
    {
        return commitId.substring(0, Math.min(12, commitId.length()));
    }

    private static double seconds(long start)
    {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void progress(String format, Object... arguments)
    {
        System.out.printf(Locale.ENGLISH, "    " + format + "%n", arguments);
    }

    private static String env(String name)
    {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the demo loader through ./datamesh up");
        }
        return value;
    }
}
