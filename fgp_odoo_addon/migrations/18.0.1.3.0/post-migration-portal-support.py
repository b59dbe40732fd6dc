"""Chapters the basic variant proposed before this version got its guiding
questions as their text (fgp.plan.section.body), so an unedited chapter could be
submitted as if the family had written it. A chapter whose title and text are
still exactly its template's (in any language) gets the questions as help
(``hint``) and an empty text; a chapter the family wrote in keeps its text."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE fgp_plan_section s
           SET hint = s.body, body = NULL
          FROM fgp_section_template t
         WHERE s.body IS NOT NULL
           AND s.hint IS NULL
           AND EXISTS (SELECT 1 FROM jsonb_each_text(t.name) n WHERE n.value = s.name)
           AND EXISTS (SELECT 1 FROM jsonb_each_text(t.hint) h WHERE h.value = s.body)
        """
    )
