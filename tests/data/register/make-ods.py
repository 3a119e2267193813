"""Writes tests/data/register/台账.ods and 台账.xls: the register of tests/it/register.rs
(`rows()`) as a clerk keeps it in a spreadsheet — the title merged across the columns, the dates
of receipt as date cells — saved by LibreOffice Calc in its own format and in the old Excel 97
format many offices still use.

    pip install openpyxl
    python3 tests/data/register/make-ods.py      # needs LibreOffice (soffice) on the PATH
"""
import datetime
import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent

# Keep in step with `rows()` in tests/it/register.rs.
HEADER = ["序号", "申请人姓名/名称", "申请人类型", "联系电话", "收到日期", "申请内容", "答复日期", "答复结果", "不予公开理由"]
ROWS = [
    ["1", "张三丰", "个人", "13800138000", "2025-03-05", "城南路18号拆迁文件", "2025-03-20", "予以公开", ""],
    ["2", "明理律师事务所", "法人或其他组织", "0591-88886666", "2025年4月1日", "某信息", "2025年4月15日", "不予公开", "属于国家秘密"],
    ["3", "李四海", "公民", "13900139000", "2025/05/06", "某信息", "2025/05/20", "信息不存在", ""],
    ["4", "恒通有限公司", "法人或其他组织", "zhang@example.com", "2024.12.20", "某信息", "2025.1.10", "部分公开", ""],
    ["5", "王五岳", "个人", "", "2025-12-25", "某信息", "", "待答复", ""],
    ["6", "赵六合", "个人", "", "2024-03-01", "某信息", "2024-03-10", "予以公开", ""],
    ["7", "钱七星", "个人", "", "2025-06-01", "某信息", "2025-06-10", "已处理", ""],
    ["8", "孙八方", "个人", "", "2025-07-01", "某信息", "2025-06-10", "予以公开", ""],
]


def as_date(text):
    digits = [int(x) for x in "".join(c if c.isdigit() else " " for c in text).split()]
    return datetime.date(*digits[:3])


def main():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025年"
    sheet.append(["某某局2025年政府信息公开申请登记台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in ROWS:
        values = list(row)
        values[4] = as_date(row[4])
        sheet.append(values)
        sheet.cell(row=sheet.max_row, column=5).number_format = "yyyy-mm-dd"
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "台账.xlsx"
        book.save(xlsx)
        for fmt in ["ods", "xls"]:
            subprocess.run(
                ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(HERE), str(xlsx)],
                check=True,
            )


if __name__ == "__main__":
    main()
