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
    who_can_get = models.TextField(_("who can get it"), blank=True)
    what_you_need = models.TextField(_("what you need"), blank=True)
    fees = models.CharField(_("fees"), max_length=200, blank=True)
    kle = models.CharField(
        _("KLE number"),
        max_length=8,
        blank=True,
        help_text=_("The task in the KLE classification, e.g. 05.04.02."),
    )
    # English texts; an empty field falls back to the Danish one.
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    summary_en = models.TextField(_("plain-language description (English)"), blank=True)
    who_can_get_en = models.TextField(_("who can get it (English)"), blank=True)
    what_you_need_en = models.TextField(_("what you need (English)"), blank=True)
    fees_en = models.CharField(_("fees (English)"), max_length=200, blank=True)
    keywords_en = models.CharField(_("search words (English)"), max_length=300, blank=True)
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

    def text(self, field: str, lang: str = "da") -> str:
        """A text field in the language asked for, Danish when there is no translation."""
        danish: str = getattr(self, field)
        if lang == "en":
            return getattr(self, f"{field}_en", "") or danish
        return danish


class Referral(models.Model):
    """A matter the municipality does not handle, and who does ("out of remit")."""

    slug = models.SlugField(max_length=60, unique=True)
    topic = models.CharField(_("topic"), max_length=150)
    topic_en = models.CharField(_("topic (English)"), max_length=150, blank=True)
    authority = models.CharField(_("who handles it"), max_length=150)
    text = models.TextField(_("guidance"))
    text_en = models.TextField(_("guidance (English)"), blank=True)
    url = models.URLField(_("link"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    keywords = models.CharField(_("search words"), max_length=300, blank=True)

    class Meta:
        ordering = ["topic"]
        verbose_name = _("referral to another authority")
        verbose_name_plural = _("referrals to other authorities")

    def __str__(self) -> str:
        return self.topic

    def localized(self, field: str, lang: str = "da") -> str:
        danish: str = getattr(self, field)
        if lang == "en":
            return getattr(self, f"{field}_en", "") or danish
        return danish


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
