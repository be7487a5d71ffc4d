"""Issue 12, point 16: each survey question asks one thing, the printed slip carries the
questions on paper, and staff find the visit of a returned slip by its code."""

import re

from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.helpdesk import selectors
from digiketen.helpdesk.models import SurveyAnswer
from digiketen.tests.factories import OrganisationFactory


def test_coming_back_and_recommending_are_two_questions(client, visit):
    contact = visit()
    url = reverse("helpdesk:survey", args=[contact.survey.code])
    html = client.get(url).content.decode()
    assert "Of ons aanraden" not in html
    assert "Zou u nog eens bij ons komen?" in html
    assert "Zou u ons aanraden aan anderen?" in html
    answer = {"helped": "yes", "mark": "9", "would_return": "no", "would_recommend": "yes"}
    assert "Dank u wel" in client.post(url, answer).content.decode()
    saved = SurveyAnswer.objects.get()
    assert (saved.would_return, saved.would_recommend) == (False, True)


def test_figures_count_each_question_over_those_who_were_asked_it(client, helper, visit):
    old, first, second = visit(), visit(), visit()
    # An answer from before the split: one answer to the double question.
    SurveyAnswer.objects.create(contact=old, helped="yes", mark=8, returns_or_recommends=True)
    SurveyAnswer.objects.create(
        contact=first, helped="yes", mark=7, would_return=True, would_recommend=True
    )
    SurveyAnswer.objects.create(
        contact=second, helped="no", mark=5, would_return=False, would_recommend=True
    )
    figures = selectors.figures(None, selectors.Period.around(timezone.localdate(), "month"))
    assert figures.answers == 3
    assert figures.would_return_share == 50.0
    assert figures.would_recommend_share == 100.0
    assert figures.returns_or_recommends_share == 100.0
    login_verified(client, helper)
    html = client.get(reverse("helpdesk:figures"), {"period": "month"}).content.decode()
    assert re.search(r'data-figure="return">50,0%', html)
    assert re.search(r'data-figure="recommend">100,0%', html)
    assert "de oude vraag, met één antwoord" in html
    SurveyAnswer.objects.filter(contact=old).delete()
    html = client.get(reverse("helpdesk:figures"), {"period": "month"}).content.decode()
    assert "de oude vraag" not in html  # shown only where such answers exist


def test_the_printed_slip_has_the_questions_on_paper(client, helper, visit):
    contact = visit()
    login_verified(client, helper)
    html = client.get(reverse("helpdesk:slip", args=[contact.pk])).content.decode()
    paper = html.split("Of op papier", 1)[1]
    for question in (
        "Bent u geholpen?",
        "Welk cijfer geeft u ons?",
        "Zou u nog eens bij ons komen?",
        "Zou u ons aanraden aan anderen?",
        "Wilt u nog iets zeggen?",
    ):
        assert question in paper
    boxes = re.findall(r'<span class="dk-paper__box"></span>([^<]+)</li>', paper)
    assert boxes == ["Ja", "Een beetje", "Nee", *map(str, range(1, 11)), "Ja", "Nee", "Ja", "Nee"]
    assert "Geef het briefje daarna terug" in paper


def test_staff_find_a_returned_slip_by_its_code(client, helper, visit):
    contact = visit()
    login_verified(client, helper)
    response = client.get(reverse("helpdesk:visit-list"), {"code": contact.survey.code.lower()})
    assert response["Location"] == reverse("helpdesk:paper-answer", args=[contact.pk])
    page = client.get(response["Location"]).content.decode()
    assert contact.survey.code in page and "Zou u ons aanraden aan anderen?" in page
    client.post(
        response["Location"],
        {"helped": "yes", "mark": "10", "would_return": "yes", "would_recommend": "no"},
    )
    answer = SurveyAnswer.objects.get(contact=contact)
    assert answer.on_paper and (answer.would_return, answer.would_recommend) == (True, False)


def test_another_organisations_slip_code_is_not_found(client, visit):
    contact = visit()
    login_verified(client, make_staff(Role.HELP_POINT_STAFF, OrganisationFactory()))
    response = client.get(reverse("helpdesk:visit-list"), {"code": contact.survey.code})
    assert response.status_code == 200
    assert "Wij vinden geen bezoek met deze code." in response.content.decode()
