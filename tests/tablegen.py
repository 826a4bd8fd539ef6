"""A generator of consistent finance tables, rendered to PDF, for tests that read them back.

`expenditure_table(rng)` builds a functional-classification expenditure table (类 / 款 / 项
rows with 合计 = 基本支出 + 项目支出 on every row and every parent the sum of its
children), and `render_pdf(table, layout)` draws it as a ruled table with reportlab in a
randomly chosen layout: 栏次 row or none, 元 integers or 万元 with two decimals, codes in
one column or split over 类 | 款 | 项, the 合计 row first or last, a page break mid-table
with or without the header repeated, the title numbered 表一 / 公开01表 / not at all, and
the page turned by its /Rotate or by the drawing (a landscape table on a portrait sheet).
A test cannot pass by remembering a document: every table is new.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

CLASS_NAMES = {
    "201": ("一般公共服务支出", {"01": "人大事务", "03": "政府办公厅（室）及相关机构事务", "06": "财政事务"}),
    "205": ("教育支出", {"01": "教育管理事务", "02": "普通教育", "03": "职业教育"}),
    "208": ("社会保障和就业支出", {"01": "人力资源和社会保障管理事务", "05": "行政事业单位养老支出"}),
    "210": ("卫生健康支出", {"11": "行政事业单位医疗", "01": "卫生健康管理事务"}),
    "221": ("住房保障支出", {"02": "住房改革支出"}),
}
ITEM_NAMES = {"01": "行政运行", "02": "一般行政管理事务", "50": "事业运行", "99": "其他支出"}
MEASURES = ("total", "basic", "project")


@dataclass
class Row:
    code: str | None
    name: str
    values: dict[str, Decimal]  # measure → amount in the table's unit (None where blank)


@dataclass
class GenTable:
    title: str
    unit: str  # 万元 or 元
    rows: list[Row]  # the 合计 row first, then 类 / 款 / 项 in order


@dataclass(frozen=True)
class Layout:
    column_index_row: bool = False
    split_codes: bool = False
    total_last: bool = False
    rows_per_page: int = 60
    repeat_header: bool = True
    title_number: str = ""
    page_rotation: int = 0  # the page's /Rotate: how a viewer turns it
    content_rotation: int = 0  # the drawing turned on the page (a landscape table on a portrait sheet)
    open_sides: bool = False  # rows ruled across, columns only inside: no outer vertical rules
    free_body: bool = False  # the header ruled, the rows printed below it without rules


@dataclass
class Rendered:
    pdf: bytes
    cells: list[dict] = field(default_factory=list)  # every printed money cell: code, name, measure, raw


def _amount(rng: random.Random, unit: str) -> Decimal:
    if unit == "元":
        return Decimal(rng.randint(1_000, 9_000_000))
    return Decimal(rng.randint(1, 900_000)) / 100


def expenditure_table(rng: random.Random, unit: str | None = None) -> GenTable:
    unit = unit or rng.choice(["万元", "元"])
    rows: list[Row] = []
    classes = rng.sample(sorted(CLASS_NAMES), rng.randint(2, 4))
    total = {m: Decimal(0) for m in MEASURES}
    for cls in sorted(classes):
        name, kuans = CLASS_NAMES[cls]
        cls_row = Row(cls, name, {})
        rows.append(cls_row)
        cls_sum = {m: Decimal(0) for m in MEASURES}
        for kuan in sorted(rng.sample(sorted(kuans), rng.randint(1, len(kuans)))):
            kuan_row = Row(cls + kuan, kuans[kuan], {})
            rows.append(kuan_row)
            kuan_sum = {m: Decimal(0) for m in MEASURES}
            for item in sorted(rng.sample(sorted(ITEM_NAMES), rng.randint(1, 3))):
                basic = _amount(rng, unit) if rng.random() < 0.8 else Decimal(0)
                project = _amount(rng, unit) if rng.random() < 0.6 or not basic else Decimal(0)
                vals = {"basic": basic, "project": project, "total": basic + project}
                rows.append(Row(cls + kuan + item, ITEM_NAMES[item], vals))
                for m in MEASURES:
                    kuan_sum[m] += vals[m]
            kuan_row.values = dict(kuan_sum)
            for m in MEASURES:
                cls_sum[m] += kuan_sum[m]
        cls_row.values = dict(cls_sum)
        for m in MEASURES:
            total[m] += cls_sum[m]
    return GenTable("一般公共预算支出预算表", unit, [Row(None, "合计", total), *rows])


def random_layout(rng: random.Random) -> Layout:
    return Layout(
        column_index_row=rng.random() < 0.5,
        split_codes=rng.random() < 0.5,
        total_last=rng.random() < 0.3,
        rows_per_page=rng.choice([60, 60, rng.randint(6, 14)]),
        repeat_header=rng.random() < 0.5,
        title_number=rng.choice(["", "表一 ", "公开03表 ", "表3 "]),
        # most pages print upright; some are turned by /Rotate, by the drawing, or both
        page_rotation=rng.choice([0, 0, 0, 90, 180, 270]),
        content_rotation=rng.choice([0, 0, 0, 90, 180, 270]),
        open_sides=rng.random() < 0.3,
        free_body=rng.random() < 0.25,
    )


def shown(value: Decimal, unit: str) -> str:
    if value == 0:
        return ""
    return f"{value:,.0f}" if unit == "元" else f"{value:,.2f}"


def render_pdf(table: GenTable, layout: Layout, mutate: tuple[int, str, Decimal] | None = None) -> Rendered:
    """Draw the table; `mutate` = (row number, measure, delta) misprints one figure."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    turn_page(c, layout)
    font = "STSong-Light"
    code_cols = ["类", "款", "项"] if layout.split_codes else ["科目编码"]
    widths = [30] * 3 if layout.split_codes else [70]
    widths += [200, 85, 85, 85]
    xs = [40]
    for w in widths:
        xs.append(xs[-1] + w)
    rows = list(table.rows)
    if layout.total_last:
        rows = rows[1:] + rows[:1]
    out = Rendered(b"")
    height = 18

    def header(y: float, first: bool) -> float:
        if first:
            c.setFont(font, 14)
            c.drawCentredString(297, 800, f"{layout.title_number}{table.title}")
            c.setFont(font, 9)
            c.drawString(40, 780, "部门：某某局")
            c.drawRightString(xs[-1], 780, f"单位：{table.unit}")
        lines = [[*code_cols, "科目名称", "合计", "基本支出", "项目支出"]]
        if layout.column_index_row:
            lines.append(["栏次", *([""] * (len(code_cols))), "1", "2", "3"][: len(widths)])
        for cells in lines:
            _row(c, xs, y, height, cells, font, open_sides=layout.open_sides)
            y -= height
        return y

    y = header(760, True)
    on_page = 0
    mutated_row = mutate[0] if mutate else None
    for r_index, row in enumerate(rows):
        if on_page >= layout.rows_per_page:
            c.showPage()
            turn_page(c, layout)
            y = header(800, False) if layout.repeat_header else 800
            on_page = 0
        if layout.split_codes and row.code:
            codes = [row.code[:3], row.code[3:5], row.code[5:7]]
        elif layout.split_codes:
            codes = ["", "", ""]
        else:
            codes = [row.code or ""]
        texts = []
        for m in MEASURES:
            value = row.values.get(m, Decimal(0))
            if mutate and r_index == mutated_row and m == mutate[1]:
                value = value + mutate[2]
            text = shown(value, table.unit)
            texts.append(text)
            if text:
                out.cells.append(
                    {"row": r_index, "code": row.code, "name": row.name, "measure": m, "raw": text}
                )
        _row(
            c,
            xs,
            y,
            height,
            [*codes, row.name, *texts],
            font,
            open_sides=layout.open_sides,
            ruled=not layout.free_body,
        )
        y -= height
        on_page += 1
    c.save()
    out.pdf = buf.getvalue()
    return out


def turn_page(c, layout: Layout, size: tuple[float, float] = (595, 842)) -> None:
    """Start a page as `layout` turns it: the drawing (made for an upright `size` page) rotated
    counter-clockwise by `content_rotation` on a sheet sized to hold it, then the page's /Rotate."""
    w, h = size
    turn = layout.content_rotation % 360
    sheet = (h, w) if turn in (90, 270) else (w, h)
    # reportlab takes the page size as shown and writes the MediaBox swapped under /Rotate 90 or 270
    c.setPageSize(sheet[::-1] if layout.page_rotation % 180 else sheet)
    if turn == 90:
        c.translate(h, 0)
    elif turn == 180:
        c.translate(w, h)
    elif turn == 270:
        c.translate(0, w)
    if turn:
        c.rotate(turn)
    c.setPageRotation(layout.page_rotation % 360)


def _row(
    c, xs, y, height, cells, font, n_text: int | None = None, open_sides: bool = False, ruled: bool = True
) -> None:
    c.setFont(font, 8)
    c.setLineWidth(0.5)
    if ruled:
        c.line(xs[0], y, xs[-1], y)
        c.line(xs[0], y - height, xs[-1], y - height)
        for x in xs[1:-1] if open_sides else xs:
            c.line(x, y, x, y - height)
    n_text = len(xs) - 1 - 3 if n_text is None else n_text
    for i, text in enumerate(cells):
        if not text:
            continue
        if i >= n_text:
            c.drawRightString(xs[i + 1] - 3, y - height + 5, text)
        else:
            c.drawString(xs[i] + 3, y - height + 5, text)


def mutated(layout: Layout, **changes) -> Layout:
    return replace(layout, **changes)


# Tables listed by 单位: a department above its units (浙江: the department's name, then the
# same name again for its own 本级 unit, then the others), or each unit above its projects
# (广州: `支出项目类别（资金使用单位）`). Columns: 总计 = 本年收入 小计 + 上年结转结余 小计, each block
# split by fund under a merged header cell.
UNIT_COLUMNS = (
    ("总计", ""),
    ("本年收入", "小计"),
    ("本年收入", "一般公共预算"),
    ("本年收入", "政府性基金预算"),
    ("上年结转结余", "小计"),
    ("上年结转结余", "一般公共预算"),
)
UNIT_SUFFIXES = ("局", "中心", "执法队", "研究所", "服务站")
PROJECT_WORDS = ("运营项目", "维护经费", "建设项目", "专项资金", "购置经费")


def _unit_values(rng: random.Random) -> list[Decimal]:
    gb, gf, carry = (Decimal(rng.randint(1, 90_000)) / 100 for _ in range(3))
    gf = gf if rng.random() < 0.5 else Decimal(0)
    return [gb + gf + carry, gb + gf, gb, gf, carry, carry]


def _sum(rows: list[list[Decimal]]) -> list[Decimal]:
    return [sum((r[k] for r in rows), Decimal(0)) for k in range(len(UNIT_COLUMNS))]


def unit_table(rng: random.Random, projects: bool) -> tuple[str, list[tuple[str, list[Decimal]]]]:
    """(name column header, rows (name, values)) — the 合计 row first."""
    dept = "某市" + rng.choice(["交通运输", "财政", "生态环境", "政务服务"]) + "局"
    units = [dept] + [
        f"某市{w}{s}"
        for w, s in zip(
            rng.sample(["公路", "票据", "监测", "数据", "港航"], 3), rng.sample(UNIT_SUFFIXES[1:], 3)
        )
    ]
    units = units[: rng.randint(2, 4)]
    body: list[tuple[str, list[Decimal]]] = []
    if projects:
        for unit in units:
            items = [
                (f"{unit[2:-1]}{rng.choice(PROJECT_WORDS)}{k + 1}", _unit_values(rng))
                for k in range(rng.randint(1, 4))
            ]
            body.append((unit, _sum([v for _, v in items])))
            body += items
        total = _sum([v for n, v in body if n in units])
        return "支出项目类别（资金使用单位）", [("合计", total), *body]
    body = [(u, _unit_values(rng)) for u in units]
    total = _sum([v for _, v in body])
    return "单位名称", [("合计", total), (dept, total), *body]


def render_unit_pdf(name_header: str, rows, *, nameless_total: bool = False, mutate=None) -> Rendered:
    """A 单位 table in 万元; `mutate` = (row number, column number, delta)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(842, 595))
    font = "STSong-Light"
    xs = [30, 260] + [260 + 90 * (k + 1) for k in range(len(UNIT_COLUMNS))]
    c.setFont(font, 14)
    c.drawCentredString(421, 560, "2026年部门收入预算总表")
    c.setFont(font, 9)
    c.drawRightString(xs[-1], 540, "单位：万元")
    height, y = 18, 530
    c.setLineWidth(0.5)
    # two header rows: the block names merged over their columns, the splits below
    c.line(xs[0], y, xs[-1], y)
    c.line(xs[0], y - 2 * height, xs[-1], y - 2 * height)
    c.line(xs[2], y - height, xs[-1], y - height)
    for k, x in enumerate(xs):
        top = k in (0, 1, 2, 5, len(xs) - 1)
        c.line(x, y if top else y - height, x, y - 2 * height)
    c.setFont(font, 8)
    c.drawString(xs[0] + 3, y - height - 5, name_header)
    c.drawString(xs[1] + 3, y - height - 5, "总计")
    c.drawString(xs[2] + 3, y - 13, "本年收入")
    c.drawString(xs[5] + 3, y - 13, "上年结转结余")
    for k, (_, sub) in enumerate(UNIT_COLUMNS):
        if sub:
            c.drawString(xs[k + 1] + 3, y - height - 13, sub)
    y -= 2 * height
    out = Rendered(b"")
    for r, (name, values) in enumerate(rows):
        texts = []
        for k, v in enumerate(values):
            if mutate and mutate[0] == r and mutate[1] == k:
                v = v + mutate[2]
            text = shown(v, "万元")
            texts.append(text)
            if text:
                out.cells.append({"row": r, "name": name, "column": k, "raw": text})
        printed = "" if (nameless_total and r == 0) else name
        _row(c, xs, y, height, [printed, *texts], font, n_text=1)
        y -= height
    c.save()
    out.pdf = buf.getvalue()
    return out


def printed_row(r_index: int, row, measures, mutate, fmt) -> list[tuple[str, str]]:
    """(measure, text) of each figure a row prints, `fmt(measure, value)` giving the text;
    `mutate` = (row number, measure, delta) misprints one figure."""
    out = []
    for m in measures:
        value = row.values.get(m, Decimal(0))
        if mutate and r_index == mutate[0] and m == mutate[1]:
            value += mutate[2]
        out.append((m, fmt(m, value)))
    return out


def render_text(table: GenTable, mutate: tuple[int, str, Decimal] | None = None) -> tuple[str, list[dict]]:
    """The table as a converted text report prints it: one line per row, its code before its
    name and only its non-empty figures (`2050201 行政运行 5,775.40 5,775.40`); the cells as
    printed, for reading back."""
    out = [table.title, f"单位：{table.unit}", "科目编码 科目名称 合计 基本支出 项目支出"]
    cells = []
    for r_index, row in enumerate(table.rows):
        texts = []
        for m, text in printed_row(r_index, row, MEASURES, mutate, lambda m, v: shown(v, table.unit)):
            if text:
                texts.append(text)
                cells.append({"row": r_index, "code": row.code, "name": row.name, "measure": m, "raw": text})
        out.append(" ".join([*([row.code] if row.code else []), row.name, *texts]))
    return "\n".join(out) + "\n", cells


# ---- a government's own table (data/templates/government.toml) -------------------------------
GOV_HEADERS = ("预算数", "调整预算数", "决算数", "完成调整预算%", "上年决算数", "比上年增长%")
GOV_MEASURES = ("budget", "adjusted_budget", "actual", "adjusted_budget_pct", "prior_actual", "change_pct")


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    from decimal import ROUND_HALF_UP

    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def government_expenditure_table(rng: random.Random) -> GenTable:
    """A province's 一般公共预算支出决算表 by 类 and 款 (万元, integers): 预算数 | 调整预算数 | 决算数 |
    完成调整预算% | 上年决算数 | 比上年增长%, every 类 the sum of its 款, 合计 the sum of the 类, the
    percentages computed from the rounded figures as the tables print them."""
    rows: list[Row] = []
    sums = {m: Decimal(0) for m in ("budget", "adjusted_budget", "actual", "prior_actual")}
    for cls in sorted(rng.sample(sorted(CLASS_NAMES), rng.randint(2, 4))):
        name, kuans = CLASS_NAMES[cls]
        cls_row = Row(cls, name, {})
        rows.append(cls_row)
        cls_sum = {m: Decimal(0) for m in sums}
        for kuan in sorted(rng.sample(sorted(kuans), rng.randint(1, len(kuans)))):
            budget = Decimal(rng.randint(2_000, 900_000))
            vals = {
                "budget": budget,
                "adjusted_budget": budget + Decimal(rng.randint(0, 50_000)),
                "actual": budget * Decimal(rng.randint(80, 120)) / 100 // 1,
                "prior_actual": budget * Decimal(rng.randint(70, 130)) / 100 // 1,
            }
            rows.append(Row(cls + kuan, kuans[kuan], vals))
            for m in cls_sum:
                cls_sum[m] += vals[m]
        cls_row.values = cls_sum
        for m in sums:
            sums[m] += cls_sum[m]
    total = Row(None, "合计", sums)
    for row in [*rows, total]:
        v = row.values
        v["adjusted_budget_pct"] = _pct(v["actual"], v["adjusted_budget"])
        v["change_pct"] = _pct(v["actual"] - v["prior_actual"], v["prior_actual"])
    return GenTable("2024年全省一般公共预算支出决算表", "万元", [*rows, total])


# 政府性基金收入 by 款 and 项 (no codes printed in the reports that indent them, 朝阳 2024 p65)
FUND_REVENUE_NAMES = (
    ("国有土地使用权出让收入", ("土地出让价款收入", "补缴的土地价款", "划拨土地收入", "其他土地出让收入")),
    ("彩票公益金收入", ("福利彩票公益金收入", "体育彩票公益金收入")),
    ("城市基础设施配套费收入", ()),
    ("污水处理费收入", ()),
    ("彩票发行机构和彩票销售机构的业务费用", ("福利彩票销售机构的业务费用", "体育彩票销售机构的业务费用")),
)


def fund_revenue_table(rng: random.Random) -> GenTable:
    """A city's 政府性基金预算收入决算表 (万元, integers) with the columns of
    `government_expenditure_table`: each 款 the sum of its 项, 合计 the sum of the 款. The rows
    carry stand-in codes (3 digits a 款, 5 its 项) that give their depth; the names are not in
    the expenditure classification, so only the printed layout can place them."""
    rows: list[Row] = []
    sums = {m: Decimal(0) for m in ("budget", "adjusted_budget", "actual", "prior_actual")}
    for k, (name, parts) in enumerate(FUND_REVENUE_NAMES):
        if k and rng.random() < 0.3:
            continue
        head = Row(f"{k + 1:03d}", name, {})
        rows.append(head)
        leaves = [Row(f"{k + 1:03d}{j + 1:02d}", part, {}) for j, part in enumerate(parts)] or [head]
        if parts:
            rows.extend(leaves)
        for leaf in leaves:
            budget = Decimal(rng.randint(200, 300_000))
            leaf.values = {
                "budget": budget,
                "adjusted_budget": budget + Decimal(rng.randint(0, 20_000)),
                "actual": budget * Decimal(rng.randint(60, 130)) / 100 // 1,
                "prior_actual": budget * Decimal(rng.randint(60, 140)) / 100 // 1,
            }
        if parts:
            head.values = {m: sum((leaf.values[m] for leaf in leaves), Decimal(0)) for m in sums}
        for m in sums:
            sums[m] += head.values[m]
    total = Row(None, "合计", sums)
    for row in [*rows, total]:
        v = row.values
        v["adjusted_budget_pct"] = _pct(v["actual"], v["adjusted_budget"])
        v["change_pct"] = _pct(v["actual"] - v["prior_actual"], v["prior_actual"])
    return GenTable("2024年全市政府性基金预算收入决算表", "万元", [total, *rows])


def render_government_pdf(
    table: GenTable,
    mutate: tuple[int, str, Decimal] | None = None,
    headers: tuple[str, ...] = GOV_HEADERS,
    *,
    indent: float | None = None,
    indent_with_spaces: bool = False,
) -> Rendered:
    """Draw a government table: 科目编码 | 科目名称 | the six columns (`headers` may rename them);
    `mutate` = (row number, measure, delta) misprints one figure. With `indent` (points per
    level), no codes are printed: each 款's name is set in under its 类 by that much, as a
    report that shows its levels by indentation alone prints them (drawn further right, or
    with `indent_with_spaces` preceded by spaces, as 朝阳 2024 p65 does)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(842, 595))
    font = "STSong-Light"
    xs = [30]
    for w in [60, 170] + [90] * len(GOV_MEASURES):
        xs.append(xs[-1] + w)
    c.setFont(font, 14)
    c.drawCentredString(421, 560, table.title)
    c.setFont(font, 9)
    c.drawRightString(xs[-1], 540, f"单位：{table.unit}")
    height, y = 18, 530
    _gov_row(c, xs, y, height, ["科目编码", "科目名称", *headers], font)
    y -= height
    out = Rendered(b"")
    for r_index, row in enumerate(table.rows):
        texts = []
        for m, text in printed_row(
            r_index, row, GOV_MEASURES, mutate, lambda m, v: f"{v:.1f}" if m.endswith("pct") else f"{v:,.0f}"
        ):
            texts.append(text)
            out.cells.append({"row": r_index, "code": row.code, "name": row.name, "measure": m, "raw": text})
        name = row.name
        shift = 0.0
        if indent is not None:
            depth = (len(row.code) - 3) // 2 if row.code else 0
            if indent_with_spaces:
                name = " " * round(depth * indent / 1.656) + name  # a space of 8-pt STSong is 1.656 pt
            else:
                shift = depth * indent
        _gov_row(c, xs, y, height, ["" if indent is not None else row.code or "", name, *texts], font, shift)
        y -= height
    c.save()
    out.pdf = buf.getvalue()
    return out


def _gov_row(c, xs, y, height, cells, font, shift: float = 0.0) -> None:
    c.setFont(font, 8)
    c.setLineWidth(0.5)
    c.line(xs[0], y, xs[-1], y)
    c.line(xs[0], y - height, xs[-1], y - height)
    for x in xs:
        c.line(x, y, x, y - height)
    for i, text in enumerate(cells):
        if i >= 2:
            c.drawRightString(xs[i + 1] - 3, y - height + 5, text)
        elif text:
            c.drawString(xs[i] + 3 + (shift if i == 1 else 0), y - height + 5, text)


# ---- a government's debt table (data/templates/government.toml, gov.debt) ---------------------
DEBT_CITIES = ("宜安市", "临川市", "南平市", "东阳市", "青州市")
DEBT_COUNTIES = (
    "东城区",
    "西山县",
    "南湖区",
    "北塘县",
    "清河县",
    "云溪区",
    "石门县",
    "桃源县",
    "安乡县",
    "津口市",
)
# (top header, sub headers, measures): the 限额 and 余额 blocks split into 合计 | 一般债务 | 专项债务
DEBT_LIMIT_COLUMNS = (
    ("2024年债务限额", ("", "一般债务", "专项债务"), ("limit", "limit_general", "limit_special")),
    (
        "2024年债务余额（决算数）",
        ("", "一般债务", "专项债务"),
        ("balance", "balance_general", "balance_special"),
    ),
)
# 年末余额 = 上年末余额 + 本年新增 − 本年偿还, one column each
DEBT_FLOW_COLUMNS = (
    ("2023年末债务余额", ("",), ("prior_balance",)),
    ("2024年新增债务", ("",), ("issued",)),
    ("2024年偿还债务", ("",), ("repaid",)),
    ("2024年末债务余额", ("",), ("balance",)),
)


@dataclass
class DebtTable:
    title: str
    columns: tuple  # DEBT_LIMIT_COLUMNS or DEBT_FLOW_COLUMNS
    rows: list[Row]  # the city, its 本级, its counties


def _cents(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high)) / 100


def debt_table(rng: random.Random, flow: bool = False) -> DebtTable:
    """A city's 地方政府债务限额及余额决算情况表 (亿元, two decimals) by 地区: the city, `…本级`, then
    2–8 counties, the city the sum of the rest in every column; in the limit layout each block is
    合计 = 一般债务 + 专项债务, in the flow layout 年末余额 = 上年末余额 + 本年新增 − 本年偿还."""
    city = rng.choice(DEBT_CITIES)
    names = [f"{city}本级", *rng.sample(DEBT_COUNTIES, rng.randint(2, 8))]
    parts = []
    for name in names:
        if flow:
            prior = _cents(rng, 1_000, 90_000)
            issued, repaid = _cents(rng, 0, 20_000), _cents(rng, 0, int(prior * 100) // 3)
            vals = {
                "prior_balance": prior,
                "issued": issued,
                "repaid": repaid,
                "balance": prior + issued - repaid,
            }
        else:
            lg, ls = _cents(rng, 500, 60_000), _cents(rng, 0, 90_000)
            bg, bs = lg - _cents(rng, 0, int(lg * 100) // 10), ls - _cents(rng, 0, int(ls * 100) // 10)
            vals = {
                "limit_general": lg,
                "limit_special": ls,
                "limit": lg + ls,
                "balance_general": bg,
                "balance_special": bs,
                "balance": bg + bs,
            }
        parts.append(Row(None, name, vals))
    total = {m: sum((r.values[m] for r in parts), Decimal(0)) for m in parts[0].values}
    title = f"{city}2024年地方政府债务{'余额变动' if flow else '限额及余额决算'}情况表"
    return DebtTable(
        title, DEBT_FLOW_COLUMNS if flow else DEBT_LIMIT_COLUMNS, [Row(None, city, total), *parts]
    )


def debt_measures(table: DebtTable) -> tuple[str, ...]:
    return tuple(m for _, _, measures in table.columns for m in measures)


def render_debt_pdf(table: DebtTable, mutate: tuple[int, str, Decimal] | None = None) -> Rendered:
    """Draw a debt table: 地区 | each block's header over its columns (merged), the sub headers
    below; `mutate` = (row number, measure, delta) misprints one figure."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(842, 595))
    font = "STSong-Light"
    measures = debt_measures(table)
    xs = [30, 150] + [150 + 100 * (k + 1) for k in range(len(measures))]
    c.setFont(font, 14)
    c.drawCentredString(421, 560, table.title)
    c.setFont(font, 9)
    c.drawRightString(xs[-1], 540, "单位：亿元")
    height, y = 18, 530
    c.setLineWidth(0.5)
    c.line(xs[0], y, xs[-1], y)
    c.line(xs[0], y - 2 * height, xs[-1], y - 2 * height)
    c.line(xs[1], y - height, xs[-1], y - height)
    starts, k = {0, 1, len(xs) - 1}, 1
    for _, subs, _ in table.columns:
        starts.add(k)
        k += len(subs)
    for j, x in enumerate(xs):
        c.line(x, y if j in starts else y - height, x, y - 2 * height)
    c.setFont(font, 8)
    c.drawString(xs[0] + 3, y - height - 5, "地区")
    k = 1
    for top, subs, _ in table.columns:
        c.drawString(xs[k] + 3, y - 13, top)
        for j, sub in enumerate(subs):
            if sub:
                c.drawString(xs[k + j] + 3, y - height - 13, sub)
        k += len(subs)
    y -= 2 * height
    out = Rendered(b"")
    for r_index, row in enumerate(table.rows):
        texts = []
        for m, text in printed_row(r_index, row, measures, mutate, lambda m, v: f"{v:,.2f}"):
            texts.append(text)
            out.cells.append({"row": r_index, "name": row.name, "measure": m, "raw": text})
        _row(c, xs, y, height, [row.name, *texts], font, n_text=1)
        y -= height
    c.save()
    out.pdf = buf.getvalue()
    return out
