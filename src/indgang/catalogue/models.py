from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from indgang.catalogue.constants import Channel, PriorityReason
from indgang.core.models import Administration, Team


class LifeSituation(models.Model):
    """Moving, a new baby, turning 18, ... — groups the services that matter then."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A municipal service (ydelse), in plain language."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, verbose_name=_("administration")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("team")
    )
    summary = models.TextField(_("plain-language description"))
    what_you_need = models.TextField(_("what you need"), blank=True)
    fees = models.CharField(_("fees"), max_length=200, blank=True)
    selfservice_url = models.CharField(_("self-service link"), max_length=300, blank=True)
    keywords = models.CharField(
        _("search words"),
        max_length=300,
        blank=True,
        help_text=_("Other words citizens use for this service, separated by spaces."),
    )
    life_situations = models.ManyToManyField(
        LifeSituation, blank=True, related_name="services", verbose_name=_("life situations")
    )
    # term → weight, rebuilt by services.reindex() whenever the text changes.
    search_index = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class ChannelPriority(models.Model):
    """The order of channels the municipality wants used for a service, and why."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="channels")
    rank = models.PositiveSmallIntegerField(_("rank"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=PriorityReason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["service", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["service", "rank"], name="catalogue_unique_rank"),
            models.UniqueConstraint(fields=["service", "channel"], name="catalogue_unique_channel"),
        ]
        verbose_name = _("channel priority")
        verbose_name_plural = _("channel priorities")

    def __str__(self) -> str:
        return f"{self.rank}. {self.get_channel_display()}"


class Faq(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "position", "id"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self) -> str:
        return self.question
