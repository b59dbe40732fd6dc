/** @odoo-module **/

import {registry} from "@web/core/registry";

// The family holds the pen (issue 16): a mother on her phone makes the plan with
// her network, her sister stands behind it, the professional sees it all.

function setValue(selector, value) {
    const input = document.querySelector(selector);
    input.value = value;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

function selectOptionByText(selector, text) {
    const select = document.querySelector(selector);
    const option = [...select.options].find((opt) => opt.text.includes(text));
    select.value = option.value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
}

function checkValue(selector, text) {
    const value = document.querySelector(selector).value;
    if (!value.includes(text)) {
        throw new Error(`${selector}: "${value}" does not show "${text}"`);
    }
}

function inTwoWeeks() {
    const day = new Date(Date.now() + 14 * 24 * 3600 * 1000);
    return day.toISOString().slice(0, 10);
}

function addMember(name, relation, role, field, contact) {
    return [
        {
            content: `Open the form to add ${name}`,
            trigger: ".o_fgp_new_member",
            run: "click",
        },
        {
            content: "Name",
            trigger: "#fgp_member_new.show #fgp_member_name",
            run: `edit ${name}`,
        },
        {
            content: "Who is this person for you",
            trigger: "#fgp_member_relation",
            run: `edit ${relation}`,
        },
        {
            content: "Role",
            trigger: "#fgp_member_role",
            run() {
                setValue("#fgp_member_role", role);
            },
        },
        {
            content: "How to invite them",
            trigger: field,
            run: `edit ${contact}`,
        },
        {
            content: "Add the person",
            trigger: ".o_fgp_save_member",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: `${name} is in the network, waiting for consent`,
            trigger: `#fgp_network li:contains('${name}'):contains('${relation}')`,
        },
        {
            content: `Give consent to share the plan with ${name}`,
            trigger: `.o_fgp_consent_request:contains('${name}') .o_fgp_give_consent`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The consent is saved, next to the request",
            trigger: "#fgp_consent_message.alert-success",
        },
    ];
}

function addChapter(title, text) {
    return [
        {
            content: `Add the chapter ${title}`,
            trigger: ".o_fgp_new_section",
            run: "click",
        },
        {
            content: "Title",
            trigger: "#fgp_section_new.show #fgp_new_section_name",
            run: `edit ${title}`,
        },
        {
            content: "Text",
            trigger: "#fgp_new_section_body",
            run: `edit ${text}`,
        },
        {
            content: "Save the chapter",
            trigger: ".o_fgp_save_new_section",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: `The chapter ${title} is in the plan`,
            trigger: `.o_fgp_section .card-title:contains('${title}')`,
        },
    ];
}

registry.category("web_tour.tours").add("fgp_portal_mother_makes_the_plan", {
    steps: () => [
        {
            content: "The mother, invited, opens 'My plans'",
            trigger: "a[href='/my/plans']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "She finds her plan",
            trigger: "a[href^='/my/plans/']:contains('Plan familie De Boer')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The plan page is open",
            trigger: "h1:contains('Plan familie De Boer'), h2:contains('Plan familie De Boer')",
        },
        ...addMember("Sandra de Boer", "zus", "relative", "#fgp_member_email", "sandra@example.nl"),
        ...addMember("Fatima Amrani", "buurvrouw", "neighbour", "#fgp_member_phone", "06-12345678"),
        {
            content: "Choose the neighbour as contact person",
            trigger: "#fgp_contact_person",
            run() {
                selectOptionByText("#fgp_contact_person", "Fatima Amrani");
            },
        },
        {
            content: "Save the contact person",
            trigger: ".o_fgp_save_contact_person",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The neighbour is the contact person",
            trigger:
                "#fgp_network li:contains('Fatima Amrani') .badge.text-bg-primary, #fgp_network li:contains('Fatima Amrani') .o_fgp_contact_person",
        },
        {
            content: "Propose the date of the meeting",
            trigger: "#fgp_meeting_date",
            run() {
                setValue("#fgp_meeting_date", inTwoWeeks());
            },
        },
        {
            content: "The time",
            trigger: "#fgp_meeting_time",
            run() {
                setValue("#fgp_meeting_time", "19:30");
            },
        },
        {
            content: "The place",
            trigger: "#fgp_meeting_place",
            run: "edit Bij oma thuis",
        },
        {
            content: "Save the meeting",
            trigger: ".o_fgp_save_meeting",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Everyone sees the meeting",
            trigger: ".o_fgp_meeting:contains('19:30'):contains('Bij oma thuis')",
        },
        ...addChapter("Wonen", "We blijven in ons huis. Sandra helpt met de verhuisdozen."),
        ...addChapter("School", "Tim gaat elke dag naar school. Fatima brengt hem op maandag."),
        {
            content: "Add an agreement with the buurthuis",
            trigger: ".o_fgp_new_agreement",
            run: "click",
        },
        {
            content: "What the buurthuis does for Tim",
            trigger: "#fgp_agreement_new.show #fgp_new_agreement_description",
            run: "edit Tim gaat naar de huiswerkklas in het buurthuis",
        },
        {
            content: "The help comes from a place anyone can go to",
            trigger: "#fgp_new_agreement_source_community",
            run: "click",
        },
        {
            content: "The name of the place",
            trigger: "#fgp_new_agreement_provider_name",
            run: "edit Buurthuis De Brug",
        },
        {
            content: "What they do",
            trigger: "#fgp_new_agreement_provider_description",
            run: "edit Huiswerkhulp op woensdag",
        },
        {
            content: "Save the agreement",
            trigger: ".o_fgp_save_agreement",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The buurthuis agreement is in the plan",
            trigger: ".o_fgp_agreement:contains('Buurthuis De Brug')",
        },
        {
            content: "Ask the professional for help",
            trigger: ".o_fgp_new_agreement",
            run: "click",
        },
        {
            content: "The question",
            trigger: "#fgp_agreement_new.show #fgp_new_agreement_description",
            run: "edit Wie helpt ons met de schulden?",
        },
        {
            content: "A question for help from the professional",
            trigger: "#fgp_new_agreement_source_professional",
            run: "click",
        },
        {
            content: "Save the question",
            trigger: ".o_fgp_save_agreement",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The question waits for the professional's answer",
            trigger:
                ".o_fgp_agreement:contains('Wie helpt ons met de schulden?') .o_fgp_professional_answer",
        },
        {
            content: "Say the plan is ready",
            trigger: ".o_fgp_plan_ready",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The plan is ready, the network can stand behind it",
            trigger: "#fgp_ready_message.alert-success",
        },
        {
            content: "She can say she stands behind it herself",
            trigger: ".o_fgp_endorse",
        },
        {
            content: "She finds the plan on paper (the test downloads it with her login)",
            trigger: "a.o_fgp_pdf[href$='/pdf']",
        },
    ],
});

registry.category("web_tour.tours").add("fgp_portal_sister_stands_behind", {
    steps: () => [
        {
            content: "The sister opens the plan",
            trigger: "h1:contains('Plan familie De Boer'), h2:contains('Plan familie De Boer')",
        },
        {
            content: "She reads the chapters",
            trigger: ".o_fgp_section .card-title:contains('Wonen')",
        },
        {
            content: "She stands behind this plan",
            trigger: ".o_fgp_endorse",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It is saved with her name and the date",
            trigger: ".o_fgp_endorsements li:contains('Sandra de Boer')",
        },
    ],
});

registry.category("web_tour.tours").add("fgp_backoffice_professional_sees_it", {
    steps: () => [
        {
            content: "The professional opens the plan: the family submitted it",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Ingediend')",
        },
        {
            content: "The neighbour is the designated contact",
            trigger: ".o_field_widget[name=designated_member_id] input",
            run() {
                checkValue(".o_field_widget[name=designated_member_id] input", "Fatima Amrani");
            },
        },
        {
            content: "The proposed meeting, with time and place",
            trigger: ".o_field_widget[name=conference_place] input",
            run() {
                checkValue(".o_field_widget[name=conference_place] input", "Bij oma thuis");
                checkValue(".o_field_widget[name=conference_time] input", "19:30");
            },
        },
        {
            content: "The activity to align with the family's plan",
            trigger: ".o-mail-Activity:contains('sluit erop aan')",
        },
        {
            content: "The chatter tells what the family did",
            trigger: ".o-mail-Message:contains('Sandra de Boer'):contains('toegevoegd')",
        },
        {
            content: "Open the network",
            trigger: ".o_notebook a[name=network]",
            run: "click",
        },
        {
            content: "The sister and the neighbour are in the network",
            trigger:
                ".o_field_widget[name=network_member_ids] .o_data_row:contains('Sandra de Boer') ~ .o_data_row:contains('Fatima Amrani'), .o_field_widget[name=network_member_ids] .o_data_row:contains('Fatima Amrani') ~ .o_data_row:contains('Sandra de Boer')",
        },
        {
            content: "Who stands behind the plan",
            trigger: ".o_notebook a[name=endorsements]",
            run: "click",
        },
        {
            content: "The sister stands behind it",
            trigger: ".o_field_widget[name=endorsement_ids] .o_data_row:contains('Sandra de Boer')",
        },
    ],
});
