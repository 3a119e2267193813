//! The `nianbao` binary, run as a reviewer would run it.

use crate::common;

use common::{arg as path, nianbao, stdout};
use nianbao::cli::exit::{EXIT_EXISTS, EXIT_USAGE};

#[test]
fn check_the_samples_passes() {
    for name in ["sample-gov2021.ron", "sample-gov2019.ron"] {
        let o = nianbao(&["check", path(&common::asset(name))]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        assert!(stdout(&o).contains("没有错误"), "{}", stdout(&o));
    }
}

#[test]
fn check_taierzhuang_points_at_the_total() {
    let o = nianbao(&["check", path(&common::data("taierzhuang-2021.ron"))]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    let r: Vec<&str> = s
        .lines()
        .filter(|l| l.contains(" R1") || l.contains(" R2") || l.contains(" R3"))
        .collect();
    assert_eq!(r.len(), 1, "{s}");
    assert!(r[0].contains("三、（七）总计 · 总计 为 0，应为 3"), "{s}");
    assert!(s.contains("（t3.total.total）应为 3"), "{s}");
    // Grouped by part, in order.
    let two = s.find("【二、主动公开政府信息情况】");
    let three = s.find("【三、收到和处理政府信息公开申请情况】");
    let six = s.find("【六、其他需要报告的事项】");
    assert!(two < three && three < six && two.is_some(), "{s}");
}

#[test]
fn check_json_for_machines() {
    let o = nianbao(&[
        "check",
        "--json",
        path(&common::data("taierzhuang-2021.ron")),
        path(&common::asset("sample-gov2021.ron")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v[0]["errors"], 3);
    assert_eq!(v[1]["errors"], 0);
    let rc = v[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["focus"] == "t3.total.total")
        .expect("root cause");
    assert_eq!(rc["expected"], "3");
    assert_eq!(rc["level"], "error");
    assert_eq!(rc["explains"], serde_json::json!(["R1", "R2", "R3"]));
}

#[test]
fn unreadable_file_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format: \"nianbao-draft\", version: 1, report: (").expect("write");
    let o = nianbao(&[
        "check",
        path(&common::asset("sample-gov2021.ron")),
        path(&bad),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.ron") && err.contains("已损坏"), "{err}");
    let o = nianbao(&["check", "/no/such/file.ron"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn new_writes_an_empty_draft_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("2024.ron");
    let o = nianbao(&[
        "new",
        "--format",
        "gov2019",
        "--year",
        "2020",
        "-o",
        path(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r = common::fixture(&out);
    assert_eq!(r.meta.format, nianbao::core::FormatVersion::Gov2019);
    assert_eq!(r.meta.year, 2020);
    assert!(r.cells.is_empty());
    // A new report is not 175 red cells: one summary finding for the blanks of each table,
    // under its own part (issue 16).
    let o = nianbao(&["check", "--json", path(&out)]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let c5: Vec<_> = v[0]["findings"]
        .as_array()
        .expect("arr")
        .iter()
        .filter(|f| f["rule"] == "C5")
        .collect();
    let parts: Vec<u64> = c5.iter().filter_map(|f| f["part"].as_u64()).collect();
    assert_eq!(parts, vec![2, 3, 4]);
    // Refuses to overwrite.
    let before = std::fs::read(&out).expect("read");
    let o = nianbao(&["new", "--year", "2024", "-o", path(&out)]);
    assert_eq!(
        o.status.code(),
        Some(i32::from(EXIT_EXISTS)),
        "exit 4: the output exists"
    );
    assert_eq!(std::fs::read(&out).expect("read"), before);
    let o = nianbao(&[
        "new",
        "--format",
        "gov2030",
        "--year",
        "2024",
        "-o",
        path(&dir.path().join("x.ron")),
    ]);
    assert_eq!(
        o.status.code(),
        Some(i32::from(EXIT_USAGE)),
        "an unknown format is a command-line mistake"
    );
}

#[test]
fn import_then_check_each_seed() {
    let dir = tempfile::tempdir().expect("tempdir");
    // (seed, exit code of check, lines the check must print, rule ids it may print)
    let cases: [(&str, i32, &[&str], &[&str]); 4] = [
        (
            "huoshan-hrss-2021.txt",
            0,
            &["没有错误，2 处提醒"],
            &["C18"],
        ),
        (
            "luan-hrss-2023.txt",
            1,
            &[
                "提醒 I3：三、（四）1.本机关不掌握相关政府信息：原文这一行有 6 个数",
                "提醒 I1：原文中没有找到表四",
            ],
            &["C5", "C18", "I1", "I2", "I3"],
        ),
        (
            "taierzhuang-hrss-2021.txt",
            1,
            &[
                "错误 R1：三、（七）总计 · 总计 为 0，应为 3",
                "“29.313万元”带了单位",
                "错误 C8",
            ],
            &["R1", "C5", "C8", "C9"],
        ),
        ("qianjin-hrss-2022.txt", 1, &["错误 C6"], &["C6", "C18"]),
    ];
    for (seed, code, lines, allowed) in cases {
        let draft = dir.path().join(format!("{seed}.ron"));
        let o = nianbao(&["import", path(&common::data(seed)), "-o", path(&draft)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{seed}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(stdout(&o).contains("已导入"), "{}", stdout(&o));
        // Importing again never overwrites the draft the clerk may have edited.
        let again = nianbao(&["import", path(&common::data(seed)), "-o", path(&draft)]);
        assert_eq!(again.status.code(), Some(i32::from(EXIT_EXISTS)));
        assert!(String::from_utf8_lossy(&again.stderr).contains("已存在，未覆盖"));

        let o = nianbao(&["check", path(&draft)]);
        let s = stdout(&o);
        assert_eq!(o.status.code(), Some(code), "{seed}: {s}");
        for l in lines {
            assert!(s.contains(l), "{seed}: missing {l:?} in\n{s}");
        }
        for line in s
            .lines()
            .filter(|l| l.starts_with("  错误 ") || l.starts_with("  提醒 "))
        {
            let id = line[9..].split('：').next().unwrap_or("");
            assert!(allowed.contains(&id), "{seed}: unexpected {line}");
        }
    }
}

#[test]
fn import_a_word_document_then_check_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draft = dir.path().join("年报.ron");
    let o = nianbao(&[
        "import",
        path(&common::data("published-report.docx")),
        "-o",
        path(&draft),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = nianbao(&["check", path(&draft)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("没有错误，没有提醒"), "{}", stdout(&o));
    // The draft against its published copy: only the contact details, which the published
    // page leaves out, differ.
    let o = nianbao(&[
        "diff",
        path(&common::asset("sample-gov2021.ron")),
        path(&common::data("published-report.docx")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let changed: Vec<String> = stdout(&o).lines().skip(2).map(str::to_string).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].starts_with("报告信息 联系方式："), "{changed:?}");
    // An old .doc: a message in Chinese that says what to do, exit 2, nothing written.
    let doc = dir.path().join("旧.doc");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(2048, 0);
    std::fs::write(&doc, bytes).expect("write");
    let out = dir.path().join("旧.ron");
    let o = nianbao(&["import", path(&doc), "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("另存为"));
    assert!(!out.exists());
}

#[test]
fn a_reviewer_checks_published_reports_in_one_go() {
    // The four seeds as published (text), and the sample as a Word document: no draft needed.
    let seeds = [
        "huoshan-hrss-2021.txt",
        "luan-hrss-2023.txt",
        "qianjin-hrss-2022.txt",
        "taierzhuang-hrss-2021.txt",
    ]
    .map(common::data);
    let docx = common::data("published-report.docx");
    let mut args = vec!["check"];
    args.extend(seeds.iter().map(|p| path(p)));
    args.push(path(&docx));
    let o = nianbao(&args);
    let s = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{s}");
    for (agency, summary) in [
        ("霍山县人力资源和社会保障局", "没有错误，2 处提醒"),
        ("六安市人力资源和社会保障局", "2 处错误"),
        ("前进区人力资源和社会保障局", "1 处错误"),
        ("台儿庄区人力资源和社会保障局", "3 处错误"),
        ("桐溪县市场监督管理局", "没有错误，没有提醒"),
    ] {
        // Each file's section starts "== path：agency …" and its next line sums it up.
        let section = s
            .split("== ")
            .find(|sec| sec.lines().next().is_some_and(|l| l.contains(agency)))
            .unwrap_or_else(|| panic!("{agency} missing in\n{s}"));
        let head = section.lines().nth(1).unwrap_or("");
        assert!(
            head.contains(summary),
            "{agency}: {head:?}, want {summary:?}"
        );
    }
    assert!(
        s.contains("错误 R1：三、（七）总计 · 总计 为 0，应为 3"),
        "{s}"
    );
    // One line per report and a total, for a quick overview; a missing file is named in Chinese.
    let missing = std::path::PathBuf::from("不存在的报告.ron");
    args.insert(1, "--summary");
    args.push(path(&missing));
    let o = nianbao(&args);
    let s = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "a file could not be read: {s}");
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 7, "{s}");
    assert!(
        lines[3]
            .starts_with("台儿庄区人力资源和社会保障局 2021年度 · 起草 · 3 处错误，1 处提醒 · ")
    );
    assert!(
        lines[5].contains("不存在的报告.ron：文件或文件夹不存在"),
        "{s}"
    );
    assert_eq!(
        lines[6],
        "共 6 份：3 份有错误，1 份只有提醒，1 份没有问题，1 份无法读取"
    );
    // Checking writes nothing next to the reports.
    for p in seeds.iter().chain([&docx]) {
        assert!(!p.with_extension("ron").exists());
    }
}

/// A copy whose tables could not be read (here: a seed whose tables were pictures, so only its
/// text was copied) is imported with its cells left blank, never guessed; the import says so in
/// its first line and exits 3, and `check` leads with it. The prose is not compared with the
/// blank tables.
#[test]
fn an_import_that_places_less_than_half_says_so_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draft = dir.path().join("shuyang.ron");
    let seed = std::fs::read_to_string(common::data("luan-hrss-2023.txt")).expect("seed");
    // Every line that holds a table number goes, as when a table is a picture.
    let text: String = seed
        .lines()
        .filter(|l| !l.chars().any(|c| c.is_ascii_digit()) || l.chars().count() > 40)
        .map(|l| format!("{l}\n"))
        .collect();
    let source = dir.path().join("pictures.txt");
    std::fs::write(&source, text).expect("write");
    let o = common::nianbao(&["import", common::arg(&source), "-o", common::arg(&draft)]);
    assert_eq!(o.status.code(), Some(3), "{}", common::stdout(&o));
    let text = common::stdout(&o);
    let first = text.lines().next().unwrap_or("");
    assert!(
        first.starts_with("注意：只填入了 ") && first.contains("/200 格（不到一半）"),
        "{text}"
    );
    assert!(draft.exists());
    let o = common::nianbao(&["check", common::arg(&draft)]);
    let text = common::stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.len() > 2 && lines[1].starts_with("注意：只从原文中填入了"),
        "{text}"
    );
    assert!(text.contains("提醒 I6："), "{text}");
    assert!(!text.contains("C12"), "{text}");
    // A seed whose tables import says nothing of the kind, and exits 0.
    let seed = dir.path().join("huoshan.ron");
    let o = common::nianbao(&[
        "import",
        common::arg(&common::data("huoshan-hrss-2021.txt")),
        "-o",
        common::arg(&seed),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!common::stdout(&o).contains("不到一半"));
}

/// Empty or random bytes named like a report are no report: `check` and `import` say so and
/// write nothing (they were once "checked" as 「0年度报告」 with three errors).
#[test]
fn a_file_with_no_report_in_it_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let random: Vec<u8> = (0..3000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    for (name, bytes) in [
        ("random.txt", random.as_slice()),
        ("empty.html", b"".as_slice()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let o = common::nianbao(&["check", common::arg(&path)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("没有找到年度报告"), "{name}: {err}");
        let draft = dir.path().join(format!("{name}.ron"));
        let o = common::nianbao(&["import", common::arg(&path), "-o", common::arg(&draft)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(!draft.exists());
    }
}

/// Control characters typed into a cell (an escape sequence that would retitle the terminal,
/// a bell) are shown escaped by `check`, never sent raw.
#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = common::fixture(&common::asset("sample-gov2021.ron"));
    r.set_cell("t3.new.natural", "1\u{1b}]0;pwned\u{7}8");
    r.meta.agency = "某局\u{1b}[2J".into();
    let path = dir.path().join("ctl.ron");
    nianbao::store::save(&r, &path).expect("save");
    let o = common::nianbao(&["check", common::arg(&path)]);
    assert!(
        !o.stdout.iter().any(|b| *b == 0x1b || *b == 0x07),
        "{}",
        common::stdout(&o)
    );
    assert!(common::stdout(&o).contains("\\u{1b}]0;pwned\\u{7}"));
}

/// clap's own messages are English: the command line's mistakes are told in Chinese, exit 64.
#[test]
fn command_line_mistakes_are_told_in_chinese() {
    for (args, says) in [
        (vec!["check", "--bogus"], "不认识的参数 --bogus"),
        (vec!["import"], "缺少必需的参数"),
        (
            vec!["new", "--format", "gov2099", "-o", "x.ron"],
            "的值“gov2099”无效",
        ),
        (
            vec!["export", "x.ron", "--xlsx"],
            "参数 --xlsx <OUT.xlsx> 后面缺少值",
        ),
    ] {
        let o = common::nianbao(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(i32::from(EXIT_USAGE)),
            "{args:?}: {err}"
        );
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            !err.contains("error:") && !err.contains("Usage:"),
            "{args:?}: {err}"
        );
    }
}
