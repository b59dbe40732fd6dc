/** @odoo-module **/

import {registry} from "@web/core/registry";

const {DateTime} = luxon;

registry.category("web_tour.tours").add("fgp_consent_and_safety_dialogs", {
    steps: () => [
        {
            content: "The personal plan names its client",
            trigger: ".o_form_view .o_field_widget[name=youth_ids]",
        },
        {
            content: "Open the network",
            trigger: ".o_notebook .nav-link:contains(Network)",
            run: "click",
        },
        {
            content: "Open the daughter to record her consent",
            trigger:
                ".o_field_widget[name=network_member_ids] .o_data_row:contains(Ineke Smit) td[name=partner_id]",
            run: "click",
        },
        {
            content: "The dialog says whose consent is needed: the client's",
            trigger: ".modal .o_field_widget[name=consent_required]:contains(The client)",
        },
        {
            content: "Only the client's date is asked, not the parents'",
            trigger: ".modal:not(:has(.o_field_widget[name=consent_parents_date]))",
        },
        {
            content: "The client consented today",
            trigger: ".modal .o_field_widget[name=consent_youth_date] input",
            run: `edit ${DateTime.now().toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "Save",
            trigger: ".modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the safety conditions",
            trigger: ".o_notebook .nav-link:contains(Safety)",
            run: "click",
        },
        {
            content: "Add a condition",
            trigger:
                ".o_field_widget[name=safety_condition_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe it",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: "edit De dochter belt elke avond.",
        },
        {
            content: "'Met' is not offered before the condition exists",
            trigger: ".modal:not(:has(button[name=action_met]))",
        },
        {
            content: "Save and close",
            trigger: ".modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The counter shows the open condition at once",
            trigger: ".o_field_widget[name=open_condition_count]:contains(1)",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
