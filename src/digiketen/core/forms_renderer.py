"""The form renderer: NL Design System markup, errors linked to their fields.

The markup lives in templates (templates/forms/, templates/django/forms/widgets/). The field
group and the common widgets are also written out here in Python, producing the same HTML
character for character (tests/test_forms_renderer.py compares the two): Django's template
engine spent most of a form page's time on them (a select of 30 options is 30 template
renders), and a page's forms now cost a tenth of that. Other templates render as usual."""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.translation import gettext

WIDGETS = "django/forms/widgets/"
# Django's templates that are no more than {% include "django/forms/widgets/input.html" %}.
INPUT_TYPES = [
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
]


def _text(value) -> str:
    """{{ value }}: escaped unless already safe."""
    return str(conditional_escape(value))


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}: "%s" % value, escaped unless it was safe."""
    return str(value) if isinstance(value, SafeData) else str(conditional_escape(f"{value!s}"))


def _lookup(mapping: dict, key: str):
    """A template's {{ widget.attrs.key }}: empty when missing."""
    return mapping.get(key, "")


def attrs(widget: dict) -> str:
    out = []
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def input_html(widget: dict) -> str:
    kind = widget["type"]
    value = widget["value"]
    value_attr = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 - as the template
    css = {
        "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
        "radio": "utrecht-radio-button utrecht-radio-button--html-input",
        "file": "dk-file",
    }.get(kind, "utrecht-textbox utrecht-textbox--html-input")
    return (
        f'<input type="{_text(kind)}" name="{_text(widget["name"])}"{value_attr} '
        f'class="{css}"{attrs(widget)}>\n'
    )


def input_option(widget: dict) -> str:
    html = input_html(widget)
    if widget.get("wrap_label"):
        label_for = _lookup(widget["attrs"], "id")
        for_attr = f' for="{_text(label_for)}"' if label_for else ""
        html = f"<label{for_attr}>{html} {_text(widget['label'])}</label>"
    return html + "\n"


def select_option(widget: dict) -> str:
    return (
        f'<option value="{_formatted(widget["value"])}"{attrs(widget)}>'
        f"{_text(widget['label'])}</option>\n"
    )


OPTIONS = {
    WIDGETS + "select_option.html": select_option,
    WIDGETS + "radio_option.html": lambda widget: input_option(widget) + "\n",
    WIDGETS + "checkbox_option.html": lambda widget: input_option(widget) + "\n",
}


def select(widget: dict) -> str:
    out = [
        f'<select name="{_text(widget["name"])}" '
        f'class="utrecht-select utrecht-select--html-select"{attrs(widget)}>'
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        out += ["\n  " + OPTIONS[option["template_name"]](option) for option in options]
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def multiple_input(widget: dict) -> str:
    widget_id = _lookup(widget["attrs"], "id")
    css = _lookup(widget["attrs"], "class")
    out = [
        "<div",
        f' id="{_text(widget_id)}"' if widget_id else "",
        f' class="{_text(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_text(group)}</label>")
        out += [
            f"<div>\n    {OPTIONS[option['template_name']](option)}</div>" for option in options
        ]
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_text(widget["name"])}" '
        f'class="utrecht-textarea utrecht-textarea--html-textarea"{attrs(widget)}>\n'
        f"{value}</textarea>\n"
    )


def _messages(field) -> str:
    help_text = ""
    if field.help_text:
        help_text = (
            f'<div class="utrecht-form-field-description" id="{_text(field.auto_id)}_helptext">'
            f"{field.help_text}</div>"
        )
    errors = ""
    if field.errors:
        items = "".join(f"<p>{_text(error)}</p>" for error in field.errors)
        errors = (
            f'<div class="utrecht-form-field-error-message" id="{_text(field.auto_id)}_error">'
            f"{items}</div>"
        )
    return f"{help_text}\n{errors}\n"


def _optional(field) -> str:
    if field.field.required or getattr(field.field, "conditional", False):
        return ""
    return f' <span class="dk-optional">({_text(gettext("niet verplicht"))})</span>'


def field_group(context: dict) -> str:
    field = context["field"]
    invalid = bool(field.errors)
    if field.use_fieldset:
        described = field.aria_describedby
        return (
            '\n<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset'
            + (" utrecht-form-fieldset--invalid" if invalid else "")
            + '"'
            + (f' aria-describedby="{_text(described)}"' if described else "")
            + '>\n  <legend class="utrecht-form-fieldset__legend '
            f'utrecht-form-fieldset__legend--html-legend">{_text(field.label)}{_optional(field)}'
            f"</legend>\n  {_messages(field)}\n"
            f'  <div class="dk-choices">{field}</div>\n</fieldset>\n'
        )
    if field.widget_type == "checkbox":
        return (
            '\n<div class="utrecht-form-field utrecht-form-field--checkbox'
            + (" utrecht-form-field--invalid" if invalid else "")
            + f'">\n  <div class="utrecht-form-field__input">{field}</div>\n'
            '  <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">'
            '<label class="utrecht-form-label utrecht-form-label--checkbox" '
            f'for="{_text(field.id_for_label)}">{_text(field.label)}</label></div>\n'
            f"  {_messages(field)}\n</div>\n"
        )
    return (
        '\n<div class="utrecht-form-field utrecht-form-field--text'
        + (" utrecht-form-field--invalid" if invalid else "")
        + '">\n  <div class="utrecht-form-field__label"><label class="utrecht-form-label" '
        f'for="{_text(field.id_for_label)}">{_text(field.label)}{_optional(field)}</label></div>\n'
        f"  {_messages(field)}\n"
        f'  <div class="utrecht-form-field__input">{field}</div>\n</div>\n'
    )


IN_PYTHON = {
    "forms/field.html": field_group,
    **{f"{WIDGETS}{name}.html": lambda c: input_html(c["widget"]) + "\n" for name in INPUT_TYPES},
    WIDGETS + "select.html": lambda c: select(c["widget"]),
    WIDGETS + "radio.html": lambda c: multiple_input(c["widget"]) + "\n",
    WIDGETS + "checkbox_select.html": lambda c: multiple_input(c["widget"]) + "\n",
    WIDGETS + "textarea.html": lambda c: textarea(c["widget"]),
}


class FormRenderer(TemplatesSetting):
    """Renders every form with NL Design System markup, errors linked to their fields."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    formset_template_name = "forms/formset.html"

    def render(self, template_name, context, request=None):
        write = IN_PYTHON.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        return write(context).strip()


class TemplateFormRenderer(FormRenderer):
    """The same markup from the templates alone: what the Python above must equal."""

    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request=request)
