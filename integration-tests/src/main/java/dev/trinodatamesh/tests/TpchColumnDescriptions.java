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
package dev.trinodatamesh.tests;

import com.google.common.collect.ImmutableMap;

import java.util.Map;

/**
 * Descriptions of the TPC-H columns, for the data products' descriptors (from the TPC-H
 * specification's table layouts).
 */
final class TpchColumnDescriptions
{
    private static final Map<String, String> DESCRIPTIONS = ImmutableMap.<String, String>builder()
            .put("nation.nationkey", "Nation identifier")
            .put("nation.name", "Name of the nation")
            .put("nation.regionkey", "Region of the nation (region.regionkey)")
            .put("region.regionkey", "Region identifier")
            .put("region.name", "Name of the region")
            .put("part.partkey", "Part identifier")
            .put("part.name", "Name of the part")
            .put("part.mfgr", "Manufacturer")
            .put("part.brand", "Brand")
            .put("part.type", "Type of the part")
            .put("part.size", "Size of the part")
            .put("part.container", "Shipping container")
            .put("part.retailprice", "Retail price in USD")
            .put("supplier.suppkey", "Supplier identifier")
            .put("supplier.name", "Name of the supplier")
            .put("supplier.address", "Address of the supplier")
            .put("supplier.nationkey", "Nation of the supplier (nation.nationkey)")
            .put("supplier.phone", "Phone number")
            .put("supplier.acctbal", "Account balance in USD")
            .put("partsupp.partkey", "Part (part.partkey)")
            .put("partsupp.suppkey", "Supplier (supplier.suppkey)")
            .put("partsupp.availqty", "Quantity the supplier has available")
            .put("partsupp.supplycost", "Cost of one unit from this supplier in USD")
            .put("customer.custkey", "Customer identifier")
            .put("customer.name", "Name of the customer")
            .put("customer.address", "Address of the customer")
            .put("customer.nationkey", "Nation of the customer (nation.nationkey)")
            .put("customer.phone", "Phone number")
            .put("customer.acctbal", "Account balance in USD")
            .put("customer.mktsegment", "Market segment")
            .put("orders.orderkey", "Order identifier")
            .put("orders.custkey", "Customer who placed the order (customer.custkey)")
            .put("orders.orderstatus", "F (fulfilled), O (open) or P (partially fulfilled)")
            .put("orders.totalprice", "Total price of the order in USD")
            .put("orders.orderdate", "Date the order was placed")
            .put("orders.orderpriority", "Priority of the order")
            .put("orders.clerk", "Clerk who handled the order")
            .put("orders.shippriority", "Shipping priority")
            .put("lineitem.orderkey", "Order of the line (orders.orderkey)")
            .put("lineitem.partkey", "Part ordered (part.partkey)")
            .put("lineitem.suppkey", "Supplier of the part (supplier.suppkey)")
            .put("lineitem.linenumber", "Line number within the order")
            .put("lineitem.quantity", "Quantity ordered")
            .put("lineitem.extendedprice", "quantity * part retail price, in USD")
            .put("lineitem.discount", "Discount, a fraction between 0.00 and 0.10")
            .put("lineitem.tax", "Tax, a fraction between 0.00 and 0.08")
            .put("lineitem.returnflag", "R (returned), A (accepted) or N (none)")
            .put("lineitem.linestatus", "F (shipped) or O (open)")
            .put("lineitem.shipdate", "Date the line was shipped")
            .put("lineitem.commitdate", "Date the line was committed to ship")
            .put("lineitem.receiptdate", "Date the line was received")
            .put("lineitem.shipinstruct", "Shipping instructions")
            .put("lineitem.shipmode", "Mode of shipment")
            .buildOrThrow();

    private TpchColumnDescriptions() {}

    static String describe(String table, String column)
    {
        return DESCRIPTIONS.getOrDefault(table + "." + column, column.equals("comment") ? "Free-text comment" : "TPC-H column " + column);
    }
}
