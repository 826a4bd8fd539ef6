"""The fixed top of the 政府收支分类科目: function classes (类, 201–234) and economic
classes (301–399) with their names, from the published classification
(财政部《政府收支分类科目》, 2021 edition onwards).

Text reports often lose the code column (seed 004 prints its codes in a separate,
scrambled block): a 类 is then known by its name, and its 款 and 项 by the codes
under it that the document prints elsewhere (`budget_codes`). The full 款/项 list is
not bundled: where a code cannot be derived, the row keeps its name and code null.
"""

from __future__ import annotations

import regex as re

FUNCTION_CLASSES = {
    "201": "一般公共服务支出",
    "202": "外交支出",
    "203": "国防支出",
    "204": "公共安全支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出",
    "209": "社会保险基金支出",
    "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "214": "交通运输支出",
    "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出",
    "217": "金融支出",
    "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出",
    "221": "住房保障支出",
    "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出",
    "227": "预备费",
    "229": "其他支出",
    "230": "转移性支出",
    "231": "债务还本支出",
    "232": "债务付息支出",
    "233": "债务发行费用支出",
    "234": "抗疫特别国债安排的支出",
}
ECONOMIC_CLASSES = {
    "301": "工资福利支出",
    "302": "商品和服务支出",
    "303": "对个人和家庭的补助",
    "307": "债务利息及费用支出",
    "309": "资本性支出（基本建设）",
    "310": "资本性支出",
    "311": "对企业补助（基本建设）",
    "312": "对企业补助",
    "313": "对社会保障基金补助",
    "399": "其他支出",
}
_BY_NAME = {name: code for code, name in FUNCTION_CLASSES.items()}
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def function_class_code(name: str) -> str | None:
    """`教育支出` (or `五、教育支出`) → '205'."""
    return _BY_NAME.get(_ORDINAL.sub("", re.sub(r"\s+", "", name)))


def budget_codes(text: str) -> set[str]:
    """Every function code (3/5/7 digits, 2xx) the document prints, glued to an amount or not."""
    codes = set()
    for m in re.finditer(r"(?<![\d.,])(2\d{2}(?:\d{2}){0,2})(?!\d)", text):
        codes.add(m.group(1))
    for m in re.finditer(r"\d\.\d{2}(2\d{6})(?!\d)", text):  # `14.982210202`: a code glued to an amount
        codes.add(m.group(1))
    return {c for c in codes if c[:3] in FUNCTION_CLASSES}
