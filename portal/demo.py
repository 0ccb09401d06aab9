"""Demo data: a realistic agency tree and staff users for every role in two agencies.

Each app may add its own demo data in a ``demo.py`` module with a ``load(stdout)`` function;
``manage.py load_demo`` calls them in the order of INSTALLED_APPS, then prints a table of what
the portal holds, counted by each app's ``summary()``. Every loader is idempotent: it looks
records up by natural keys and leaves existing ones untouched. Records that staff may edit
(documents, Q&A entries …) are kept by the demo's own key in ``DemoRecord``
(``demo_record_find`` / ``demo_record_keep``), so an edited title does not bring the original
back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, TextIO, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import OutputWrapper
from django.db import models, transaction

from portal import sites
from portal.agencies import agency_create
from portal.models import Agency, AgencyKind, AgencyLevel, DemoRecord, SiteHost, StaffRole

M = TypeVar("M", bound=models.Model)

DEMO_PASSWORD = "demo-2026-portal"  # noqa: S105 - demo logins are printed on purpose

GUIDE = """\
为保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），\
编制本指南。本指南每年更新。

一、主动公开
本机关主动公开的政府信息包括机构职能、规章和行政规范性文件、规划计划、统计信息、行政许可和行政处罚的依据与结果、\
财政预决算、政府采购、重大建设项目等（《条例》第二十条）。主动公开的信息自形成或者变更之日起20个工作日内，\
通过本门户网站的信息公开专栏、政府公报、政务新媒体等渠道公开。

二、依申请公开
公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请可通过本门户网站在线提交，也可以信函、\
当面等方式向本机关政府信息公开工作机构提出。申请内容应包括申请人的姓名或者名称、身份证明、联系方式，\
申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式和途径（《条例》第二十九条）。
本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；\
需要延长答复期限的，经政府信息公开工作机构负责人同意，延长期限最长不超过20个工作日（《条例》第三十三条）。

三、收费
行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，\
按照《政府信息公开信息处理费管理办法》收取信息处理费。

四、救济途径
公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者\
政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。"""


def demo_record_find(key: str, earlier: models.QuerySet[M]) -> tuple[bool, M | None]:
    """Whether the demo made the record ``key`` before, and the record (None if deleted since).

    ``earlier`` finds the record as demo data loaded before keys were kept did (by its title,
    say): a record found that way is adopted under ``key``."""
    record = DemoRecord.objects.filter(key=key).first()
    if record is not None:
        return True, earlier.model._default_manager.filter(pk=record.object_id).first()
    found = earlier.first()
    if found is not None:
        demo_record_keep(key, found)
        return True, found
    return False, None


def demo_record_keep(key: str, obj: models.Model) -> None:
    """Remember that the demo made ``obj``, as ``key``."""
    DemoRecord.objects.get_or_create(
        key=key,
        defaults={"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk},
    )


G, D = AgencyKind.GOVERNMENT, AgencyKind.DEPARTMENT
P, C, X, T, V = AgencyLevel.values

# code, parent code, name, level, kind, address, postal code, phone. Codes are made up in the
# shape of organisation codes: six digits of the administrative division plus a unit number.
AGENCIES = [
    ("330000000", None, "浙江省人民政府", P, G, "杭州市省府路8号", "310025", "0571-87052221"),
    ("330000001", "330000000", "浙江省人民政府办公厅", P, D, "杭州市省府路8号", "310025", "0571-87053001"),
    ("330000002", "330000000", "浙江省财政厅", P, D, "杭州市环城西路37号", "310006", "0571-87058101"),
    ("331100000", "330000000", "丽水市人民政府", C, G, "丽水市莲都区花园路1号", "323000", "0578-2091521"),
    ("331100001", "331100000", "丽水市人民政府办公室", C, D, "丽水市莲都区花园路1号", "323000", "0578-2091522"),
    ("331100002", "331100000", "丽水市财政局", C, D, "丽水市莲都区丽阳街619号", "323000", "0578-2133201"),
    ("331100003", "331100000", "丽水市教育局", C, D, "丽水市莲都区中山街北278号", "323000", "0578-2112011"),
    ("331102000", "331100000", "丽水市莲都区人民政府", X, G, "丽水市莲都区丽阳街999号", "323000", "0578-2181101"),
    ("331102001", "331102000", "莲都区住房和城乡建设局", X, D, "丽水市莲都区三岩寺路22号", "323000", "0578-2181320"),
    ("331102101", "331102000", "莲都区紫金街道办事处", T, G, "丽水市莲都区紫金路89号", "323000", "0578-2181501"),
    ("331102101001", "331102101", "紫金街道下河社区居民委员会", V, G, "丽水市莲都区下河路12号", "323000", "0578-2181588"),
    ("331122000", "331100000", "缙云县人民政府", X, G, "缙云县五云街道新建路1号", "321400", "0578-3131001"),
    ("331122101", "331122000", "缙云县壶镇镇人民政府", T, G, "缙云县壶镇镇丹溪路88号", "321404", "0578-3511001"),
    ("330100000", "330000000", "杭州市人民政府", C, G, "杭州市上城区解放东路18号", "310016", "0571-85252101"),
    ("330100001", "330100000", "杭州市人民政府办公厅", C, D, "杭州市上城区解放东路18号", "310016", "0571-85252102"),
    ("330100002", "330100000", "杭州市规划和自然资源局", C, D, "杭州市上城区解放东路18号", "310016", "0571-85252601"),
    ("330106000", "330100000", "杭州市西湖区人民政府", X, G, "杭州市西湖区文三路166号", "310012", "0571-87960101"),
    ("330106101", "330106000", "西湖区北山街道办事处", T, G, "杭州市西湖区北山路68号", "310007", "0571-87960501"),
    ("330127000", "330100000", "淳安县人民政府", X, G, "淳安县千岛湖镇新安东路1号", "311700", "0571-64812101"),
    ("330127101", "330127000", "淳安县千岛湖镇人民政府", T, G, "淳安县千岛湖镇环湖北路8号", "311700", "0571-64812501"),
 # The agencies of the five corpus documents (disclosure demo data), outside Zhejiang.
    ("450000000", None, "广西壮族自治区人民政府", P, G, "南宁市民族大道1号", "530028", "0771-2802114"),
    ("450000001", "450000000", "广西壮族自治区人民政府办公厅", P, D, "南宁市民族大道1号", "530028", "0771-2802115"),
    ("320000000", None, "江苏省人民政府", P, G, "南京市北京西路68号", "210013", "025-83391000"),
    ("320600000", "320000000", "南通市人民政府", C, G, "南通市崇川区世纪大道6号", "226018", "0513-85098000"),
    ("320600001", "320600000", "南通市人民政府办公室", C, D, "南通市崇川区世纪大道6号", "226018", "0513-85098001"),
    ("620000000", None, "甘肃省人民政府", P, G, "兰州市城关区中央广场1号", "730030", "0931-8928000"),
    ("620800000", "620000000", "平凉市人民政府", C, G, "平凉市崆峒区西大街116号", "744000", "0933-8213000"),
    ("620800090", "620800000", "政协平凉市委员会", C, AgencyKind.OTHER, "平凉市崆峒区西大街116号", "744000", "0933-8213090"),
    ("340000000", None, "安徽省人民政府", P, G, "合肥市包河区中山路1号", "230091", "0551-62999000"),
    ("341000000", "340000000", "黄山市人民政府", C, G, "黄山市屯溪区长干中路1号", "245000", "0559-2351000"),
    ("341000001", "341000000", "黄山市人民政府办公室", C, D, "黄山市屯溪区长干中路1号", "245000", "0559-2351001"),
]  # fmt: skip

# Art 27: bodies that are not administrative agencies take no requests; the form says where to
# go instead.
NOT_TAKING_APPLICATIONS = {
    "331102101001": "居民委员会是基层群众性自治组织，不是行政机关。如需获取相关政府信息，"
    "请向莲都区紫金街道办事处提出申请。",
    "620800090": "人民政协不是行政机关，不受理政府信息公开申请。政协履职信息可向政协平凉市委员会"
    "办公室咨询；政府信息请向平凉市人民政府提出申请。",
}

# Art 20(二): the profile of the demo's city government.
PROFILES = {
    "331100000": {
        "functions": "执行市人民代表大会及其常务委员会的决议和上级国家行政机关的决定、命令，"
        "规定行政措施，发布决定和命令；领导所属各工作部门和下级人民政府的工作；"
        "执行国民经济和社会发展计划、预算，管理本行政区域内的经济、教育、科学、文化、卫生、"
        "体育事业、城乡建设事业和财政、民政、公安、司法行政、监察等行政工作。",
        "structure": "丽水市人民政府办公室\n丽水市发展和改革委员会\n丽水市教育局\n丽水市财政局\n"
        "丽水市人力资源和社会保障局\n丽水市住房和城乡建设局",
        "address": "丽水市莲都区花园路1号",
        "hours": "工作日 上午8:30-12:00，下午14:30-17:30（法定节假日除外）",
        "phone": "0578-2091521（总机）",
        "head": "市长 张某某\n常务副市长 李某某\n副市长 王某某",
    },
}

# Staff for every role in two agencies, so that scoping between agencies can be tried out.
STAFF_AGENCIES = {"lishui": "331100000", "hangzhou": "330100000"}


def _ensure_agencies() -> int:
    """Create the agencies that do not exist yet (parents come first in ``AGENCIES``)."""
    created = 0
    for code, parent_code, name, level, kind, address, postcode, phone in AGENCIES:
        if Agency.objects.filter(code=code).exists():
            continue
        office = f"{name}办公室（政府信息公开办公室）" if kind == G else f"{name}政务公开科"
        agency_create(
            parent=Agency.objects.get(code=parent_code) if parent_code else None,
            name=name,
            code=code,
            level=level,
            kind=kind,
            office_name=office,
            office_address=address,
            office_postcode=postcode,
            office_hours="工作日 上午8:30-12:00，下午14:30-17:30（法定节假日除外）",
            office_phone=phone,
            office_fax=phone[:-1] + "9",
            office_email=f"gkb{code}@example.gov.cn",
            disclosure_guide=GUIDE,
            guide_updated_on=dt.date(2026, 1, 15),
            takes_applications=code not in NOT_TAKING_APPLICATIONS,
            applications_elsewhere=NOT_TAKING_APPLICATIONS.get(code, ""),
            **PROFILES.get(code, {}),
        )
        created += 1
    return created


# Demo staff get names as people have them (family name, given name); picked from the user
# name so that every run gives the same person the same name.
FAMILY_NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN_NAMES = ["芳", "伟", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
               "明", "超", "秀英", "建华", "海燕", "志强", "晓红"]  # fmt: skip


def demo_person(username: str) -> tuple[str, str]:
    """(family name, given name) for a demo login."""
    digest = hashlib.sha256(username.encode()).digest()
    return FAMILY_NAMES[digest[0] % len(FAMILY_NAMES)], GIVEN_NAMES[digest[1] % len(GIVEN_NAMES)]


def _ensure_user(username: str, *, superuser: bool = False) -> User:
    family, given = demo_person(username)
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "is_superuser": superuser, "last_name": family,
                  "first_name": given},
    )  # fmt: skip
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


ROLE_NAMES = {
    StaffRole.Role.DRAFTER: "drafter",
    StaffRole.Role.REVIEWER: "reviewer",
    StaffRole.Role.PUBLISHER: "publisher",
    StaffRole.Role.HANDLER: "handler",
    StaffRole.Role.OFFICE_HEAD: "head",
    StaffRole.Role.PRIVACY_OFFICER: "privacy",
}


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [
        ("Agencies", Agency.objects.count()),
        ("Staff logins", get_user_model().objects.filter(is_staff=True, is_active=True).count()),
    ]


@transaction.atomic
def load(stdout: TextIO) -> None:
    _ensure_agencies()
    _ensure_user("admin", superuser=True)
    logins = [("admin", "superuser")]
    for prefix, code in STAFF_AGENCIES.items():
        agency = Agency.objects.get(code=code)
        for role, suffix in ROLE_NAMES.items():
            username = f"{prefix}-{suffix}"
            user = _ensure_user(username)
            StaffRole.objects.get_or_create(user=user, agency=agency, role=role)
            logins.append((username, f"{role.label} @ {agency.name}"))
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}) at /admin/:\n")
    for username, what in logins:
        stdout.write(f"  {username:<20} {what}\n")
    stdout.write(
        "Office heads, privacy officers and admin set up two-factor sign-in at their first "
        "sign-in: scan the QR code with an authenticator app (or type its key), then enter the "
        "app's code; keep the recovery codes shown. The other roles sign in with the password.\n"
    )


# The site group (portal.sites): the platform's main portal (the whole tree, as the demo was
# before it had sites), 丽水市 and one of its counties, each with a host name a browser on the
# same machine reaches (*.localhost is the loopback address; DEBUG admits it in ALLOWED_HOSTS).
DEMO_SITES: list[dict[str, Any]] = [
    {
        "name": "浙江省政务公开平台",
        "root": None,
        "hosts": ["127.0.0.1", "localhost"],
        "theme": "red",
        "site_code": "3300000001",
        "icp_number": "浙ICP备05000001号",
    },
    {
        "name": "丽水市人民政府门户网站",
        "root": "331100000",
        "hosts": ["lishui.localhost"],
        "theme": "blue",
        "site_code": "3311000001",
        "icp_number": "浙ICP备05011001号",
        "police_number": "浙公网安备 33110202000101号",
    },
    {
        "name": "缙云县人民政府门户网站",
        "root": "331122000",
        "hosts": ["jinyun.lishui.localhost"],
        "theme": "green",
        "site_code": "3311220001",
        "icp_number": "浙ICP备05011022号",
        "navigation": [
            "portal:home", "disclosure:catalog", "requests_app:apply",
            "interpretation:list", "interaction:index", "search:page",
        ],
        "home_modules": ["latest-disclosures", "request-guide", "columns"],
    },
]  # fmt: skip


def load_sites(stdout: TextIO | OutputWrapper) -> list[tuple[str, str]]:
    """The demo's three sites (made once; a site staff edited is left as it is), and a
    platform operator login. Returns each site's name and canonical host."""
    made = []
    with transaction.atomic():
        for spec in DEMO_SITES:
            hosts = list(spec["hosts"])
            if not SiteHost.objects.filter(host=hosts[0]).exists():
                root = Agency.objects.get(code=spec["root"]) if spec["root"] else None
                details = {k: v for k, v in spec.items() if k not in ("name", "root", "hosts")}
                sites.site_create(name=str(spec["name"]), root_agency=root, hosts=hosts, **details)
            made.append((str(spec["name"]), hosts[0]))
        operator = _ensure_user("platform")
        operator.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="portal",
                codename__in=["manage_sites", "view_site", "change_site", "add_site"],
            )
        )
    stdout.write("Site group (platform operator login: platform):\n")
    for name, host in made:
        stdout.write(f"  {name}: {host}\n")
    return made
