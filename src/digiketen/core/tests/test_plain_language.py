"""Django's own messages, in the plain Dutch of the rest of the site."""

from django.urls import reverse


def test_a_missing_answer_is_named_in_plain_dutch(client, db):
    page = client.post(reverse("applications:apply-step", args=["wat"]), {})
    assert "Dit is nog niet ingevuld." in page.content.decode()
