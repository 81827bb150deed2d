# reports/reports.mk - rpmsg-report: figures, pages and comparisons from JSON reports.
