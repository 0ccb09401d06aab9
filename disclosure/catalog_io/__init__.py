"""Spreadsheet import and export of standard-catalog items (基层政务公开标准目录).

Agencies keep their catalogs as spreadsheets with the column headings of the published standard
catalogs (domain-spec section 2), so the file format is Chinese: the headings, the names of the
channels, audiences, modes and levels, and the messages of the import report, which staff read
next to the spreadsheet they fix. These are data, not interface text, and are not translated.

An import checks every cell of every row before it writes anything, and then writes all rows or
none: a half-imported catalog is worse than none, because staff cannot tell which rows made it.
A row whose (公开领域, 一级事项, 二级事项) already exists in the agency's catalog updates that item.
"""

from __future__ import annotations

from disclosure.catalog_io.export import (
    OUTCOME_HEADINGS,
    REPORT_HEADINGS,
    channels_text,
    export_csv,
    export_rows,
    export_xlsx,
    level_text,
    report_csv,
    report_rows,
    report_xlsx,
)
from disclosure.catalog_io.importer import (
    catalog_import,
    validate_rows,
)
from disclosure.catalog_io.layout import (
    ACTION_CREATE,
    ACTION_NAMES,
    ACTION_UPDATE,
    AUDIENCE_ALIASES,
    AUDIENCE_NAMES,
    CATALOG_ROLES,
    CHANNEL_ALIASES,
    CHANNEL_NAMES,
    COLUMNS,
    CSV_CONTENT_TYPE,
    HEADER_SEARCH_ROWS,
    HEADINGS,
    LEVEL_COUNTY,
    LEVEL_TOWNSHIP,
    MAX_ROWS,
    MODE_ALIASES,
    MODE_NAMES,
    REQUIRED_HEADINGS,
    SUPPORTED_SUFFIXES,
    VALUE_SEPARATOR,
    XLSX_CONTENT_TYPE,
    CatalogFileError,
    Column,
    ImportReport,
    RowData,
    RowError,
    RowOutcome,
    can_manage_catalog,
    require_catalog_role,
)
from disclosure.catalog_io.reader import (
    Grid,
    parse_upload,
    read_grid,
)

__all__ = [
    "ACTION_CREATE",
    "ACTION_NAMES",
    "ACTION_UPDATE",
    "AUDIENCE_ALIASES",
    "AUDIENCE_NAMES",
    "CATALOG_ROLES",
    "CHANNEL_ALIASES",
    "CHANNEL_NAMES",
    "COLUMNS",
    "CSV_CONTENT_TYPE",
    "HEADER_SEARCH_ROWS",
    "HEADINGS",
    "LEVEL_COUNTY",
    "LEVEL_TOWNSHIP",
    "MAX_ROWS",
    "MODE_ALIASES",
    "MODE_NAMES",
    "OUTCOME_HEADINGS",
    "REPORT_HEADINGS",
    "REQUIRED_HEADINGS",
    "SUPPORTED_SUFFIXES",
    "VALUE_SEPARATOR",
    "XLSX_CONTENT_TYPE",
    "CatalogFileError",
    "Column",
    "Grid",
    "ImportReport",
    "RowData",
    "RowError",
    "RowOutcome",
    "can_manage_catalog",
    "catalog_import",
    "channels_text",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "level_text",
    "parse_upload",
    "read_grid",
    "report_csv",
    "report_rows",
    "report_xlsx",
    "require_catalog_role",
    "validate_rows",
]
