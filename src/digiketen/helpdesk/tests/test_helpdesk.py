import random
from datetime import datetime, timedelta
from statistics import mean

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.core.models import AuditEvent
from digiketen.helpdesk import selectors, services
from digiketen.helpdesk.models import HelpContact, SurveyAnswer
from digiketen.tests.factories import LocationFactory, OrganisationFactory


def moment(year, month, day, hour=11):
    return timezone.make_aware(datetime(year, month, day, hour))


def test_a_visit_with_two_questions_is_registered_on_one_page(
    client, library, helper, theme, agency
):
    login_verified(client, helper)
    page = client.get(reverse("helpdesk:register")).content.decode()
    opened = page.split('name="opened" value="')[1].split('"')[0]
    data = {
        "location": library.pk,
        "channel": "walk_in",
        "question_type": "government",
        "opened": (datetime.fromisoformat(opened) - timedelta(minutes=12)).isoformat(),
        "vraag-TOTAL_FORMS": "3",
        "vraag-INITIAL_FORMS": "0",
        "vraag-0-theme": theme("DigiD activeren").pk,
        "vraag-0-agencies": [agency("Belastingdienst/Toeslagen").pk],
        "vraag-0-outcome": "a",
        "vraag-1-theme": theme("Huurtoeslag").pk,
        "vraag-1-outcome": "e",
        "once": "visit-key-1234567890",
    }
    response = client.post(reverse("helpdesk:register"), data)
    contact = HelpContact.objects.get()
    assert response["Location"] == contact.get_absolute_url()
    assert contact.minutes == 12  # from the timer: the form was open for 12 minutes
    assert [q.theme.name for q in contact.questions.all()] == ["DigiD activeren", "Huurtoeslag"]
    assert contact.survey.code in client.get(response["Location"]).content.decode()
    # The same form sent twice stays one visit.
    client.post(reverse("helpdesk:register"), data)
    assert HelpContact.objects.count() == 1


def test_a_visit_needs_at_least_one_complete_question(client, library, helper, theme):
    login_verified(client, helper)
    data = {
        "location": library.pk,
        "channel": "walk_in",
        "question_type": "government",
        "minutes": "5",
        "vraag-TOTAL_FORMS": "3",
        "vraag-INITIAL_FORMS": "0",
        "vraag-0-theme": theme("DigiD-app").pk,
    }
    page = client.post(reverse("helpdesk:register"), data).content.decode()
    assert "Kies de uitkomst van de vraag." in page
    assert HelpContact.objects.count() == 0
    del data["vraag-0-theme"]
    assert (
        "Vul minstens één vraag in."
        in client.post(reverse("helpdesk:register"), data).content.decode()
    )


def test_a_template_fills_in_a_question(library, helper, theme, agency, client):
    template = services.save_template(
        actor=helper,
        organisation=library.organisation,
        name="DigiD-app activeren",
        theme=theme("DigiD-app"),
        agencies=[agency("Gemeente")],
        outcome="a",
    )
    login_verified(client, helper)
    data = {
        "location": library.pk,
        "channel": "phone",
        "question_type": "government",
        "minutes": "4",
        "vraag-TOTAL_FORMS": "3",
        "vraag-INITIAL_FORMS": "0",
        "vraag-0-template": template.pk,
    }
    client.post(reverse("helpdesk:register"), data)
    question = HelpContact.objects.get().questions.get()
    assert (question.theme.name, question.outcome_id) == ("DigiD-app", "a")
    assert [a.name for a in question.agencies.all()] == ["Gemeente"]


def test_corrections_the_same_day_by_the_helper_are_quiet_later_ones_audited(
    library, helper, visit, theme
):
    contact = visit()
    data = {"location": library, "channel": "phone", "question_type": "government", "minutes": 20}
    services.correct_visit(
        actor=helper,
        contact_id=contact.pk,
        data=data,
        questions=[{"theme": theme("Boetes"), "outcome": "x"}],
    )
    assert not AuditEvent.objects.filter(action="helpdesk.visit_corrected").exists()
    HelpContact.objects.filter(pk=contact.pk).update(created_at=timezone.now() - timedelta(days=2))
    services.correct_visit(
        actor=helper,
        contact_id=contact.pk,
        data=data,
        questions=[{"theme": theme("Rijbewijs"), "outcome": "a"}],
    )
    event = AuditEvent.objects.get(action="helpdesk.visit_corrected")
    assert event.before["questions"] == ["Boetes: x ()"]
    assert event.after["questions"] == ["Rijbewijs: a ()"]


def test_a_survey_code_works_once_and_expires(client, visit):
    contact = visit()
    url = reverse("helpdesk:survey", args=[contact.survey.code.lower()])
    assert "Bent u geholpen?" in client.get(url).content.decode()
    answer = {
        "helped": "yes",
        "mark": "9",
        "would_return": "yes",
        "would_recommend": "no",
        "comment": "Fijn",
    }
    thanks = client.post(url, answer)
    assert "Dank u wel" in thanks.content.decode()
    again = client.post(url, answer)
    assert again.status_code == 404 and "al ingevuld" in again.content.decode()
    assert SurveyAnswer.objects.get().mark == 9
    expired = visit()
    expired.survey.expires_at = timezone.now() - timedelta(minutes=1)
    expired.survey.save()
    late = client.get(reverse("helpdesk:survey", args=[expired.survey.code]))
    assert late.status_code == 404 and "te oud" in late.content.decode()
    unknown = client.get(reverse("helpdesk:survey", args=["ZZZZZZ"]))
    assert unknown.status_code == 404 and "Wij kennen deze code niet" in unknown.content.decode()


def test_staff_enter_a_paper_answer_once(client, helper, visit):
    contact = visit()
    login_verified(client, helper)
    url = reverse("helpdesk:paper-answer", args=[contact.pk])
    client.post(
        url, {"helped": "partly", "mark": "7", "would_return": "no", "would_recommend": "yes"}
    )
    answer = SurveyAnswer.objects.get()
    assert answer.on_paper and answer.entered_by == helper
    contact.survey.refresh_from_db()
    assert contact.survey.used_at is not None  # the code on the slip no longer works
    with pytest.raises(services.SurveyClosed):
        services.answer_survey(
            code=contact.survey.code,
            data={"helped": "yes", "mark": 1, "would_return": True, "would_recommend": True},
        )


def test_another_organisations_visit_is_not_found(client, visit):
    contact = visit()
    other = make_staff(Role.HELP_POINT_STAFF, OrganisationFactory())
    login_verified(client, other)
    for name in ("contact-detail", "correct", "slip", "paper-answer"):
        assert client.get(reverse(f"helpdesk:{name}", args=[contact.pk])).status_code == 404


def test_the_year_figures_match_an_independent_count(client, library, helper, visit):
    """Random visits over two years at two locations; the page must show what a plain count
    over the same data gives."""
    other_location = LocationFactory(organisation=library.organisation, name="Bieb West")
    rng = random.Random(7)
    themes = ["DigiD activeren", "Huurtoeslag", "Belastingaangifte", "Boetes"]
    expected = {
        "visits": 0,
        "questions": 0,
        "solved": 0,
        "marks": [],
        "helped": 0,
        "partly": 0,
        "answers": 0,
    }
    for _n in range(60):
        year = rng.choice([2025, 2026])
        location = rng.choice([library, other_location])
        questions = [
            (rng.choice(themes), rng.choice("abcdex"), ()) for _q in range(rng.randint(1, 3))
        ]
        contact = visit(
            questions=questions,
            at=moment(year, rng.randint(1, 12), rng.randint(1, 28)),
            location=location,
        )
        answered = rng.random() < 0.5
        if answered:
            data = {
                "helped": rng.choice(["yes", "partly", "no"]),
                "mark": rng.randint(1, 10),
                "would_return": rng.random() < 0.8,
                "would_recommend": rng.random() < 0.7,
            }
            services.answer_survey(code=contact.survey.code, data=data)
        if year == 2026 and location == library:
            expected["visits"] += 1
            expected["questions"] += len(questions)
            expected["solved"] += sum(1 for q in questions if q[1] != "x")
            if answered:
                expected["answers"] += 1
                expected["marks"].append(data["mark"])
                expected["helped"] += data["helped"] == "yes"
                expected["partly"] += data["helped"] == "partly"
    login_verified(client, helper)
    page = client.get(reverse("helpdesk:year"), {"year": 2026, "location": library.pk})
    text = page.content.decode()
    helped = round(100 * expected["helped"] / expected["answers"], 1)
    partly = round(100 * expected["partly"] / expected["answers"], 1)
    mark = round(mean(expected["marks"]), 1)
    solved = round(100 * expected["solved"] / expected["questions"], 1)

    def nl(number):
        return f"{number:.1f}".replace(".", ",")

    assert (
        f"In 2026 hielp het informatiepunt (Bieb Centrum) {expected['visits']} keer iemand "
        f"met in totaal {expected['questions']} vragen." in text
    )
    assert (
        f"{nl(helped)}% van wie de vragenlijst invulde, zegt geholpen te zijn; "
        f"{nl(partly)}% zegt een beetje." in text
    )
    assert f"Het gemiddelde cijfer is {nl(mark)}." in text
    assert f'data-figure="solved">{nl(solved)}%' in text
    figures = selectors.figures(
        [library.pk], selectors.Period.around(moment(2026, 6, 1).date(), "year")
    )
    assert figures.answers == expected["answers"]


def test_figures_export_as_csv_and_xlsx(client, helper, visit):
    visit(
        questions=[
            ("DigiD activeren", "a", ("Belastingdienst/Toeslagen",)),
            ("Boetes", "x", ("CJIB",)),
        ]
    )
    login_verified(client, helper)
    csv_text = client.get(
        reverse("helpdesk:figures-export", args=["csv"]), {"period": "year"}
    ).content.decode()
    assert "Totaal;Vragen;2" in csv_text and "Instantie;CJIB;1" in csv_text
    xlsx = client.get(reverse("helpdesk:figures-export", args=["xlsx"]), {"period": "year"})
    assert xlsx.content[:2] == b"PK"


def test_signals_show_unsolved_themes_per_agency(client, helper, visit):
    visit(questions=[("DigiD-app", "x", ("Gemeente",)), ("DigiD-app", "x", ("Gemeente",))])
    visit(questions=[("Huurtoeslag", "a", ("Belastingdienst/Toeslagen",))])
    [first, second] = selectors.signals(
        None, selectors.Period.around(timezone.localdate(), "month")
    )
    assert (first.agency, first.questions, first.unsolved) == ("Gemeente", 2, 2)
    assert first.themes == [("DigiD-app", 2, 2)]
    assert second.agency == "Belastingdienst/Toeslagen" and second.unsolved == 0
    login_verified(client, helper)
    csv_text = client.get(reverse("helpdesk:signals-export")).content.decode()
    assert "Gemeente;DigiD-app;2;2" in csv_text


def test_the_figures_page_uses_a_fixed_number_of_queries(
    client, helper, visit, django_assert_max_num_queries
):
    for _n in range(20):
        visit(questions=[("DigiD activeren", "a", ("DUO",)), ("Boetes", "b", ())])
    login_verified(client, helper)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("helpdesk:figures")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("helpdesk:visit-list")).status_code == 200


def test_the_coordinator_edits_themes_and_agencies(client, db):
    from digiketen.helpdesk.models import Theme

    coordinator = make_staff(Role.COORDINATOR)
    login_verified(client, coordinator)
    url = reverse("helpdesk:code-lists")
    page = client.get(url)
    themes, outcomes = page.context["themes"], page.context["outcomes"]
    data = {}
    for formset in (themes, page.context["agencies"], outcomes):
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None and value is not False:
                    data[form.add_prefix(name)] = value
    first = themes.forms[0]
    data[first.add_prefix("name_en")] = "Apply for DigiD (new)"
    data[outcomes.forms[0].add_prefix("name")] = "a. Samen een digitale zaak geregeld"
    data[f"thema-{len(themes.forms) - 1}-name"] = "Energietoeslag"
    data[f"thema-{len(themes.forms) - 1}-order"] = "99"
    data[f"thema-{len(themes.forms) - 1}-is_active"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["themes"].errors
    assert Theme.objects.filter(name="Energietoeslag").exists()
    assert Theme.objects.get(pk=first.instance.pk).name_en == "Apply for DigiD (new)"
    assert AuditEvent.objects.filter(action="helpdesk.code_lists_changed").exists()
    from digiketen.helpdesk.models import Outcome

    assert Outcome.objects.get(code="a").name == "a. Samen een digitale zaak geregeld"


def test_a_code_with_strange_characters_gets_a_message_not_an_error(client, db):
    response = client.post(reverse("helpdesk:survey-start"), {"code": "AB/CD"})
    assert response.status_code == 200
    assert "alleen letters en cijfers" in response.content.decode()


def test_the_same_week_a_year_earlier_is_the_same_week_number():
    period = selectors.Period.around(datetime(2026, 12, 31).date(), "week")  # week 53
    earlier = period.a_year_earlier()
    assert earlier.start.isocalendar()[:2] == (2025, 52)
    period = selectors.Period.around(datetime(2027, 3, 10).date(), "week")
    assert period.a_year_earlier().start.isocalendar()[1] == period.start.isocalendar()[1]


def test_a_correction_keeps_a_theme_and_agency_switched_off_since(
    client, library, helper, visit, theme, agency
):
    from digiketen.helpdesk.models import Agency, Theme

    contact = visit(questions=[("Boetes", "x", ("CJIB",))])
    Theme.objects.filter(name="Boetes").update(is_active=False)
    Agency.objects.filter(name="CJIB").update(is_active=False)
    login_verified(client, helper)
    page = client.get(reverse("helpdesk:correct", args=[contact.pk]))
    form = page.context["questions"].forms[0]
    assert theme("Boetes") in form.fields["theme"].items
    assert agency("CJIB") in form.fields["agencies"].items
    # A new visit no longer offers them.
    form = client.get(reverse("helpdesk:register")).context["questions"].forms[0]
    assert theme("Boetes") not in form.fields["theme"].items
    assert agency("CJIB") not in form.fields["agencies"].items


def test_visitors_comments_show_in_the_figures_without_the_visit(client, helper, visit):
    contact = visit()
    services.answer_survey(
        code=contact.survey.code,
        data={
            "helped": "yes",
            "mark": 9,
            "would_return": True,
            "would_recommend": True,
            "comment": "Heel geduldig",
        },
    )
    login_verified(client, helper)
    page = client.get(reverse("helpdesk:figures")).content.decode()
    assert "Heel geduldig" in page
    assert contact.get_absolute_url() not in page
