from . import fgp_report_wizard
