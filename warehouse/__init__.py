"""The DuckDB warehouse: schema files, migrations, atomic loading and named queries.

Every SQL statement and every connection of PlanAtlas lives in this package.
"""
