{{ config(materialized='view') }}
-- The five nations with the most revenue over all years.
SELECT nation, sum(revenue) AS revenue
FROM {{ ref('revenue_by_nation') }}
GROUP BY nation
ORDER BY revenue DESC
LIMIT 5
