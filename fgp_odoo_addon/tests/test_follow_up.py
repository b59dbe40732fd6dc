from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import new_test_user

from .common_follow_up import FollowUpCase
from .world import load_dutch


class TestFollowUpJob(FollowUpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_dutch(cls.env)

    def test_overdue_follows_the_calendar(self):
        """The job sets and clears the stored overdue flag as the days pass."""
        agreement = self._agreement(date(2026, 2, 5))
        self._run(date(2026, 2, 4))
        self.assertFalse(agreement.is_overdue)
        self._run(date(2026, 2, 6))
        self.assertTrue(agreement.is_overdue)
        self.assertEqual(agreement.state, "open")
        agreement.action_done()
        self._run(date(2026, 2, 7))
        self.assertFalse(agreement.is_overdue)

    def test_missed_only_after_grace_period(self):
        """An agreement becomes missed only when the grace period has passed."""
        agreement = self._agreement(date(2026, 2, 1))
        self._run(date(2026, 2, 15))
        self.assertEqual(agreement.state, "open", "14 days of grace by default")
        self.assertTrue(agreement.is_overdue)
        self._run(date(2026, 2, 16))
        self.assertEqual(agreement.state, "missed")
        self.assertFalse(agreement.is_overdue, "missed is no longer merely overdue")

    def test_grace_period_is_configurable(self):
        """The functional administrator sets the grace period in days."""
        self.env["ir.config_parameter"].set_param(
            "fgp_odoo_addon.agreement_grace_days", "3"
        )
        agreement = self._agreement(date(2026, 2, 1))
        self._run(date(2026, 2, 5))
        self.assertEqual(agreement.state, "missed")

    def test_escalation_calls_the_designated_contact(self):
        """A missed agreement gives the case professional one activity to call the
        designated contact, with name and phone, and mails the contact in Dutch."""
        agreement = self._agreement(date(2026, 2, 1))
        self._run(date(2026, 3, 1))
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.professional)
        self.assertEqual(activity.fgp_agreement_id, agreement)
        self.assertEqual(activity.summary, "Bel de aangewezen persoon van het netwerk")
        self.assertIn("Oma Bakker", activity.note)
        self.assertIn("06 12345678", activity.note)
        self.assertEqual(activity.date_deadline, date(2026, 3, 1))

        mail = self._mails_to(self.oma)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.res_id, agreement.id)
        self.assertIn("het gaat niet goed", mail.subject.lower())
        self.assertIn("Roep het netwerk bij elkaar", mail.body_html)
        self.assertIn("Opa brengt Sanne naar school", mail.body_html)
        self.assertFalse(self._mails_to(self.opa), "only the designated contact")
        self.assertTrue(
            agreement.message_ids.filtered(lambda m: "Oma Bakker" in (m.body or "")),
            "the agreement's history says who was asked to convene the network",
        )

    def test_second_run_changes_nothing(self):
        """Running the job again adds no activities, mails, messages or states."""
        agreements = self._agreement(date(2026, 2, 1)) | self._agreement(
            date(2026, 2, 3), description="Buurvrouw kookt op woensdag"
        )
        self._run(date(2026, 3, 1))
        activities = self._activities()
        mails = self._mails_to(self.oma)
        messages = self.env["mail.message"].search_count([])
        self.assertEqual(len(activities), 2, "one call per missed agreement")
        self.assertEqual(len(mails), 2)
        done, remaining = self._run(date(2026, 3, 1))
        self.assertEqual(self._activities(), activities)
        self.assertEqual(self._mails_to(self.oma), mails)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(set(agreements.mapped("state")), {"missed"})
        self.assertEqual(remaining, 0)
        self._run(date(2026, 3, 2))
        self.assertEqual(self._activities(), activities, "the next day neither")

    def test_language_not_installed(self):
        """A professional whose language is not installed gets the activity in the
        database's language instead of stopping the job."""
        self.env.cr.execute(
            "UPDATE res_partner SET lang = 'fr_FR' WHERE id = %s",
            [self.professional.partner_id.id],
        )
        self.professional.invalidate_recordset(["lang"])
        self.professional.partner_id.invalidate_recordset(["lang"])
        agreement = self._agreement(date(2026, 2, 1))
        self._run(date(2026, 3, 1))
        self.assertEqual(agreement.state, "missed")
        self.assertEqual(
            self._activities().summary, "Call the network's designated contact"
        )

    def test_no_mail_without_consent(self):
        """The mail quotes the family's plan: a designated contact without consent
        to share it is called, not mailed."""
        self.member_oma.consent_date = False
        self._agreement(date(2026, 2, 1))
        self._run(date(2026, 3, 1))
        self.assertFalse(self._mails_to(self.oma))
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertIn("geen toestemming", activity.note)

    def test_reopened_and_missed_again_with_call_open(self):
        """A reopened agreement missed again while its call is still open is not
        escalated twice."""
        agreement = self._agreement(date(2026, 2, 1))
        self._run(date(2026, 3, 1))
        agreement.action_reopen()
        self._run(date(2026, 3, 2))
        self.assertEqual(agreement.state, "missed")
        self.assertEqual(len(self._activities()), 1)
        self.assertEqual(len(self._mails_to(self.oma)), 1)

    def test_plan_without_designated_contact(self):
        """Without a designated contact the professional is asked, once, to have
        the network designate one; nobody is mailed."""
        plan = self._make_active_plan("Plan familie Zonder", designated=False)
        self._agreement(date(2026, 2, 1), plan=plan)
        self._agreement(date(2026, 2, 2), plan=plan, description="Tweede afspraak")
        self._run(date(2026, 3, 1))
        self._run(date(2026, 3, 1))
        request = self._activities(plan, "mail_activity_type_fgp_designate_contact")
        self.assertEqual(len(request), 1)
        self.assertEqual(request.user_id, self.professional)
        self.assertFalse(self._activities(plan))
        self.assertFalse(
            self.env["mail.mail"].search(
                [
                    ("model", "=", "fgp.agreement"),
                    ("res_id", "in", plan.agreement_ids.ids),
                ]
            )
        )

    def test_only_active_plans_escalate(self):
        """Agreements of a plan being revised are overdue but not missed."""
        agreement = self._agreement(date(2026, 2, 1))
        self.plan.action_revise()
        self._run(date(2026, 3, 1))
        self.assertEqual(agreement.state, "open")
        self.assertTrue(agreement.is_overdue)
        self.assertFalse(self._activities())

    def test_evaluation_reminder_in_time_and_once(self):
        """An activity announces the next evaluation a week ahead, once per date."""
        self.plan.date_next_evaluation = date(2026, 3, 10)
        self._run(date(2026, 3, 2))
        self.assertFalse(self._activities(xmlid="mail_activity_type_fgp_evaluation"))
        self._run(date(2026, 3, 3))
        self._run(date(2026, 3, 4))
        reminder = self._activities(xmlid="mail_activity_type_fgp_evaluation")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.date_deadline, date(2026, 3, 10))
        self.assertEqual(reminder.user_id, self.professional)
        self.assertIn(
            self.professional.partner_id,
            self.plan.message_partner_ids,
            "the reminded professional follows the plan, as Odoo's activity would",
        )
        self.env["fgp.plan.evaluation"].create(
            {
                "plan_id": self.plan.id,
                "date": date(2026, 3, 10),
                "score": 6,
                "next_date": date(2026, 6, 1),
            }
        )
        self.assertEqual(self.plan.date_next_evaluation, date(2026, 6, 1))
        self._run(date(2026, 5, 26))
        new_reminder = self._activities(xmlid="mail_activity_type_fgp_evaluation")
        self.assertEqual(len(new_reminder), 1, "the outdated reminder is replaced")
        self.assertEqual(new_reminder.date_deadline, date(2026, 6, 1))

    def test_many_agreements_in_batches(self):
        """Hundreds of agreements are handled in batches; the job reports what is
        left to the cron and finishes on the next calls."""
        members = self.plan.network_member_ids.filtered(
            lambda m: m.partner_id == self.opa
        )
        agreements = self.env["fgp.agreement"].create(
            [
                {
                    "plan_id": self.plan.id,
                    "description": f"Afspraak {i}",
                    "source": "network",
                    "member_id": members.id,
                    "deadline": date(2026, 2, 1),
                }
                for i in range(600)
            ]
        )
        cron = self.env.ref("fgp_odoo_addon.ir_cron_fgp_follow_up")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        follow_up = self.env["fgp.follow.up"].with_context(
            ir_cron_progress_id=progress.id
        )
        done, remaining = follow_up._cron_follow_up(
            today=date(2026, 3, 1), batch_size=250, max_batches=2
        )
        missed = agreements.filtered(lambda a: a.state == "missed")
        self.assertTrue(0 < len(missed) <= 500, "at most two batches of 250")
        self.assertGreater(remaining, 0)
        self.assertEqual(progress.remaining, remaining)
        calls = 1
        while remaining and calls < 10:
            done, remaining = follow_up._cron_follow_up(
                today=date(2026, 3, 1), batch_size=250, max_batches=2
            )
            calls += 1
        self.assertEqual(remaining, 0)
        self.assertEqual(progress.remaining, 0)
        self.assertEqual(set(agreements.mapped("state")), {"missed"})
        self.assertEqual(len(self._activities()), 600)
        self.assertEqual(len(self._mails_to(self.oma)), 600)

    def _plan_with_contact(self, name, partner, consent=True):
        """An active plan whose designated contact is ``partner``."""
        plan = self._make_active_plan(name, designated=False)
        self.env["fgp.network.member"].create(
            {
                "plan_id": plan.id,
                "partner_id": partner.id,
                "role": "friend",
                "is_designated": True,
                "consent_date": date(2026, 1, 2) if consent else False,
            }
        )
        return plan

    def test_batch_mails_each_agreement_to_its_contact(self):
        """One batch mails every missed agreement once, to its own plan's
        designated contact, in that contact's language and with that agreement's
        text: the body is rendered per record although it is compiled once."""
        jan = self.env["res.partner"].create(
            {"name": "Jan Smit", "email": "jan@example.com", "lang": "en_US"}
        )
        lies = self.env["res.partner"].create(
            {"name": "Lies Kok", "email": "lies@example.com", "lang": "nl_NL"}
        )
        plan_en = self._plan_with_contact("Plan familie Smit", jan)
        plan_nl = self._plan_with_contact("Plan familie Kok", lies)
        agreements = self.env["fgp.agreement"]
        for plan, contact in ((self.plan, self.oma), (plan_en, jan), (plan_nl, lies)):
            for i in range(3):
                agreements |= self._agreement(
                    date(2026, 2, 1), plan=plan, description=f"{contact.name} taak {i}"
                )
        template = self.env.ref("fgp_odoo_addon.mail_template_fgp_agreement_missed")
        self._run(date(2026, 3, 1))
        mails = self.env["mail.mail"].search(
            [("model", "=", "fgp.agreement"), ("res_id", "in", agreements.ids)]
        )
        self.assertEqual(sorted(mails.mapped("res_id")), sorted(agreements.ids))
        # What Odoo renders for the same records without reusing the compiled body.
        expected = template._generate_template(agreements.ids, ("body_html", "subject"))
        for mail in mails:
            agreement = agreements.browse(mail.res_id)
            contact = agreement.plan_id.designated_member_id.partner_id
            self.assertEqual(mail.recipient_ids, contact)
            self.assertEqual(mail.body_html, expected[agreement.id]["body_html"])
            self.assertEqual(mail.subject, expected[agreement.id]["subject"])
            self.assertIn(agreement.description, mail.body_html)
            self.assertIn(contact.name, mail.body_html)
            self.assertIn(agreement.plan_id.name, mail.subject)
            if contact == jan:
                self.assertIn("Please convene the network", mail.body_html)
                self.assertNotIn("Roep het netwerk", mail.body_html)
            else:
                self.assertIn("Roep het netwerk bij elkaar", mail.body_html)
            others = (agreements - agreement).mapped("description")
            self.assertFalse([d for d in others if d in mail.body_html])

    def _follower_subtypes(self, plan, partner):
        followers = plan.message_follower_ids
        return followers.filtered(lambda f: f.partner_id == partner).subtype_ids

    def test_activity_users_follow_as_odoo_does(self):
        """The users who get a call follow the plan exactly as when Odoo creates
        an activity itself: new followers get the default subtypes, a follower's
        own choice of subtypes stays, an archived partner is not subscribed. The
        batch subscribes them in one go, not with a subscription per user."""
        plan_manager = self._make_active_plan("Plan familie Zonder Prof")
        plan_manager.professional_id = False
        plan_archived = self._make_active_plan("Plan familie Archief")
        ghost = new_test_user(
            self.env,
            login="fgp_follow_ghost",
            groups="fgp_odoo_addon.group_fgp_professional",
        )
        plan_archived.professional_id = ghost
        twins = {}
        for plan in (self.plan, plan_manager, plan_archived):
            twin = self._make_active_plan(f"{plan.name} (Odoo)")
            twin.professional_id = plan.professional_id
            twins[plan] = twin
        # The professional already follows the main plan and its twin with
        # notes only; the manager and the ghost follow nothing yet.
        note = self.env.ref("mail.mt_note")
        for plan in (self.plan, twins[self.plan]):
            plan.message_unsubscribe(self.professional.partner_id.ids)
            plan.message_subscribe(self.professional.partner_id.ids, note.ids)
        for plan in (plan_manager, twins[plan_manager]):
            plan.message_unsubscribe(self.manager.partner_id.ids)
        for plan in (plan_archived, twins[plan_archived]):
            plan.message_unsubscribe(ghost.partner_id.ids)
        ghost.active = False
        ghost.partner_id.active = False
        for plan in twins:
            self._agreement(date(2026, 2, 1), plan=plan)
        # Odoo's own way: an activity for the same user on each twin.
        call = self.env.ref("fgp_odoo_addon.mail_activity_type_fgp_call_designated")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("fgp.plan"),
                    "res_id": twin.id,
                    "activity_type_id": call.id,
                    "user_id": (plan.professional_id or self.manager).id,
                }
                for plan, twin in twins.items()
            ]
        )
        Followers = type(self.env["mail.followers"])
        with patch.object(
            Followers, "_insert_followers", autospec=True
        ) as insert_followers:
            self._run(date(2026, 3, 1))
        insert_followers.assert_not_called()
        for plan, twin in twins.items():
            user = plan.professional_id or self.manager
            self.assertEqual(len(self._activities(plan)), 1)
            self.assertEqual(self._activities(plan).user_id, user)
            self.assertEqual(
                self._follower_subtypes(plan, user.partner_id),
                self._follower_subtypes(twin, user.partner_id),
                plan.name,
            )
        self.assertEqual(
            self._follower_subtypes(self.plan, self.professional.partner_id), note
        )
        manager_subtypes = self._follower_subtypes(
            plan_manager, self.manager.partner_id
        )
        self.assertTrue(manager_subtypes, "the manager who calls now follows the plan")
        self.assertEqual(
            manager_subtypes,
            self.env["mail.message.subtype"].default_subtypes("fgp.plan")[0],
        )
        self.assertFalse(self._follower_subtypes(plan_archived, ghost.partner_id))

    @freeze_time("2026-02-20")
    def test_scheduled_action_runs_on_today(self):
        """The scheduled action itself follows up on today's date."""
        agreement = self._agreement(date(2026, 2, 1))
        self.env.ref("fgp_odoo_addon.ir_cron_fgp_follow_up").method_direct_trigger()
        self.assertEqual(agreement.state, "missed")
        self.assertEqual(len(self._activities()), 1)


class TestScoreTrend(FollowUpCase):
    def test_trend_of_scaling_score(self):
        """The plan shows the last score, the one before and the trend."""
        Evaluation = self.env["fgp.plan.evaluation"]
        self.assertFalse(self.plan.score_trend)
        Evaluation.create(
            {"plan_id": self.plan.id, "date": date(2026, 2, 1), "score": 4}
        )
        self.assertEqual(self.plan.last_score, 4)
        self.assertFalse(self.plan.score_trend, "one score is no trend")
        Evaluation.create(
            {"plan_id": self.plan.id, "date": date(2026, 3, 1), "score": 6}
        )
        self.assertEqual(
            (self.plan.last_score, self.plan.previous_score, self.plan.score_trend),
            (6, 4, "up"),
        )
        Evaluation.create(
            {
                "plan_id": self.plan.id,
                "date": date(2026, 4, 1),
                "kind": "network_meeting",
                "score": 3,
            }
        )
        self.assertEqual(self.plan.score_trend, "down")
        self.assertEqual(self.plan.evaluation_count, 3)
        action = self.plan.action_view_evaluations()
        self.assertEqual(action["res_model"], "fgp.plan.evaluation")
        self.assertTrue(action["view_mode"].startswith("graph"))
        self.assertEqual(action["domain"], [("plan_id", "=", self.plan.id)])

    def test_dashboard_filters(self):
        """The manager's dashboard finds overdue agreements and plans without a
        designated contact of the managed team, grouped by professional."""
        plan = self._make_active_plan("Plan familie Zonder", designated=False)
        self._agreement(date(2026, 2, 1), plan=plan)
        Plan = self.env["fgp.plan"].with_user(self.manager)
        found = Plan.search(
            [("designated_member_id", "=", False), ("state", "=", "active")]
        )
        self.assertIn(plan, found)
        self.assertNotIn(self.plan, found)
        groups = (
            self.env["fgp.agreement"]
            .with_user(self.manager)
            ._read_group(
                [("is_overdue", "=", True)], ["team_id", "professional_id"], ["__count"]
            )
        )
        self.assertIn((self.team, self.professional, 1), groups)
        for xmlid in (
            "fgp_agreement_action_dashboard",
            "fgp_plan_action_dashboard_designated",
            "fgp_plan_action_dashboard_safety",
            "fgp_plan_action_dashboard_evaluation",
        ):
            action = self.env.ref(f"fgp_odoo_addon.{xmlid}")
            self.assertIn("pivot", action.view_mode)
            self.assertIn("graph", action.view_mode)
        self.assertIn(
            self.env.ref("fgp_odoo_addon.group_fgp_manager"),
            self.env.ref("fgp_odoo_addon.fgp_dashboard_menu").groups_id,
        )
