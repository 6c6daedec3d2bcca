"""The store schema (documented in docs/schema.md) and the identifier allow-lists.

Table and column names that reach SQL come only from the constants here; values
are always bound parameters.
"""

from __future__ import annotations

SCHEMA_VERSION = "3"

DDL: tuple[str, ...] = (
    """CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
    """CREATE TABLE area_systems (
        system_code VARCHAR PRIMARY KEY, area_system VARCHAR NOT NULL,
        gebietsstand VARCHAR NOT NULL, package VARCHAR NOT NULL)""",
    """CREATE TABLE area_levels (
        system_code VARCHAR NOT NULL, level VARCHAR NOT NULL, level_rank INTEGER NOT NULL,
        PRIMARY KEY (system_code, level))""",
    """CREATE TABLE areas (
        area_id VARCHAR PRIMARY KEY, local_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
        search_name VARCHAR NOT NULL, level VARCHAR NOT NULL, level_rank INTEGER NOT NULL,
        system_code VARCHAR NOT NULL, area_system VARCHAR NOT NULL, gebietsstand VARCHAR NOT NULL,
        parent_id VARCHAR, valid_from DATE, valid_to DATE, area_km2 DOUBLE NOT NULL,
        centroid_lon DOUBLE NOT NULL, centroid_lat DOUBLE NOT NULL,
        geometry BLOB NOT NULL, geometry_display BLOB NOT NULL)""",
    """CREATE TABLE area_geometry_overview (
        area_id VARCHAR PRIMARY KEY, tolerance_m DOUBLE NOT NULL, geometry BLOB NOT NULL)""",
    """CREATE TABLE area_attributes (
        area_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR,
        PRIMARY KEY (area_id, key))""",
    """CREATE TABLE area_crosswalk (
        from_area VARCHAR NOT NULL, to_area VARCHAR NOT NULL, weight DOUBLE NOT NULL,
        method VARCHAR NOT NULL)""",
    """CREATE TABLE indicators (
        indicator_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, short_name VARCHAR NOT NULL,
        definition VARCHAR NOT NULL, formula VARCHAR, numerator VARCHAR, denominator VARCHAR,
        unit VARCHAR NOT NULL, scale DOUBLE NOT NULL, decimals INTEGER NOT NULL,
        polarity VARCHAR NOT NULL, domain VARCHAR NOT NULL, aggregation VARCHAR NOT NULL,
        source VARCHAR NOT NULL, licence VARCHAR NOT NULL, attribution VARCHAR NOT NULL,
        data_date VARCHAR NOT NULL, min_denominator DOUBLE NOT NULL,
        count_threshold INTEGER NOT NULL, public BOOLEAN NOT NULL, derived BOOLEAN NOT NULL,
        delivered_by VARCHAR)""",
    # the credits of a derived indicator for one area system (a Gemeinde's population share
    # names Destatis, not the city statistics office whose Planungsräume share the indicator)
    """CREATE TABLE indicator_system_sources (
        indicator_id VARCHAR NOT NULL, system_code VARCHAR NOT NULL, source VARCHAR NOT NULL,
        licence VARCHAR NOT NULL, attribution VARCHAR NOT NULL,
        PRIMARY KEY (indicator_id, system_code))""",
    """CREATE TABLE indicator_values (
        indicator_id VARCHAR NOT NULL, area_id VARCHAR NOT NULL, period VARCHAR NOT NULL,
        period_date DATE NOT NULL, value DOUBLE, numerator DOUBLE, denominator DOUBLE,
        flag VARCHAR NOT NULL, flag_reason VARCHAR, contribution_id VARCHAR,
        PRIMARY KEY (indicator_id, area_id, period))""",
    """CREATE TABLE population (
        area_id VARCHAR NOT NULL, period VARCHAR NOT NULL, period_date DATE NOT NULL,
        sex VARCHAR NOT NULL, age_from INTEGER NOT NULL, age_to INTEGER, count DOUBLE,
        flag VARCHAR NOT NULL)""",
    """CREATE TABLE facilities (
        facility_id VARCHAR PRIMARY KEY, service_type VARCHAR NOT NULL, name VARCHAR NOT NULL,
        capacity DOUBLE, operator VARCHAR, operator_type VARCHAR NOT NULL,
        lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, area_id VARCHAR, data_date VARCHAR NOT NULL,
        occupied DOUBLE, waiting_list DOUBLE, contribution_id VARCHAR)""",
    """CREATE TABLE data_sources (
        file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, publisher VARCHAR NOT NULL,
        licence VARCHAR NOT NULL, attribution VARCHAR NOT NULL, stand VARCHAR NOT NULL,
        package VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE parameters (
        name VARCHAR PRIMARY KEY, content JSON NOT NULL, source VARCHAR NOT NULL)""",
    """CREATE TABLE life_tables (
        period VARCHAR NOT NULL, sex VARCHAR NOT NULL, age INTEGER NOT NULL, qx DOUBLE NOT NULL,
        lx DOUBLE, ex DOUBLE, source VARCHAR NOT NULL)""",
    """CREATE TABLE fertility_rates (
        year INTEGER NOT NULL, age INTEGER NOT NULL, asfr DOUBLE NOT NULL, source VARCHAR NOT NULL)""",
    # contributions (Beiträge) of Ämter and Träger, docs/beitraege.md
    """CREATE TABLE contributions (
        contribution_id VARCHAR PRIMARY KEY, publisher VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        stand VARCHAR NOT NULL, licence VARCHAR NOT NULL, attribution VARCHAR NOT NULL,
        contact VARCHAR, description VARCHAR, public BOOLEAN NOT NULL, priority BOOLEAN NOT NULL,
        files VARCHAR NOT NULL, n_facilities INTEGER NOT NULL, n_values INTEGER NOT NULL,
        n_offers INTEGER NOT NULL, n_areas INTEGER NOT NULL, n_conflicts INTEGER NOT NULL,
        imported_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE contribution_offers (
        contribution_id VARCHAR NOT NULL, area_id VARCHAR NOT NULL, offer VARCHAR NOT NULL,
        count DOUBLE, PRIMARY KEY (contribution_id, area_id, offer))""",
    """CREATE TABLE contribution_conflicts (
        contribution_id VARCHAR NOT NULL, item_kind VARCHAR NOT NULL, item_id VARCHAR NOT NULL,
        field VARCHAR NOT NULL, value VARCHAR, other_source VARCHAR NOT NULL, other_value VARCHAR,
        resolution VARCHAR NOT NULL)""",
    # goals and measures (ziele.yaml, massnahmen.yaml; docs/datenpaket.md)
    """CREATE TABLE goals (
        goal_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, topic VARCHAR NOT NULL,
        owner VARCHAR NOT NULL, deadline DATE NOT NULL, status VARCHAR NOT NULL,
        public BOOLEAN NOT NULL, areas_text VARCHAR NOT NULL, baseline_period VARCHAR,
        description VARCHAR, source_title VARCHAR NOT NULL, source_publisher VARCHAR NOT NULL,
        source_url VARCHAR NOT NULL, source_date VARCHAR NOT NULL, package VARCHAR NOT NULL)""",
    """CREATE TABLE goal_targets (
        goal_id VARCHAR NOT NULL, position INTEGER NOT NULL, indicator_id VARCHAR NOT NULL,
        comparison VARCHAR, target DOUBLE, direction VARCHAR, PRIMARY KEY (goal_id, position))""",
    """CREATE TABLE goal_areas (
        goal_id VARCHAR NOT NULL, area_id VARCHAR NOT NULL, PRIMARY KEY (goal_id, area_id))""",
    """CREATE TABLE measures (
        measure_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, start_date DATE NOT NULL,
        end_date DATE, responsible VARCHAR NOT NULL, responsible_type VARCHAR NOT NULL,
        public BOOLEAN NOT NULL, lon DOUBLE, lat DOUBLE, description VARCHAR, source VARCHAR,
        package VARCHAR NOT NULL)""",
    """CREATE TABLE measure_areas (
        measure_id VARCHAR NOT NULL, area_id VARCHAR NOT NULL, PRIMARY KEY (measure_id, area_id))""",
    """CREATE TABLE measure_goals (
        measure_id VARCHAR NOT NULL, goal_id VARCHAR NOT NULL, PRIMARY KEY (measure_id, goal_id))""",
)

#: Tables of the store, in creation order (allow-list for any dynamic use).
TABLES: tuple[str, ...] = (
    "meta",
    "area_systems",
    "area_levels",
    "areas",
    "area_geometry_overview",
    "area_attributes",
    "area_crosswalk",
    "indicators",
    "indicator_system_sources",
    "indicator_values",
    "population",
    "facilities",
    "data_sources",
    "parameters",
    "life_tables",
    "fertility_rates",
    "contributions",
    "contribution_offers",
    "contribution_conflicts",
    "goals",
    "goal_targets",
    "goal_areas",
    "measures",
    "measure_areas",
    "measure_goals",
)

#: Catalogue columns a user may sort or filter by (allow-list for ORDER BY).
CATALOGUE_SORT_COLUMNS: tuple[str, ...] = ("name", "domain", "indicator_id", "data_date")


def allowed(identifier: str, allow_list: tuple[str, ...]) -> str:
    """Return ``identifier`` if it is in ``allow_list``; raise ValueError otherwise.

    >>> allowed("areas", TABLES)
    'areas'
    """
    if identifier not in allow_list:
        raise ValueError(f"nicht erlaubter Bezeichner: {identifier!r}")
    return identifier
