-- Revenue per customer nation and order year, across the sales and customers domains.
SELECT
    n.name AS nation,
    year(o.orderdate) AS orderyear,
    count(*) AS orders,
    sum(o.totalprice) AS revenue
FROM {{ source('sales', 'orders') }} o
JOIN {{ source('customers', 'customer') }} c ON o.custkey = c.custkey
JOIN {{ source('customers', 'nation') }} n ON c.nationkey = n.nationkey
GROUP BY n.name, year(o.orderdate)
