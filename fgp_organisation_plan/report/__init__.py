from . import organisation_plan_xlsx
