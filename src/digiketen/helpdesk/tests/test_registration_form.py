"""Issue 12, point 16: the registration page shows the questions that hold something, and
keeps the others behind "Nog een vraag" so a keyboard user does not tab through them."""

import re

from django.urls import reverse

from digiketen.conftest import login_verified


def open_questions(html: str) -> list[int]:
    """The numbers of the extra questions whose "Nog een vraag" is open."""
    return [
        int(number)
        for attrs, number in re.findall(
            r"<details class=\"dk-more-filters dk-more-question\"([^>]*)>\s*<summary>"
            r"Nog een vraag \(vraag (\d)\)",
            html,
        )
        if "open" in attrs
    ]


def test_a_new_registration_shows_one_question_open(client, helper):
    login_verified(client, helper)
    html = client.get(reverse("helpdesk:register")).content.decode()
    assert "Nog een vraag (vraag 2)" in html and "Nog een vraag (vraag 3)" in html
    assert open_questions(html) == []
    assert "Ctrl" not in html
    assert 'type="checkbox" name="vraag-0-agencies"' in html
    assert 'type="radio" name="vraag-0-outcome"' in html


def test_a_correction_opens_the_questions_it_has(client, helper, visit):
    contact = visit(questions=[("DigiD activeren", "a", ()), ("Huurtoeslag", "e", ("UWV",))])
    login_verified(client, helper)
    html = client.get(reverse("helpdesk:correct", args=[contact.pk])).content.decode()
    assert open_questions(html) == [2]
    # The agencies of the second question are shown, those of the first (none) wait.
    assert re.search(r"<details class=\"dk-more-filters\" open>\s*<summary>Instanties", html)
    assert len(re.findall(r"<details class=\"dk-more-filters\" open>", html)) == 1


def test_an_error_in_the_third_question_opens_it(client, helper, library, theme):
    login_verified(client, helper)
    data = {
        "location": library.pk,
        "channel": "walk_in",
        "question_type": "government",
        "minutes": "5",
        "vraag-TOTAL_FORMS": "3",
        "vraag-INITIAL_FORMS": "0",
        "vraag-0-theme": theme("Boetes").pk,
        "vraag-0-outcome": "x",
        "vraag-2-outcome": "a",
    }
    html = client.post(reverse("helpdesk:register"), data).content.decode()
    assert "Kies het thema van de vraag." in html
    assert open_questions(html) == [2, 3]
