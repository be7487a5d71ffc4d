from django import forms
from django.utils.translation import gettext_lazy as _

from digiketen.core import forms as core_forms


class SlotChoiceForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Kies een tijd"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        from digiketen.applications.models import PickupSlot

        self.fields["slot"].queryset = PickupSlot.objects.filter(
            pk__in=[s.pk for s in slots]
        ).order_by("starts_at")


class SlotSeriesForm(core_forms.SlotSeriesForm):
    capacity = forms.IntegerField(label=_("Mensen per tijd"), min_value=1, max_value=20, initial=1)


class CapacityForm(forms.Form):
    monthly = forms.IntegerField(label=_("Uitgiftes per maand"), min_value=0, max_value=5000)
