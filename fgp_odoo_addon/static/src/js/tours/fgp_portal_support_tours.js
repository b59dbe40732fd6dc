/** @odoo-module **/

import {registry} from "@web/core/registry";

// Marie on her phone: an agreement with the community centre, a chapter removed
// after she confirms, "I did this" taken back, a message to her professional.
// Every message appears next to what she just did, and is read out.
registry.category("web_tour.tours").add("fgp_portal_support_phone", {
    steps: () => [
        {
            content: "The plan page is open, with the plan on paper and the help page",
            trigger: "h2:contains('Plan familie Jansen')",
        },
        {
            trigger: ".o_fgp_plan_links a.o_fgp_pdf",
        },
        {
            trigger: ".o_fgp_plan_links a.o_fgp_help",
        },
        {
            content: "Add an agreement",
            trigger: ".o_fgp_new_agreement",
            run: "click",
        },
        {
            trigger: "#fgp_new_agreement_description",
            run: "edit Tim gaat naar huiswerkbegeleiding",
        },
        {
            content: "The help comes from a place anyone can go to",
            trigger: "#fgp_new_agreement_source_community",
            run: "click",
        },
        {
            trigger: "#fgp_new_agreement_provider_name",
            run: "edit Buurthuis De Brug",
        },
        {
            trigger: "#fgp_new_agreement_provider_description",
            run: "edit Huiswerkhulp op woensdag",
        },
        {
            trigger: ".o_fgp_save_agreement",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The message is next to the agreements, read out",
            trigger: "#fgp_agreements > .alert-success[aria-live]",
        },
        {
            trigger: ".o_fgp_agreement:contains('Buurthuis De Brug: Huiswerkhulp op woensdag')",
        },
        {
            content: "Marie marks her own agreement done",
            trigger: ".o_fgp_agreement:contains('Marie belt de juf') .o_fgp_mark_done",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The message is in the agreement's own card",
            trigger: ".o_fgp_agreement:contains('Marie belt de juf') .alert-success[aria-live]",
        },
        {
            content: "A tap by mistake: she takes it back",
            trigger: ".o_fgp_agreement:contains('Marie belt de juf') .o_fgp_undo_done",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_fgp_agreement:contains('Marie belt de juf') .o_fgp_mark_done",
        },
        {
            content: "Change the chapter School",
            trigger: ".o_fgp_section:contains('School') .o_fgp_edit_section",
            run: "click",
        },
        {
            content: "Remove it: the page asks first",
            trigger: ".o_fgp_section:contains('School') .o_fgp_remove_section",
            run: "click",
        },
        {
            trigger: ".o_fgp_section:contains('School') .o_fgp_confirm_remove:visible",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The message is next to the chapters",
            trigger: "#fgp_chapters > .alert-success[aria-live]",
        },
        {
            content: "Write to the professional",
            trigger: "#fgp_message_body",
            run: "edit Kunt u mij bellen?",
        },
        {
            trigger: ".o_fgp_send_message",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "#fgp_contact > .alert-success[aria-live]",
        },
        {
            trigger: "#fgp_contact .o_fgp_family_message:contains('Kunt u mij bellen?')",
        },
    ],
});
