from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digiketen import permissions
from digiketen.accounts.qr import qr_svg
from digiketen.core import followups, once
from digiketen.helpdesk import forms, selectors, services
from digiketen.helpdesk.models import SurveyCode
from digiketen.helpdesk.views.common import registered_visit, registers
from digiketen.permissions import Perm


def _visit_forms(request, instance=None):
    data = request.POST if request.method == "POST" else None
    visit = forms.VisitForm(data, user=request.user, instance=instance)
    initial = None
    if instance is not None:
        initial = [
            {"theme": q.theme, "agencies": list(q.agencies.all()), "outcome": q.outcome}
            for q in instance.questions.all()
        ]
    questions = forms.QuestionFormSet(
        data, prefix="vraag", initial=initial, form_kwargs={"user": request.user, "shared": {}}
    )
    if instance is None:
        # Registering starts at the first question: where and how are usually as last time.
        questions.forms[0].fields["template"].widget.attrs["autofocus"] = True
    return visit, questions


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def register(request):
    """One page, quick by keyboard: where, how, the questions and what came of them."""
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)
    visit, questions = _visit_forms(request)
    if request.method == "POST" and visit.is_valid() and questions.is_valid():
        url = once.run(
            key,
            lambda: reverse(
                "helpdesk:contact-detail",
                args=[
                    services.register_visit(
                        actor=request.user, data=visit.cleaned_data, questions=questions.questions()
                    ).pk
                ],
            ),
            checked=True,
        )
        messages.success(request, _("Het bezoek is geregistreerd."))
        return redirect(url)
    today = timezone.localdate()
    recent = (
        selectors.registered_visits(user=request.user)
        .filter(helper=request.user, started_at__date=today)
        .prefetch_related("questions__theme")[:10]
    )
    return render(
        request,
        "helpdesk/register.html",
        {"visit": visit, "questions": questions, "once": key, "recent": recent},
    )


@require_safe
@registers
def contact_detail(request, pk):
    contact = registered_visit(request, pk)
    survey = getattr(contact, "survey", None)
    return render(
        request,
        "helpdesk/contact_detail.html",
        {
            "contact": contact,
            "questions": contact.questions.select_related("theme").prefetch_related("agencies"),
            "survey": survey,
            # What another part of the chain did or offers (a course, for instance).
            "followups": followups.of("helpdesk.visit", contact, request.user),
            "answer": getattr(contact, "survey_answer", None),
            "survey_url": _survey_url(request, survey) if survey else "",
            "qr": qr_svg(_survey_url(request, survey), label=_("QR-code naar de vragenlijst"))
            if survey
            else "",
        },
    )


def _survey_url(request, survey: SurveyCode) -> str:
    return request.build_absolute_uri(reverse("helpdesk:survey", args=[survey.code]))


@require_safe
@registers
def slip(request, pk):
    """A slip to print and hand over: the code and a QR code to the survey, and the same
    questions on paper for a visitor without a phone (staff type the answer in later)."""
    contact = registered_visit(request, pk)
    survey = get_object_or_404(SurveyCode, contact=contact)
    url = _survey_url(request, survey)
    return render(
        request,
        "helpdesk/slip.html",
        {
            "contact": contact,
            "survey": survey,
            "url": url,
            "qr": qr_svg(url, label="QR"),
            "form": forms.SurveyForm(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def correct(request, pk):
    contact = registered_visit(request, pk)
    visit, questions = _visit_forms(request, instance=contact)
    if request.method == "POST" and visit.is_valid() and questions.is_valid():
        services.correct_visit(
            actor=request.user,
            contact_id=contact.pk,
            data=visit.cleaned_data,
            questions=questions.questions(),
        )
        messages.success(request, _("De registratie is verbeterd."))
        return redirect(contact.get_absolute_url())
    return render(
        request,
        "helpdesk/correct.html",
        {"contact": contact, "visit": visit, "questions": questions},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def paper_answer(request, pk):
    contact = registered_visit(request, pk)
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_paper_answer(
                actor=request.user, contact_id=contact.pk, data=form.cleaned_data
            )
        except services.SurveyClosed:
            messages.error(request, _("Voor dit bezoek is de vragenlijst al ingevuld."))
        else:
            messages.success(request, _("Het antwoord op papier is ingevoerd."))
        return redirect(contact.get_absolute_url())
    return render(request, "helpdesk/paper_answer.html", {"contact": contact, "form": form})


@require_safe
@registers
def visit_list(request):
    visits = selectors.registered_visits(user=request.user)
    code = forms.PaperCodeForm(request.GET if "code" in request.GET else None)
    if code.is_valid():
        found = visits.filter(survey__code=code.cleaned_data["code"]).first()
        if found is not None:
            return redirect("helpdesk:paper-answer", pk=found.pk)
        code.add_error("code", _("Wij vinden geen bezoek met deze code. Kijk of de code goed is."))
    page = Paginator(visits.prefetch_related("questions__theme"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "helpdesk/visit_list.html", {"page": page, "code": code})


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def templates(request):
    organisation = selectors.own_organisation(user=request.user)
    form = forms.TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        services.save_template(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("De vaste vraag is opgeslagen."))
        return redirect("helpdesk:templates")
    return render(
        request,
        "helpdesk/templates.html",
        {
            "form": form,
            "templates": selectors.templates_for(user=request.user).prefetch_related("agencies"),
        },
    )


@registers
@require_POST
def template_delete(request, pk):
    template = get_object_or_404(selectors.templates_for(user=request.user), pk=pk)
    services.delete_template(actor=request.user, template_id=template.pk)
    messages.success(request, _("De vaste vraag is verwijderd."))
    return redirect("helpdesk:templates")


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.CONFIGURE_HELPDESK)
def code_lists(request):
    data = request.POST or None
    themes = forms.ThemeFormSet(data, prefix="thema", queryset=selectors.all_themes())
    agencies = forms.AgencyFormSet(data, prefix="instantie", queryset=selectors.all_agencies())
    outcomes = forms.OutcomeFormSet(data, prefix="uitkomst", queryset=selectors.all_outcomes())
    formsets = (themes, agencies, outcomes)
    if request.method == "POST" and all(formset.is_valid() for formset in formsets):
        services.save_code_lists(
            actor=request.user,
            items=[item for formset in formsets for item in formset.save(commit=False)],
        )
        messages.success(request, _("De lijsten zijn opgeslagen."))
        return redirect("helpdesk:code-lists")
    return render(
        request,
        "helpdesk/code_lists.html",
        {"themes": themes, "agencies": agencies, "outcomes": outcomes},
    )
