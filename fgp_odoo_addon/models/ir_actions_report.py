from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _fgp_log_print(self, report_ref, docids):
        report = self._get_report(report_ref)
        model = self.env.get(report.model)
        if docids and model is not None and hasattr(model, "_fgp_log"):
            model.browse(docids)._fgp_log("print")

    def _render_qweb_html(self, report_ref, docids, data=None):
        """Log printing a plan's file (PDF reports render through HTML)."""
        result = super()._render_qweb_html(report_ref, docids, data=data)
        self._fgp_log_print(report_ref, docids)
        return result

    def _render_qweb_text(self, report_ref, docids, data=None):
        """Log printing a plan's file as text."""
        result = super()._render_qweb_text(report_ref, docids, data=data)
        self._fgp_log_print(report_ref, docids)
        return result
