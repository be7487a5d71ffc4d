from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from digiketen import permissions
from digiketen.accounts.roles import Role


class User(AbstractUser):
    """A staff member or volunteer. Residents never have an account."""

    email = models.EmailField(_("e-mailadres"), blank=False)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        through="Membership",
        through_fields=("user", "organisation"),
        related_name="members",
        verbose_name=_("organisaties"),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_set(self) -> frozenset[str]:
        """All roles of this user in any organisation (cached per request)."""
        if not hasattr(self, "_role_set"):
            self._role_set = frozenset(self.memberships.values_list("role", flat=True))
        return self._role_set

    @property
    def requires_two_factor(self) -> bool:
        """A role of this user reaches personal data (see permissions.needs_second_factor)."""
        return any(permissions.needs_second_factor(role) for role in self.role_set)


class Membership(models.Model):
    """One role of a user in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rol in organisatie")
        verbose_name_plural = _("rollen in organisaties")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    @property
    def audit_organisation(self):
        return self.organisation
