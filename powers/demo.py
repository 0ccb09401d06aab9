"""Demo data of 权力清单 and 责任清单 for 丽水: items of every category for the city government,
its general office, finance and education bureaus, the 莲都区 government and its housing and
construction bureau and the 紫金街道 office, each with the responsibilities its category
carries and their 追责依据. Two items were revised later (a new version each, e.g. after the
2024 amendment of the Accounting Law) and one was removed from the list (会计从业资格, abolished
in 2017), so their pages show a change history; the dates of those versions are set back to
when the changes happened.

Recorded and published through the services (``drafting`` and the shared workflow), drafted by
the city's demo drafter and reviewed by the superuser. Idempotent: each item and each change is
remembered as a ``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from disclosure.models import Document
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from powers import drafting
from powers.models import Category, PowerItem, PowerItemVersion, Responsibility
from publishing import workflow
from publishing.models import ReviewResult, Status

C = Category

# The responsibilities each category carries (浙江省权力清单 的通用责任事项), with the articles
# under which failing them is pursued.
DUTIES: dict[str, list[tuple[str, str]]] = {
    C.LICENSING: [
        ("受理责任：公示依法应当提交的材料，一次性告知补正材料，依法受理或不予受理（不予受理应当告知理由）。", "《中华人民共和国行政许可法》第三十条、第三十二条、第七十二条"),
        ("审查责任：对申请材料进行审查，提出审查意见；需要现场核查的，指派两名以上工作人员核查。", "《中华人民共和国行政许可法》第三十四条、第七十三条"),
        ("决定责任：在法定期限内作出准予或者不予许可的决定；不予许可的，说明理由并告知申请复议或者诉讼的权利。", "《中华人民共和国行政许可法》第三十八条、第四十二条、第七十四条"),
        ("送达责任：准予许可的，制发许可证件并送达；依法公开许可结果。", "《中华人民共和国行政许可法》第四十条、第四十四条"),
        ("事后监管责任：对被许可人从事许可事项的活动进行监督检查。", "《中华人民共和国行政许可法》第六十一条、第七十七条"),
    ],
    C.PENALTY: [
        ("立案责任：对发现的涉嫌违法行为予以审查，决定是否立案。", "《中华人民共和国行政处罚法》第五十四条、第七十六条"),
        ("调查责任：由两名以上执法人员调查取证，出示执法证件，询问或检查应当制作笔录。", "《中华人民共和国行政处罚法》第五十五条、第七十六条"),
        ("审查责任：对案件违法事实、证据、调查取证程序、法律适用、处罚种类和幅度等进行审查。", "《中华人民共和国行政处罚法》第五十七条、第五十八条"),
        ("告知责任：作出处罚决定前，告知当事人拟作出的处罚内容及事实、理由、依据，并告知陈述、申辩和要求听证的权利。", "《中华人民共和国行政处罚法》第四十四条、第六十三条"),
        ("决定责任：依法作出处罚决定，制作行政处罚决定书，载明救济途径。", "《中华人民共和国行政处罚法》第五十七条、第五十九条、第七十六条"),
        ("送达责任：行政处罚决定书在宣告后当场交付当事人，或者在七日内依法送达。", "《中华人民共和国行政处罚法》第六十一条"),
        ("执行责任：依照生效的行政处罚决定执行；罚款决定与罚款收缴分离。", "《中华人民共和国行政处罚法》第六十七条、第七十九条"),
    ],
    C.COERCION: [
        ("催告责任：作出强制执行决定前，书面催告当事人履行义务。", "《中华人民共和国行政强制法》第三十五条、第六十一条"),
        ("决定责任：听取当事人的陈述和申辩，依法作出强制执行决定。", "《中华人民共和国行政强制法》第三十六条、第三十七条"),
        ("执行责任：依法实施强制执行，不得在夜间或者法定节假日实施，不得对居民生活采取停止供水、供电等方式。", "《中华人民共和国行政强制法》第四十三条、第四十四条、第六十一条"),
    ],
    C.LEVY: [
        ("决定责任：依法作出征收决定并予以公告，载明征收补偿方案和行政复议、行政诉讼权利等事项。", "《国有土地上房屋征收与补偿条例》第八条、第十三条、第三十条"),
        ("补偿责任：依法给予公平补偿，对被征收人的补偿包括房屋价值、搬迁、临时安置等补偿。", "《国有土地上房屋征收与补偿条例》第十七条、第三十二条"),
        ("公开责任：将被征收人的补偿情况在征收范围内向被征收人公布。", "《国有土地上房屋征收与补偿条例》第二十九条"),
    ],
    C.PAYMENT: [
        ("受理责任：一次性告知申请所需材料，依法受理申请。", "《社会救助暂行办法》第十一条、第六十六条"),
        ("审核责任：对申请人的家庭经济状况等进行调查核实，并予以公示。", "《社会救助暂行办法》第十一条、第六十六条"),
        ("给付责任：对符合条件的，按时足额发放救助资金，不得截留、挪用。", "《社会救助暂行办法》第六十六条、第六十七条"),
    ],
    C.INSPECTION: [
        ("检查责任：制定年度检查计划，按规定随机抽取检查对象、随机选派执法检查人员，出示证件，制作检查记录。", "《浙江省行政执法监督条例》；《浙江省综合行政执法条例》第四十条"),
        ("处置责任：发现违法行为的，依法责令改正或者移送有关部门处理。", "《中华人民共和国行政处罚法》第七十六条"),
        ("公开责任：检查结果依法公示。", "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"),
    ],
    C.CONFIRMATION: [
        ("受理责任：公示申请条件和所需材料，依法受理或不予受理。", "《社会救助暂行办法》第十一条、第六十六条"),
        ("审核确认责任：入户调查、民主评议或者公示，在规定期限内作出确认决定；不予确认的，书面说明理由。", "《社会救助暂行办法》第十一条、第六十六条"),
        ("动态管理责任：定期核查，根据家庭情况变化增发、减发或者停发。", "《社会救助暂行办法》第十三条"),
    ],
    C.REWARD: [
        ("推荐评审责任：公布奖励条件和程序，组织推荐和评审，评审结果公示。", "《中华人民共和国公务员法》第五十三条；《浙江省科学技术奖励办法》"),
        ("决定责任：依法作出奖励决定并予以公布。", "《中华人民共和国公务员法》第六十二条"),
        ("兑现责任：按规定颁发证书、奖金，不得截留、挪用。", "《中华人民共和国公务员法》第六十二条"),
    ],
    C.ADJUDICATION: [
        ("受理责任：对争议申请进行审查，依法受理或者不予受理并告知理由。", "《中华人民共和国行政复议法》；《土地权属争议调查处理办法》第十六条"),
        ("调查责任：调查事实，听取双方当事人的意见，先行调解。", "《土地权属争议调查处理办法》第二十一条、第二十二条"),
        ("裁决责任：调解不成的，在法定期限内作出处理决定并送达。", "《土地权属争议调查处理办法》第二十五条、第二十九条"),
    ],
    C.OTHER: [
        ("受理责任：登记申请，申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正。", "《中华人民共和国政府信息公开条例》第三十条、第五十二条"),
        ("答复责任：自收到申请之日起20个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意。", "《中华人民共和国政府信息公开条例》第三十三条、第五十二条、第五十三条"),
        ("送达责任：依法送达答复，告知申请人申请行政复议或者提起行政诉讼的权利。", "《中华人民共和国政府信息公开条例》第五十一条"),
    ],
}  # fmt: skip

CASES: dict[str, str] = {
    C.LICENSING: "1.对符合法定条件的申请不予受理、不予许可或者不在法定期限内作出决定的；\n2.对不符合法定条件的申请人准予许可或者超越法定职权作出准予许可决定的；\n3.擅自收费或者不按照法定项目和标准收费的；\n4.索取或者收受他人财物或者谋取其他利益的；\n5.其他违反法律法规规章文件规定的行为。",
    C.PENALTY: "1.没有法定的行政处罚依据的；\n2.擅自改变行政处罚种类、幅度的；\n3.违反法定的行政处罚程序的；\n4.应当依法移交司法机关追究刑事责任而不移交，以行政处罚代替刑事处罚的；\n5.截留、私分或者变相私分罚款、没收的违法所得或者财物的；\n6.其他违反法律法规规章文件规定的行为。",
}  # fmt: skip
DEFAULT_CASES = "1.不依法履行职责的；\n2.滥用职权、玩忽职守、徇私舞弊的；\n3.索取或者收受他人财物或者谋取其他利益的；\n4.其他违反法律法规规章文件规定的行为。"


@dataclass(frozen=True)
class Item:
    agency: str
    code: str
    name: str
    category: str
    basis: str
    office: str
    phone: str
    sub_items: str = ""
    notes: str = ""
    basis_document: str = ""  # words of the title of a published demo document


CITY, OFFICE, FINANCE, EDUCATION = "331100000", "331100001", "331100002", "331100003"
LIANDU, HOUSING, ZIJIN = "331102000", "331102001", "331102101"
SUPERVISION = "0578-12345"  # 丽水市 12345 政务服务便民热线 (监督电话)

ITEMS = [
    Item(FINANCE, "许可-00101-000", "代理记账机构设立审批", C.LICENSING, "《中华人民共和国会计法》第三十六条；《代理记账管理办法》第三条", "会计科", "0578-2133215"),
    Item(FINANCE, "处罚-01020-000", "对违反《中华人民共和国会计法》行为的行政处罚", C.PENALTY, "《中华人民共和国会计法》第四十二条、第四十三条、第四十四条", "会计科", "0578-2133215", sub_items="对不依法设置会计账簿等行为的处罚\n对伪造、变造会计凭证、会计账簿的处罚\n对隐匿或者故意销毁依法应当保存的会计资料的处罚"),
    Item(FINANCE, "检查-00301-000", "对会计信息质量的监督检查", C.INSPECTION, "《中华人民共和国会计法》第三十三条；《财政部门监督办法》第十五条", "财政监督检查局", "0578-2133226"),
    Item(FINANCE, "裁决-00501-000", "政府采购投诉处理", C.ADJUDICATION, "《中华人民共和国政府采购法》第五十六条；《政府采购质疑和投诉办法》（财政部令第94号）第二十六条", "政府采购监管处", "0578-2133231"),
    Item(FINANCE, "确认-00401-000", "会计从业资格认定", C.CONFIRMATION, "《中华人民共和国会计法》（2000年修订）第三十八条；《会计从业资格管理办法》", "会计科", "0578-2133215"),
    Item(EDUCATION, "许可-00201-000", "实施学历教育的民办学校设立审批", C.LICENSING, "《中华人民共和国民办教育促进法》第十二条；《中华人民共和国民办教育促进法实施条例》第十二条", "政策法规处", "0578-2112020", sub_items="民办学校筹设审批\n民办学校正式设立审批"),
    Item(EDUCATION, "处罚-01101-000", "对民办学校违法办学行为的行政处罚", C.PENALTY, "《中华人民共和国民办教育促进法》第六十二条", "政策法规处", "0578-2112020"),
    Item(EDUCATION, "奖励-00601-000", "对在教育教学工作中做出突出贡献的教师的奖励", C.REWARD, "《中华人民共和国教师法》第三十三条", "教师工作处", "0578-2112033"),
    Item(HOUSING, "许可-00301-000", "建筑工程施工许可证核发", C.LICENSING, "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》第二条", "建筑业管理科", "0578-2181328"),
    Item(HOUSING, "处罚-01201-000", "对建设单位未取得施工许可证擅自施工的行政处罚", C.PENALTY, "《中华人民共和国建筑法》第六十四条；《建设工程质量管理条例》第五十七条", "建筑业管理科", "0578-2181328"),
    Item(HOUSING, "检查-00501-000", "对建筑施工安全生产的监督检查", C.INSPECTION, "《建设工程安全生产管理条例》第四十条、第四十三条", "建设工程安全监督站", "0578-2181336"),
    Item(LIANDU, "征收-00101-000", "国有土地上房屋征收决定", C.LEVY, "《国有土地上房屋征收与补偿条例》第四条、第八条、第十三条", "区住房和城乡建设局（房屋征收部门）", "0578-2181101"),
    Item(LIANDU, "强制-00101-000", "对逾期不拆除违法建设的强制拆除", C.COERCION, "《中华人民共和国城乡规划法》第六十五条、第六十八条；《中华人民共和国行政强制法》第四十四条", "区综合行政执法局", "0578-2181101"),
    Item(ZIJIN, "确认-00701-000", "最低生活保障对象审核确认", C.CONFIRMATION, "《社会救助暂行办法》第十一条；《浙江省社会救助条例》第十四条", "社会事务办公室", "0578-2181520"),
    Item(ZIJIN, "给付-00701-000", "临时救助金给付", C.PAYMENT, "《社会救助暂行办法》第四十七条、第四十八条；《浙江省社会救助条例》第三十五条", "社会事务办公室", "0578-2181520"),
    Item(CITY, "裁决-00101-000", "单位之间土地所有权和使用权争议的处理", C.ADJUDICATION, "《中华人民共和国土地管理法》第十四条；《土地权属争议调查处理办法》", "市自然资源和规划局（承办）", "0578-2091521"),
    Item(CITY, "奖励-00101-000", "丽水市科学技术奖励", C.REWARD, "《浙江省科学技术奖励办法》；《丽水市科学技术奖励办法》", "市科学技术局（承办）", "0578-2091521"),
    Item(OFFICE, "其他-00101-000", "依申请公开政府信息", C.OTHER, "《中华人民共和国政府信息公开条例》第二十七条至第四十五条", "政务公开科（政府信息公开办公室）", "0578-2091522", notes="申请人可通过本门户网站“依申请公开”栏目在线提交申请。", basis_document="关于全面推进政务公开工作的实施方案"),
]  # fmt: skip


@dataclass(frozen=True)
class Change:
    """A later change to a demo item, published as a revision ``days_ago``."""

    key: str
    agency: str
    code: str
    reason: str
    days_ago: int
    fields: dict[str, str] = field(default_factory=dict)
    add_duty: tuple[str, str] | None = None


CHANGES = [
    Change("powers:change:accounting-2024", FINANCE, "许可-00101-000",
           "《中华人民共和国会计法》2024年6月28日修正，自2024年7月1日起施行，更新设定依据。", 150,
           fields={"basis": "《中华人民共和国会计法》（2024年修正）第三十六条；《代理记账管理办法》（财政部令第98号）第三条、第四条",
                   "name": "代理记账机构执业审批"},
           add_duty=("其他责任：法律法规规章文件规定应履行的其他责任。", "《中华人民共和国会计法》第四十七条")),
    Change("powers:change:private-education-2021", EDUCATION, "许可-00201-000",
           "《中华人民共和国民办教育促进法实施条例》2021年修订，自2021年9月1日起施行。", 400,
           fields={"basis": "《中华人民共和国民办教育促进法》第十二条；《中华人民共和国民办教育促进法实施条例》（2021年修订）第十二条、第十五条",
                   "supervision_phone": SUPERVISION}),
    Change("powers:change:private-education-office", EDUCATION, "许可-00201-000",
           "机构改革，承办处室调整。", 60, fields={"office": "民办教育管理处"}),
]  # fmt: skip
# Abolished with the 2017 amendment of the Accounting Law.
REMOVED = ("powers:removed:accounting-qualification", FINANCE, "确认-00401-000",
           "《中华人民共和国会计法》2017年修正取消会计从业资格认定，本事项从清单中删除。", 30)  # fmt: skip
CREATED_DAYS_AGO = 900


def _backdate(item: PowerItem, number: int, days_ago: int) -> None:
    """Demo only: the version happened ``days_ago``, as its page should show."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    PowerItemVersion.objects.filter(power_item=item, number=number).update(recorded_at=when)
    if number == 1:
        PowerItem.objects.filter(pk=item.pk).update(published_at=when)


def _publish(obj: PowerItem, admin: User) -> PowerItem:
    workflow.submit(obj=obj, user=admin)
    workflow.approve(obj=obj, user=admin, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=obj, user=admin)


def _make(spec: Item, agency: Agency, admin: User, drafter: User) -> PowerItem:
    item = PowerItem(
        agency=agency, code=spec.code, name=spec.name, category=spec.category,
        sub_items=spec.sub_items, basis=spec.basis, office=spec.office,
        accountability_cases=CASES.get(spec.category, DEFAULT_CASES),
        contact_phone=spec.phone, supervision_phone=SUPERVISION if spec.agency != EDUCATION else "",
        notes=spec.notes, change_reason="依据权力清单动态调整要求，列入本机关权力清单。",
        drafter=drafter,
    )  # fmt: skip
    drafting.power_item_save(item=item, user=admin)
    if spec.basis_document:
        documents = Document.objects.published().filter(title__contains=spec.basis_document)
        item.basis_documents.set(documents[:1])
    Responsibility.objects.bulk_create(
        Responsibility(power_item=item, order=n, duty=duty, accountability_basis=basis)
        for n, (duty, basis) in enumerate(DUTIES[spec.category], start=1)
    )
    # Drafted by the city's drafter, reviewed and published by the superuser (four eyes).
    return _publish(item, admin)


def _find(agency: str, code: str) -> PowerItem | None:
    return PowerItem.objects.catalog().filter(agency__code=agency, code=code).first()


def _revise(change: Change, admin: User, drafter: User) -> bool:
    item = _find(change.agency, change.code)
    if item is None or item.status != Status.PUBLISHED or drafting.open_revision(item):
        return False
    revision = drafting.power_item_revise(item=item, user=admin)
    for name, value in change.fields.items():
        setattr(revision, name, value)
    revision.change_reason = change.reason
    revision.drafter = drafter
    drafting.power_item_save(item=revision, user=admin)
    if change.add_duty:
        duty, basis = change.add_duty
        Responsibility.objects.create(
            power_item=revision, order=99, duty=duty, accountability_basis=basis
        )
    _publish(revision, admin)
    item.refresh_from_db()
    _backdate(item, item.version, change.days_ago)
    return True


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    agencies = {agency.code: agency for agency in Agency.objects.filter(
        code__in={spec.agency for spec in ITEMS})}  # fmt: skip
    made = changed = 0
    for spec in ITEMS:
        key = f"powers:item:{spec.agency}:{spec.code}"
        known, _found = demo_record_find(
            key, PowerItem.objects.catalog().filter(agency__code=spec.agency, code=spec.code)
        )
        if known or spec.agency not in agencies:
            continue
        item = _make(spec, agencies[spec.agency], admin, drafter)
        _backdate(item, 1, CREATED_DAYS_AGO)
        demo_record_keep(key, item)
        made += 1
    for change in CHANGES:
        known, _found = demo_record_find(change.key, PowerItemVersion.objects.none())
        if known:
            continue
        if _revise(change, admin, drafter):
            revised = _find(change.agency, change.code)
            assert revised is not None
            demo_record_keep(change.key, revised.versions.get(number=revised.version))
            changed += 1
    key, agency, code, reason, days_ago = REMOVED
    known, _found = demo_record_find(key, PowerItemVersion.objects.none())
    removed = _find(agency, code)
    if not known and removed is not None and removed.status == Status.PUBLISHED:
        workflow.withdraw(obj=removed, user=admin, reason=reason)
        removed.refresh_from_db()
        _backdate(removed, removed.version, days_ago)
        PowerItem.objects.filter(pk=removed.pk).update(
            withdrawn_at=timezone.now() - dt.timedelta(days=days_ago)
        )
        demo_record_keep(key, removed.versions.get(number=removed.version))
        changed += 1
    if made or changed:
        stdout.write(f"Power items: {made} published, {changed} changes recorded.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Power items published", PowerItem.objects.published().count()),
        ("Power item versions", PowerItemVersion.objects.count()),
    ]
