"""Trends in the concern log for officers and the board: aggregation in the database, the
small-count suppression rule, the spike rule and the charts. Knows nothing of the web."""
