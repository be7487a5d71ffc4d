from django import forms
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from digiketen.core import forms as core_forms


class SlotChoiceForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Kies een tijd"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, slots=(), times_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        from digiketen.applications.models import PickupSlot

        self.fields["slot"].queryset = PickupSlot.objects.filter(
            pk__in=[s.pk for s in slots]
        ).order_by("starts_at")
        if times_only:  # the day is already chosen and named above the times
            self.fields["slot"].label = _("Hoe laat?")
            self.fields["slot"].label_from_instance = lambda slot: (
                f"{localtime(slot.starts_at):%H:%M}–{localtime(slot.ends_at):%H:%M}"
            )


class SlotSeriesForm(core_forms.SlotSeriesForm):
    capacity = forms.IntegerField(label=_("Mensen per tijd"), min_value=1, max_value=20, initial=1)


class CapacityForm(forms.Form):
    monthly = forms.IntegerField(label=_("Uitgiftes per maand"), min_value=0, max_value=5000)
