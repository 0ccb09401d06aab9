"""Bulk import of historical documents (历史文件): the backlog of an agency's earlier
documents, as a spreadsheet of their catalog metadata and a ZIP of their files.

``importer.backlog_import`` checks every row, every file of the archive and every match between
them before it writes anything, then imports all rows or none, as the catalog import does
(``disclosure.catalog_io``, whose spreadsheet reader it uses); its report names each problem by
row and column, in Chinese, as staff read it beside the spreadsheet. The documents of one
import form an ``ImportBatch``: they enter the normal workflow (created, submitted, screened),
and ``batches`` approves and publishes a batch as a whole, through the workflow's own
transitions, so every document gets its events and its screening is respected.
"""
