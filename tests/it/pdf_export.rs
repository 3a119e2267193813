//! The sign-off PDF, read back as a reviewer's viewer would (in Rust: `common::pdf`).

use crate::common;

use std::process::Command;

use nianbao::core::Report;
use nianbao::export::layout::{Face, layout};
use nianbao::export::pdf::{PdfFonts, export_pdf};

fn fonts() -> PdfFonts {
    match PdfFonts::bundled() {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

fn pdf_of(report: &Report) -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let bytes = export_pdf(report, &fonts()).expect("export");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &bytes).expect("write");
    (dir, path, bytes)
}

/// The text of each page.
fn page_texts(path: &std::path::Path) -> Vec<String> {
    common::pdf::Pdf::open(path).pages()
}

/// All the text of a PDF.
fn text(path: &std::path::Path) -> String {
    common::pdf::Pdf::open(path).text()
}

/// The fonts of a PDF, one line each: name, embedded, subset, Unicode map.
fn font_list(path: &std::path::Path) -> String {
    common::pdf::Pdf::open(path)
        .fonts()
        .iter()
        .map(|f| format!("{} {} {} {}", f.name, f.embedded, f.subset, f.unicode))
        .collect::<Vec<_>>()
        .join("\n")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_sample_reads_back_in_order() {
    let report = common::fixture(&common::asset("sample-gov2021.ron"));
    let (_dir, path, bytes) = pdf_of(&report);
    let text = text(&path);
    let flat = squeeze(&text);
    assert!(flat.contains(&squeeze(&report.title())), "title");
    let t = report.template();
    let mut at = 0;
    for part in &t.parts {
        let found = flat[at..]
            .find(part.heading)
            .unwrap_or_else(|| panic!("{} missing or out of order", part.heading));
        at += found;
    }
    for table in &t.tables {
        for block in &table.blocks {
            for h in block.header.iter().flatten() {
                assert!(flat.contains(&squeeze(h.text)), "header {}", h.text);
            }
            for row in &block.rows {
                for label in &row.path {
                    assert!(flat.contains(&squeeze(label)), "row label {label}");
                }
            }
            // Every number, row by row, in reading order.
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let mut k = 0;
            for row in &block.rows {
                for col in &block.columns {
                    let idx = t.find(table.id, row.id, col.id).expect("cell");
                    let v = report.cell_text(&t.cells[idx].id).trim();
                    let pos = tokens[k..]
                        .iter()
                        .position(|x| *x == v)
                        .unwrap_or_else(|| panic!("{} = {v} not found in order", t.cells[idx].id));
                    k += pos + 1;
                }
            }
        }
    }
    // A4, subset fonts with a Unicode map, document metadata.
    let pdf = common::pdf::Pdf::open(&path);
    let (w, h) = pdf.page_size();
    assert!(
        (w - 595.276).abs() < 0.01 && (h - 841.89).abs() < 0.01,
        "{w} x {h}"
    );
    assert_eq!(pdf.info("Author").as_deref(), Some("桐溪县市场监督管理局"));
    assert_eq!(
        pdf.info("Title").as_deref(),
        Some("桐溪县市场监督管理局2024年政府信息公开工作年度报告")
    );
    let fonts = pdf.fonts();
    assert!(!fonts.is_empty());
    for f in &fonts {
        assert!(
            f.embedded && f.subset && f.unicode,
            "embedded, subset, Unicode: {f:?}"
        );
    }
    // Language: in the catalog and in the XMP metadata, with the title and the agency.
    assert_eq!(pdf.lang().as_deref(), Some("zh-CN"));
    let xmp = pdf.xmp().unwrap_or_default();
    assert!(
        xmp.contains("<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li>"),
        "{xmp}"
    );
    assert!(xmp.contains("桐溪县市场监督管理局2024年政府信息公开工作年度报告</rdf:li>"));
    assert!(xmp.contains("<dc:creator><rdf:Seq><rdf:li>桐溪县市场监督管理局</rdf:li>"));
    // The viewer's window shows the title, not the file name.
    assert!(pdf.displays_title());
    // The budget: under 150 KB (135 KB today, 83 KB of it the 仿宋 subset).
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    // Not signed off yet: every page says 草稿 (without an error count: there are none).
    assert!(flat.contains("草稿"), "a draft says so");
    assert!(!flat.contains("尚有"), "no errors to count");
}

#[test]
fn a_signed_off_report_prints_clean_and_one_under_review_says_so() {
    use nianbao::core::review::{Status, set_status};
    let mut report = common::fixture(&common::asset("sample-gov2021.ron"));
    set_status(
        &mut report,
        Status::Submitted,
        "王起草",
        "2025-01-18T09:00:00+08:00",
        None,
    )
    .expect("submit");
    let (_dir, path, _) = pdf_of(&report);
    let pages = page_texts(&path);
    assert!(pages.iter().all(|p| p.contains("待审核")), "{pages:?}");
    set_status(
        &mut report,
        Status::Final,
        "李审核",
        "2025-01-20T09:00:00+08:00",
        None,
    )
    .expect("sign off");
    let (_dir, path, _) = pdf_of(&report);
    let flat = squeeze(&text(&path));
    assert!(
        !flat.contains("草稿") && !flat.contains("待审核"),
        "定稿 prints clean"
    );
}

#[test]
fn a_report_with_errors_is_marked_draft_on_every_page() {
    let report = common::fixture(&common::data("taierzhuang-2021.ron"));
    let (_dir, path, _) = pdf_of(&report);
    let pages = page_texts(&path);
    assert!(pages.len() >= 3);
    for p in pages {
        assert!(p.contains("草稿 — 尚有 3 处数据错误"), "{p}");
    }
}

#[test]
fn long_text_breaks_pages_without_orphans_and_tables_repeat_their_header() {
    let mut report = common::fixture(&common::asset("sample-gov2021.ron"));
    for s in &mut report.parts[0].sections {
        s.body = s.body.repeat(4);
    }
    let pages = layout(&report, &fonts());
    assert!(pages.len() >= 6, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        // The last thing on a page (page number and draft mark aside) is never a heading.
        let last = page
            .texts
            .iter()
            .filter(|t| t.face != Face::Song && t.y > nianbao::export::layout::TOP)
            .max_by(|a, b| a.y.total_cmp(&b.y));
        if let Some(t) = last {
            assert!(
                !matches!(t.face, Face::Hei | Face::Kai),
                "page {}: heading {} at the foot",
                i + 1,
                t.text
            );
        }
    }
    // Table 三 spans pages: its header and its merged label come again on each.
    let with_header: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.texts.iter().any(|t| t.text == "申请人情况"))
        .map(|(i, _)| i)
        .collect();
    assert!(with_header.len() >= 2, "{with_header:?}");
    for i in &with_header {
        assert!(
            pages[*i].texts.iter().any(|t| t.text.starts_with("三、本")),
            "page {}",
            i + 1
        );
    }
}

/// `nianbao export` of the sample to a PDF in a fresh folder, with `NIANBAO_SYSTEM_FONTS` set
/// when `system_fonts` is given; a failed export fails the test.
fn export_sample(
    system_fonts: Option<&std::path::Path>,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("年报.pdf");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    if let Some(d) = system_fonts {
        cmd.env("NIANBAO_SYSTEM_FONTS", d);
    }
    let o = cmd
        .arg("export")
        .arg(common::asset("sample-gov2021.ron"))
        .arg("--pdf")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (dir, out)
}

#[test]
fn the_command_line_writes_the_pdf() {
    let (_dir, out) = export_sample(None);
    let head = std::fs::read(&out).expect("pdf");
    assert!(head.starts_with(b"%PDF-"));
}

#[test]
fn an_installed_official_face_is_found_by_its_family_name() {
    // A stand-in named 仿宋_GB2312 in its name table, under a file name no list would guess.
    let (_dir, out) = export_sample(Some(&common::data("official-fonts")));
    let pf = font_list(&out);
    assert!(pf.contains("nianbao-test-FangSong_GB2312"), "{pf}");
    // It only has Latin letters and digits: the Chinese text falls back to the bundled 仿宋.
    assert!(pf.contains("FandolFangLean-Regular"), "{pf}");
    let text = squeeze(&text(&out));
    assert!(text.contains("全年通过县政府门户网站"), "{text}");
}

#[test]
fn characters_the_body_face_lacks_still_print() {
    // FandolFang Lean has no 堃, 喆, 玥 (personal names): they come from the fallback face.
    let mut report = common::fixture(&common::asset("sample-gov2021.ron"));
    report.parts[5].intro.push_str("联系人：王堃、李喆、张玥。");
    let (_dir, path, _) = pdf_of(&report);
    let text = squeeze(&text(&path));
    assert!(text.contains("联系人：王堃、李喆、张玥。"), "{text}");
    let pf = font_list(&path);
    assert!(
        pf.contains("NotoSansCJKsc-Regular"),
        "the fallback face is embedded: {pf}"
    );
}

/// The lean Fandol faces are made by simplifying every outline (`fonts/lean.py`). When FontForge's
/// simplification breaks a glyph it flings a control point 3 to 23 em away; the script keeps such
/// glyphs unsimplified (it allows a point at most 0.6 em outside the original glyph's box).
#[test]
fn every_glyph_of_the_lean_faces_stays_inside_its_em() {
    use skrifa::instance::{LocationRef, Size};
    use skrifa::outline::{DrawSettings, OutlinePen};
    use skrifa::{FontRef, MetadataProvider};

    #[derive(Default)]
    struct Extent {
        min: (f32, f32),
        max: (f32, f32),
    }
    impl Extent {
        fn add(&mut self, x: f32, y: f32) {
            self.min = (self.min.0.min(x), self.min.1.min(y));
            self.max = (self.max.0.max(x), self.max.1.max(y));
        }
    }
    impl OutlinePen for Extent {
        fn move_to(&mut self, x: f32, y: f32) {
            self.add(x, y);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.add(x, y);
        }
        fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
            self.add(cx, cy);
            self.add(x, y);
        }
        fn curve_to(&mut self, ax: f32, ay: f32, bx: f32, by: f32, x: f32, y: f32) {
            self.add(ax, ay);
            self.add(bx, by);
            self.add(x, y);
        }
        fn close(&mut self) {}
    }

    for name in ["FandolFang-Lean.otf", "FandolKai-Lean.otf"] {
        let bytes = nianbao::fonts::read_font(name).expect("bundled font");
        let font = FontRef::new(&bytes).expect("parses");
        let upem = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        let outlines = font.outline_glyphs();
        let mut hanzi = 0;
        for (cp, gid) in font.charmap().mappings() {
            let glyph = outlines
                .get(gid)
                .expect("every mapped glyph has an outline");
            let mut e = Extent::default();
            glyph
                .draw(
                    DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
                    &mut e,
                )
                .expect("draws");
            let (lo, hi) = (-upem, 2.0 * upem);
            assert!(
                e.min.0 >= lo && e.min.1 >= lo && e.max.0 <= hi && e.max.1 <= hi,
                "{name}: U+{cp:04X} reaches ({:?}, {:?}) on an em of {upem}",
                e.min,
                e.max
            );
            if (0x4E00..=0x9FFF).contains(&cp) {
                hanzi += 1;
            }
        }
        // All of GB2312's 6 763 hanzi and then some, as in the original Fandol fonts.
        assert!(hanzi > 6763, "{name}: {hanzi} hanzi");
    }
}

/// The width a text takes on the page.
fn text_width(fonts: &PdfFonts, t: &nianbao::export::layout::Text) -> f32 {
    use nianbao::export::layout::Measure;
    // As the PDF draws it: the grid's spacing goes to the wide characters only.
    t.text
        .chars()
        .map(|c| {
            let adv = fonts.advance(t.face, c) * t.size;
            if t.spacing != 0.0 && adv > t.size * 0.75 {
                adv + t.spacing
            } else {
                adv
            }
        })
        .sum()
}

/// No two texts on the same line overlap, and none leaves the type block.
fn nothing_spills(report: &Report) {
    use nianbao::export::layout::{BLOCK_W, LEFT, NO_START, PITCH};
    let fonts = fonts();
    for (p, page) in layout(report, &fonts).iter().enumerate() {
        let spans: Vec<(f32, f32, f32, &str)> = page
            .texts
            .iter()
            .filter(|t| t.face != Face::Song)
            .map(|t| (t.y, t.x, t.x + text_width(&fonts, t), t.text.as_str()))
            .collect();
        for &(_, x0, x1, s) in &spans {
            // A closing mark hangs over the edge of a full line, as print does.
            let hang = if s.ends_with(NO_START) { PITCH } else { 0.0 };
            assert!(
                x0 >= LEFT - 1.0 && x1 <= LEFT + BLOCK_W + hang + 1.0,
                "page {}: “{s}” leaves the type block ({x0}–{x1})",
                p + 1
            );
        }
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i + 1..] {
                let same_line = (a.0 - b.0).abs() < 0.5;
                let overlap = a.1 < b.2 - 0.5 && b.1 < a.2 - 0.5;
                assert!(
                    !(same_line && overlap),
                    "page {}: “{}” and “{}” overlap",
                    p + 1,
                    a.3,
                    b.3
                );
            }
        }
    }
}

/// Issue 17: a note typed into a cell wraps inside its cell and the row grows; a six-digit
/// number is set smaller, never broken or spilled; 「1,234」 stays whole.
#[test]
fn cell_text_stays_in_its_cell() {
    let mut r = common::fixture(&common::asset("sample-gov2021.ron"));
    r.set_cell(
        "t3.granted.business",
        "其中二件为依申请公开转主动公开处理的情形共计两件",
    );
    r.set_cell(
        "t3.new.total",
        "另有三十件按信访渠道处理未计入本表统计口径之内",
    );
    r.set_cell("t4.cases.review_upheld", "123456");
    r.set_cell("t4.cases.suit_after_total", "1,234,567");
    nothing_spills(&r);
    let fonts = fonts();
    let pages = layout(&r, &fonts);
    let texts: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.texts.iter().map(|t| t.text.as_str()))
        .collect();
    assert!(texts.contains(&"123456"), "the number is whole");
    assert!(texts.contains(&"1,234,567"), "the number is whole");
}

/// Issue 17: the title never parts a year from its 年, however the agency's name wraps it.
#[test]
fn the_title_keeps_the_year_with_its_character() {
    let fonts = fonts();
    for pad in 0..12 {
        let mut r = common::fixture(&common::asset("sample-gov2021.ron"));
        r.meta.agency = format!("{}市场监督管理局", "某".repeat(pad));
        let title: Vec<String> = layout(&r, &fonts)[0]
            .texts
            .iter()
            .filter(|t| t.face == Face::Title)
            .map(|t| t.text.clone())
            .collect();
        assert!(title.concat().contains("2024年"), "{title:?}");
        for pair in title.windows(2) {
            assert!(
                !(pair[0].ends_with(|c: char| c.is_ascii_digit()) && pair[1].starts_with('年')),
                "{title:?}"
            );
        }
        nothing_spills(&r);
    }
}
