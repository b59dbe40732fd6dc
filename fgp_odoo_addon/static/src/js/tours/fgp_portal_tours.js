/** @odoo-module **/

import {registry} from "@web/core/registry";

function selectOptionByText(selector, text) {
    const select = document.querySelector(selector);
    const option = [...select.options].find((opt) => opt.text.includes(text));
    select.value = option.value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
}

registry.category("web_tour.tours").add("fgp_portal_parent_writes", {
    steps: () => [
        {
            content: "The plan page is open",
            trigger: "h1:contains('Plan familie Jansen')",
        },
        {
            content: "Add a chapter",
            trigger: ".o_fgp_new_section",
            run: "click",
        },
        {
            content: "Give it a title",
            trigger: "#fgp_new_section_name",
            run: "edit Wonen",
        },
        {
            content: "Write the text",
            trigger: "#fgp_new_section_body",
            run: "edit We zoeken een groter huis.",
        },
        {
            content: "Save the chapter",
            trigger: ".o_fgp_save_new_section",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The chapter is in the plan",
            trigger: ".o_fgp_section h3:contains('Wonen')",
        },
        {
            content: "Add an agreement",
            trigger: ".o_fgp_new_agreement",
            run: "click",
        },
        {
            content: "What will be done",
            trigger: "#fgp_new_agreement_description",
            run: "edit Oma past op woensdag op Tim",
        },
        {
            content: "Oma does it",
            trigger: "#fgp_new_agreement_member",
            run() {
                selectOptionByText("#fgp_new_agreement_member", "Truus Jansen");
            },
        },
        {
            content: "Save the agreement",
            trigger: ".o_fgp_save_agreement",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The agreement is in the plan, with who does it",
            trigger: ".o_fgp_agreement:contains('Oma past op woensdag op Tim'):contains('Truus Jansen')",
        },
    ],
});

registry.category("web_tour.tours").add("fgp_portal_oma_done", {
    steps: () => [
        {
            content: "Oma sees her agreement",
            trigger: ".o_fgp_agreement:contains('Oma brengt Tim op dinsdag naar school')",
        },
        {
            content: "Oma marks it done",
            trigger:
                ".o_fgp_agreement:contains('Oma brengt Tim op dinsdag naar school') .o_fgp_mark_done",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The agreement shows as done",
            trigger:
                ".o_fgp_agreement:contains('Oma brengt Tim op dinsdag naar school') .o_fgp_status_ok",
        },
    ],
});
