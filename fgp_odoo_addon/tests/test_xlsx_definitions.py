import datetime

from .test_xlsx_reports import AGREEMENTS, REGISTER, FgpXlsxCase


def percentage_columns(sheet):
    """Header cells of the columns holding a percentage: a '%' in the header
    or a percentage number format in the column."""
    headers = []
    for column in sheet.iter_cols(min_row=1):
        header = column[0]
        if "%" in str(header.value or "") or any(
            "%" in cell.number_format for cell in column[1:] if cell.value is not None
        ):
            headers.append(header)
    return headers


class TestXlsxDefinitions(FgpXlsxCase):
    """Every percentage in the XLSX reports states its definition, in Dutch, as
    the comment of its header cell."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["ir.module.module"]._load_module_terms(["fgp_odoo_addon"], ["nl_NL"])

    def assertDefined(self, workbook, expected):
        found = {}
        for sheet in workbook.worksheets:
            for header in percentage_columns(sheet):
                self.assertTrue(
                    header.comment, f"{sheet.title}: {header.value} has no definition"
                )
                found[header.value] = header.comment.text
        for header, words in expected.items():
            self.assertIn(header, found)
            self.assertIn(words, found[header])

    def test_agreement_overview(self):
        """'Op tijd gedaan %' says what it divides by."""
        _sheets, workbook = self.render(
            AGREEMENTS, self.manager_a, self.agreements_a.ids, lang="nl_NL"
        )
        self.assertDefined(workbook, {"Op tijd gedaan %": "uiterste datum voorbij is"})

    def test_plan_register(self):
        """The register's share says what it is a share of."""
        period = self.wizard_data(
            date_from=str(self.today - datetime.timedelta(days=70)),
            date_to=str(self.today),
        )
        _sheets, workbook = self.render(
            REGISTER, self.functional_admin, None, period, lang="nl_NL"
        )
        self.assertDefined(workbook, {"Aandeel": "alle plannen in dit rapport"})
