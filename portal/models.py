"""Shared data: the agency tree, staff roles, the working-day calendar and the site group."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from portal.site_blocks import validate_home_modules, validate_navigation


class AgencyLevel(models.TextChoices):
    # Ordered from the top of the hierarchy down; RANK below relies on this order.
    PROVINCE = "province", _("Province / autonomous region")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    TOWNSHIP = "township", _("Township / street")
    VILLAGE = "village", _("Village / community")


LEVEL_RANK = {level: rank for rank, level in enumerate(AgencyLevel.values)}


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", _("People's government")
    DEPARTMENT = "department", _("Government department")
    OTHER = "other", _("Other public body")


agency_code_validator = RegexValidator(
    r"^[0-9A-Z][0-9A-Z-]{1,31}$",
    _(
        "Use 2-32 upper-case letters, digits or hyphens, e.g. 000014349 or a unified social "
        "credit code."
    ),
)


class AgencyQuerySet(MP_NodeQuerySet):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class AgencyManager(MP_NodeManager):
    def get_queryset(self) -> AgencyQuerySet:
        return AgencyQuerySet(self.model, using=self._db).order_by("path")

    def active(self) -> AgencyQuerySet:
        return self.get_queryset().active()


class Agency(MP_Node):
    """An administrative body (行政机关). The tree is a materialised path (treebeard), so that
    "this agency and everything below it" is one indexed prefix query."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(
        _("agency code"),
        max_length=32,
        unique=True,
        validators=[agency_code_validator],
        help_text=_("Used in index numbers (索引号) and in the agency's web address."),
    )
    level = models.CharField(_("level"), max_length=16, choices=AgencyLevel.choices)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Abolished or merged agencies stay for the record but leave the directory."),
    )

    # Art 27: only administrative agencies, and bodies authorised by law to manage public
    # affairs, take applications; 居民委员会/村民委员会, 人大, 政协, courts and procuratorates
    # do not (domain-spec §8).
    takes_applications = models.BooleanField(
        _("takes information requests"),
        default=True,
        help_text=_(
            "Art 27: administrative agencies and bodies authorised to manage public affairs. "
            "Untick for residents' committees, people's congresses, CPPCC committees, courts "
            "and procuratorates."
        ),
    )
    applications_elsewhere = models.CharField(
        _("where to apply instead"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the request form for a body that takes no requests."),
    )

    # Art 20(二): the agency's functions, structure, address, office hours, contacts and head.
    functions = models.TextField(_("functions"), blank=True)
    structure = models.TextField(
        _("internal structure"), blank=True, help_text=_("One internal body per line.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    hours = models.CharField(_("office hours of the agency"), max_length=200, blank=True)
    phone = models.CharField(_("switchboard or enquiry phone"), max_length=100, blank=True)
    head = models.TextField(
        _("head"), blank=True, help_text=_("负责人: one name and post per line.")
    )

    # Art 12, Art 28: the disclosure office and its contacts must be published.
    office_name = models.CharField(_("disclosure office"), max_length=200, blank=True)
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    office_postcode = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("A postal code has six digits."))],
    )
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    office_phone = models.CharField(_("phone"), max_length=100, blank=True)
    office_fax = models.CharField(_("fax"), max_length=100, blank=True)
    office_email = models.EmailField(_("e-mail"), blank=True)
    office_website = models.URLField(_("web contact"), blank=True)

    disclosure_guide = models.TextField(
        _("disclosure guide"),
        blank=True,
        help_text=_(
            "公开指南: what the agency publishes, how to request information, fees, "
            "remedies. Paragraphs are separated by blank lines."
        ),
    )
    guide_updated_on = models.DateField(_("guide last updated"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyManager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:agency_column", kwargs={"code": self.code})

    @property
    def has_profile(self) -> bool:
        """Whether any Art 20(二) item is filled in."""
        return any((self.functions, self.structure, self.address, self.hours, self.phone,
                    self.head))  # fmt: skip

    @property
    def has_contacts(self) -> bool:
        return any((self.office_address, self.office_phone, self.office_email, self.office_website))


class StaffRole(models.Model):
    """One role a staff user holds in one agency (domain-spec section 1)."""

    class Role(models.TextChoices):
        DRAFTER = "drafter", _("Drafter")
        REVIEWER = "reviewer", _("Reviewer (incl. confidentiality review)")
        PUBLISHER = "publisher", _("Publisher")
        HANDLER = "handler", _("Request handler")
        # Art 33: the only role that may approve a deadline extension.
        OFFICE_HEAD = "office_head", _("Disclosure office head")
        # 个人信息保护法 Art 52: the person in charge of personal-information protection, who
        # supervises how applicants' data are handled (sees them in full, reads who saw them).
        PRIVACY_OFFICER = "privacy_officer", _("Personal-information protection officer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="staffrole_unique_user_agency_role"
            )
        ]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class CalendarYear(models.Model):
    """A year whose official arrangement (the State Council's holiday notice) staff entered.

    Days of such a year are no longer provisional, even where the calendar library has no data.
    """

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The notice the arrangement comes from, e.g. 国办发明电〔2025〕7号."),
    )
    imported_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day whose status staff set by hand; it overrides the calendar library."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day (e.g. a weekend make-up day).")
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("e.g. 春节 or 春节调休上班")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}".strip()


class SiteIdentity(models.Model):
    """The site's identity in every page's footer, as the national website rules require
    (政府网站发展指引, 国办发〔2017〕47号): who runs the site, its codes and registrations, and the
    党政机关网站标识. One row (pk 1); an empty field falls back to the environment's setting
    (``portal.site_identity``)."""

    host = models.CharField(
        _("host organisation (主办单位)"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the setting SITE_HOST, or else the site's agency."),
    )
    organizer = models.CharField(_("organiser (承办单位)"), max_length=200, blank=True)
    site_code = models.CharField(
        _("website identifier (网站标识码)"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z]*$", _("Letters and digits only."))],
    )
    icp_number = models.CharField(_("ICP record number (ICP备案号)"), max_length=100, blank=True)
    police_number = models.CharField(
        _("public security record number (公安机关备案号)"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 浙公网安备 33010602000001号"),
    )
    badge = models.FileField(
        _("党政机关网站标识 image"), upload_to="site/", max_length=200, blank=True
    )
    badge_content_type = models.CharField(max_length=50, blank=True, editable=False)
    badge_url = models.URLField(
        _("党政机关网站标识 verification address"), max_length=500, blank=True
    )
    error_report_url = models.URLField(
        _("我为政府网站找错 address"),
        max_length=500,
        blank=True,
        help_text=_("Empty: the national error-report page, with the website identifier."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")

    def __str__(self) -> str:
        return str(_("site identity"))


# The theme colours a site may choose (``portal.sites.THEMES`` holds each one's shades): white
# text on the colour and the colour's darkest shade on its tint pass WCAG AA (4.5:1), which
# tests/portal/test_sites.py checks.
class SiteTheme(models.TextChoices):
    RED = "red", _("Government red")
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    TEAL = "teal", _("Teal")
    PURPLE = "purple", _("Purple")


host_name_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    _("Use a host name in lower case, without a port or a scheme, e.g. lishui.gov.cn."),
)


class Site(models.Model):
    """One site of the site group (集约化平台, 国办函〔2018〕71号): a government's portal on the
    shared installation, showing the subtree of its root agency under its own host names and
    identity. With no Site at all, the installation is one implicit site over the whole tree
    (``portal.sites``)."""

    name = models.CharField(_("site name"), max_length=100)
    root_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sites",
        verbose_name=_("root agency"),
        help_text=_(
            "The site shows this agency and every agency below it. Empty: the whole agency "
            "tree (the platform's main portal)."
        ),
    )
    theme = models.CharField(
        _("theme colour"), max_length=16, choices=SiteTheme.choices, default=SiteTheme.RED
    )
    logo = models.FileField(_("logo"), upload_to="site/", max_length=200, blank=True)
    logo_content_type = models.CharField(max_length=50, blank=True, editable=False)
    navigation = models.JSONField(
        _("navigation entries"),
        default=list,
        blank=True,
        validators=[validate_navigation],
        help_text=_("The main navigation's entries in their order; empty: all of them."),
    )
    home_modules = models.JSONField(
        _("home page modules"),
        default=list,
        blank=True,
        validators=[validate_home_modules],
        help_text=_("The home page's blocks in their order; empty: all of them."),
    )
    # The footer's identity (政府网站发展指引); an empty field falls back to SiteIdentity and
    # the environment's settings, as the single site's footer does.
    host = models.CharField(_("host organisation (主办单位)"), max_length=200, blank=True)
    organizer = models.CharField(_("organiser (承办单位)"), max_length=200, blank=True)
    site_code = models.CharField(
        _("website identifier (网站标识码)"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z]*$", _("Letters and digits only."))],
    )
    icp_number = models.CharField(_("ICP record number (ICP备案号)"), max_length=100, blank=True)
    police_number = models.CharField(
        _("public security record number (公安机关备案号)"), max_length=100, blank=True
    )
    badge = models.FileField(
        _("党政机关网站标识 image"), upload_to="site/", max_length=200, blank=True
    )
    badge_content_type = models.CharField(max_length=50, blank=True, editable=False)
    badge_url = models.URLField(
        _("党政机关网站标识 verification address"), max_length=500, blank=True
    )
    error_report_url = models.URLField(_("我为政府网站找错 address"), max_length=500, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive site answers none of its hosts.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["root_agency__path"]
        permissions = [("manage_sites", _("Can create, delete and move every site"))]

    def __str__(self) -> str:
        return self.name


class SiteHost(models.Model):
    """A host name a site answers to; exactly one per site is canonical (the one its links and
    redirects use)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="hosts", verbose_name=_("site")
    )
    host = models.CharField(
        _("host name"), max_length=253, unique=True, validators=[host_name_validator]
    )
    is_canonical = models.BooleanField(_("canonical"), default=False)

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        ordering = ["-is_canonical", "host"]
        constraints = [
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(is_canonical=True),
                name="sitehost_one_canonical_per_site",
            )
        ]

    def __str__(self) -> str:
        return self.host


class DemoRecord(models.Model):
    """A record ``load_demo`` created, by the demo's own key for it (``disclosure.document:004``).

    The demo looks its records up here rather than by a title or a question that staff may edit:
    a record made once is not made again, whatever became of it (edited or deleted).
    """

    key = models.CharField(max_length=200, unique=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


# The PostgreSQL search index's table (portal.search.models), so that migrations see it.
from portal.search.models import SearchEntry  # noqa: E402, F401
