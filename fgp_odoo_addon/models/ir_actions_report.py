from odoo import api, models


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

    @api.model
    def _render_xlsx(self, report_ref, docids, data):
        """Log printing a plan's file as a spreadsheet (OCA report_xlsx), here
        where the file is made: whichever route asked for it (``/report/xlsx``,
        ``/report/download`` of the web client, or server code). The family
        plan reports log the scope they printed themselves, where they computed
        it (report/fgp_base_xlsx.py)."""
        result = super()._render_xlsx(report_ref, docids, data)
        report = self._get_report(report_ref)
        # As the report itself is rendered: for the user, with their rules.
        report_model = (
            self.env[f"report.{report.report_name}"]
            .with_context(active_model=report.model)
            .sudo(False)
        )
        if not hasattr(report_model, "_fgp_log_printed"):
            ids = report_model._get_objs_for_report(docids, data).ids
            self._fgp_log_print(report_ref, ids)
        return result

    def _render_qweb_text(self, report_ref, docids, data=None):
        """Log printing a plan's file as text."""
        result = super()._render_qweb_text(report_ref, docids, data=data)
        self._fgp_log_print(report_ref, docids)
        return result
