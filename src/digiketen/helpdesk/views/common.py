"""What the help point's pages share: the permission decorators and finding a visit."""

from django.shortcuts import get_object_or_404

from digiketen import permissions
from digiketen.helpdesk import selectors
from digiketen.helpdesk.models import HelpContact
from digiketen.permissions import Perm

registers = permissions.require_perm(Perm.REGISTER_HELP)
reads_figures = permissions.require_perm(Perm.VIEW_HELP_FIGURES)


def registered_visit(request, pk) -> HelpContact:
    """A visit registered at one of the user's locations, or 404."""
    return get_object_or_404(selectors.registered_visits(user=request.user), pk=pk)
