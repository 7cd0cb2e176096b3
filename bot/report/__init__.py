"""The board report: `csp-bot report --from DATE --to DATE --out FILE.html` (or FILE.pdf)."""

from bot.report.build import build_report, write_report

__all__ = ["build_report", "write_report"]
