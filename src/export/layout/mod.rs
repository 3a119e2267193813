//! Where everything goes on the page (GB/T 9704-style), without touching PDF: the output is a
//! list of pages of positioned text and rules, so the layout can be tested on its own.
//!
//! Coordinates are points from the top-left of an A4 page.

use crate::core::{Report, check, tally};

mod linebreak;
mod table;

use linebreak::is_wide;
pub use linebreak::{NO_END, NO_START, break_lines};

/// The faces the document uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    /// 小标宋: the title.
    Title,
    /// 黑体: 「一、」 headings.
    Hei,
    /// 仿宋: body text and tables.
    Fang,
    /// 楷体: 「（一）」 headings.
    Kai,
    /// 宋体 digits: page numbers.
    Song,
}

/// How text is measured: the layout asks, the PDF side answers from the real fonts.
pub trait Measure {
    /// Advance of `ch` in `face` at 1 pt.
    fn advance(&self, face: Face, ch: char) -> f32;
}

/// A run of text placed on a page; `x` is the left edge, `y` the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// Left edge.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Size in points.
    pub size: f32,
    /// Face.
    pub face: Face,
    /// The characters.
    pub text: String,
    /// Extra space after every character (negative to fit the 28-character grid).
    pub spacing: f32,
}

/// A ruled line.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Start.
    pub x1: f32,
    /// Start.
    pub y1: f32,
    /// End.
    pub x2: f32,
    /// End.
    pub y2: f32,
    /// Thickness.
    pub width: f32,
}

/// One page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Text runs.
    pub texts: Vec<Text>,
    /// Ruled lines.
    pub rules: Vec<Rule>,
}

/// A4 in points.
pub const PAGE_W: f32 = 595.276;
/// A4 in points.
pub const PAGE_H: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;
/// 天头 37 mm.
pub const TOP: f32 = 37.0 * MM;
/// 订口 28 mm.
pub const LEFT: f32 = 28.0 * MM;
/// Text block 156 mm wide.
pub const BLOCK_W: f32 = 156.0 * MM;
/// Text block 225 mm high.
pub const BLOCK_H: f32 = 225.0 * MM;
/// 3号.
pub const BODY: f32 = 16.0;
/// 22 lines a page.
pub const LINE: f32 = BLOCK_H / 22.0;
/// 28 characters a line.
pub const PITCH: f32 = BLOCK_W / 28.0;

/// The layout of a whole report.
pub struct Layout<'a> {
    m: &'a dyn Measure,
    pages: Vec<Page>,
    /// Lines used on the current page (on the body grid).
    y: f32,
}

impl<'a> Layout<'a> {
    fn new(m: &'a dyn Measure) -> Self {
        Layout {
            m,
            pages: vec![Page::default()],
            y: TOP,
        }
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn room(&self) -> f32 {
        TOP + BLOCK_H - self.y
    }

    fn width(&self, face: Face, size: f32, s: &str) -> f32 {
        s.chars().map(|c| self.m.advance(face, c) * size).sum()
    }

    /// A paragraph on the body grid: 28 characters a line, 22 lines a page.
    fn paragraph(&mut self, text: &str, face: Face, indent: bool, keep_with_next: bool) {
        let advance = |c: char| {
            if is_wide(c) {
                PITCH
            } else {
                self.m.advance(face, c) * BODY
            }
        };
        let first = if indent { 2.0 * PITCH } else { 0.0 };
        let lines = break_lines(text.trim(), BLOCK_W, first, &advance);
        let needed = if keep_with_next { 2.0 * LINE } else { LINE };
        if self.room() < needed - 0.01 {
            self.new_page();
        }
        let last_line = lines.len().saturating_sub(1);
        for (i, line) in lines.iter().enumerate() {
            if self.room() < LINE - 0.01 {
                self.new_page();
            }
            let indent = if i == 0 { first } else { 0.0 };
            // Justified like a printed document: what is left at the end of a full line is
            // shared out between its CJK characters (the last line stays ragged).
            let mut spacing = PITCH - BODY;
            let wide = line.chars().filter(|c| is_wide(*c)).count();
            let used: f32 = line.chars().map(advance).sum();
            let left = BLOCK_W - indent - used;
            if i < last_line && wide > 1 && left > 0.0 && left < 2.0 * PITCH {
                spacing += left / wide as f32;
            }
            let baseline = self.y + LINE * 0.78;
            self.page().texts.push(Text {
                x: LEFT + indent,
                y: baseline,
                size: BODY,
                face,
                text: line.clone(),
                spacing,
            });
            self.y += LINE;
        }
    }

    /// Text of one part, paragraph by paragraph; 「（一）」 lines in 楷体.
    fn prose(&mut self, text: &str) {
        for para in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            let is_sub = para.starts_with('（')
                && para.chars().nth(2) == Some('）')
                && para.chars().count() < 30;
            self.paragraph(
                para,
                if is_sub { Face::Kai } else { Face::Fang },
                true,
                is_sub,
            );
        }
    }

    fn title(&mut self, title: &str) {
        let size = 22.0;
        let advance = |c: char| self.m.advance(Face::Title, c) * size;
        let total: f32 = title.chars().map(advance).sum();
        // Balanced lines: as few as fit the block, each about the same length — widen the
        // measure step by step until the text takes no more lines than that.
        let n = (total / BLOCK_W).ceil().max(1.0) as usize;
        let mut target = total / n as f32;
        let mut lines = break_lines(title, target, 0.0, &advance);
        while lines.len() > n && target < BLOCK_W {
            target = (target + size * 0.5).min(BLOCK_W);
            lines = break_lines(title, target, 0.0, &advance);
        }
        for line in lines {
            let w: f32 = line.chars().map(advance).sum();
            let baseline = self.y + size * 1.1;
            self.page().texts.push(Text {
                x: LEFT + (BLOCK_W - w) / 2.0,
                y: baseline,
                size,
                face: Face::Title,
                text: line,
                spacing: 0.0,
            });
            self.y += size * 1.5;
        }
        self.y += LINE;
    }

    fn heading(&mut self, text: &str) {
        // Never alone at the foot of a page: the heading, a sub-heading and a line of text
        // must fit, or it starts the next page.
        if self.room() < 3.0 * LINE - 0.01 {
            self.new_page();
        }
        self.paragraph(text, Face::Hei, true, true);
    }

    /// The signature block: agency and date, right-aligned four characters in.
    fn signature(&mut self, agency: &str, date: &str) {
        self.y += LINE;
        for line in [agency, date] {
            if line.is_empty() {
                continue;
            }
            if self.room() < LINE {
                self.new_page();
            }
            let w: f32 = line
                .chars()
                .map(|c| {
                    if is_wide(c) {
                        PITCH
                    } else {
                        self.m.advance(Face::Fang, c) * BODY
                    }
                })
                .sum();
            let x = LEFT + BLOCK_W - 4.0 * PITCH - w;
            let baseline = self.y + LINE * 0.78;
            self.page().texts.push(Text {
                x: x.max(LEFT),
                y: baseline,
                size: BODY,
                face: Face::Fang,
                text: line.to_string(),
                spacing: PITCH - BODY,
            });
            self.y += LINE;
        }
    }

    /// Page numbers 「— N —」 and the draft mark.
    fn finish(mut self, draft: Option<String>) -> Vec<Page> {
        for (i, page) in self.pages.iter_mut().enumerate() {
            let label = format!("— {} —", i + 1);
            let size = 14.0;
            let w: f32 = label
                .chars()
                .map(|c| self.m.advance(Face::Song, c) * size)
                .sum();
            let odd = (i + 1) % 2 == 1;
            let x = if odd {
                LEFT + BLOCK_W - PITCH - w
            } else {
                LEFT + PITCH
            };
            page.texts.push(Text {
                x,
                y: TOP + BLOCK_H + 7.0 * MM + size,
                size,
                face: Face::Song,
                text: label,
                spacing: 0.0,
            });
            if let Some(mark) = &draft {
                let msize = 12.0;
                let w: f32 = mark
                    .chars()
                    .map(|c| self.m.advance(Face::Hei, c) * msize)
                    .sum();
                page.texts.push(Text {
                    x: LEFT + (BLOCK_W - w) / 2.0,
                    y: TOP - 14.0 * MM,
                    size: msize,
                    face: Face::Hei,
                    text: mark.clone(),
                    spacing: 0.0,
                });
            }
        }
        self.pages
    }
}

/// Which copy of the report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    /// The copy for signature and seal.
    SignOff,
    /// The 审核稿: comments, verified warnings and history in an appendix.
    Review,
}

/// Lays out a whole report.
pub fn layout(report: &Report, m: &dyn Measure) -> Vec<Page> {
    layout_with(report, m, Edition::SignOff)
}

/// The line at the top of every page: only a 定稿 (signed off, which needs zero errors) prints
/// clean; 待审核 prints 「待审核」, a draft being written 「草稿」, one sent back
/// 「草稿（退回修改）」, with the number of errors when there are any. A review copy says so.
pub fn page_mark(report: &Report, edition: Edition) -> Option<String> {
    use crate::core::review::Status;
    let (errors, _) = tally(&check(report));
    let word = match report.review.status {
        Status::Final => None,
        Status::Submitted => Some("待审核"),
        Status::Returned => Some("草稿（退回修改）"),
        Status::Drafting => Some("草稿"),
    };
    let mut mark = match (word, errors) {
        (Some(w), 0) => Some(w.to_string()),
        (Some(w), n) => Some(format!("{w} — 尚有 {n} 处数据错误")),
        (None, _) => None,
    };
    if edition == Edition::Review {
        mark = Some(match mark {
            Some(m) => format!("审核稿 · {m}"),
            None => format!("审核稿 · {}", report.review.status.chinese()),
        });
    }
    mark
}

/// Lays out a whole report; a review copy adds the comments, verified warnings and history as
/// an appendix (a 定稿 PDF never prints them).
pub fn layout_with(report: &Report, m: &dyn Measure, edition: Edition) -> Vec<Page> {
    let mut l = Layout::new(m);
    l.title(&report.title());
    if !report.meta.lead.trim().is_empty() {
        l.prose(&report.meta.lead);
    }
    let t = report.template();
    for part in &t.parts {
        // A table's heading goes with the table's header and first rows.
        if !part.is_prose && l.room() < 7.0 * LINE {
            l.new_page();
        }
        l.heading(part.heading);
        let text = report.part(part.number);
        if part.is_prose {
            l.prose(&text.intro);
            for s in &text.sections {
                if !s.heading.trim().is_empty() {
                    l.paragraph(s.heading.trim(), Face::Kai, true, true);
                }
                l.prose(&s.body);
            }
        } else {
            if !text.intro.trim().is_empty() {
                l.prose(&text.intro);
            }
            if let Some(table) = t.tables.iter().find(|tb| tb.part == part.number) {
                l.table(report, table);
            }
        }
    }
    if !report.meta.contact.trim().is_empty()
        && !report.meta.lead.contains(report.meta.contact.trim())
    {
        l.prose(&format!("联系方式：{}", report.meta.contact.trim()));
    }
    let date = report
        .meta
        .issue_date
        .map(|d| d.chinese())
        .unwrap_or_default();
    l.signature(report.meta.agency.trim(), &date);
    if edition == Edition::Review {
        review_appendix(&mut l, report);
    }
    l.finish(page_mark(report, edition))
}

fn review_appendix(l: &mut Layout, report: &Report) {
    use crate::core::wording::{comment_line, describe_entry};
    l.new_page();
    if !report.sources.is_empty() {
        l.heading("附：汇总的报告");
        let lines: Vec<String> = report
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let errors = if s.errors > 0 {
                    format!("，汇总时有 {} 处错误", s.errors)
                } else {
                    String::new()
                };
                format!("{}. {}（{}{errors}）", i + 1, s.agency, s.file)
            })
            .collect();
        l.prose(&lines.join("\n"));
    }
    l.heading("附：审核意见");
    let r = &report.review;
    let mut lines = Vec::new();
    if r.comments.is_empty() {
        lines.push("（无批注）".to_string());
    }
    let shown = appendix_comments(&r.comments);
    for c in &shown {
        lines.push(comment_line(report, c));
    }
    if shown.len() < r.comments.len() {
        lines.push(format!(
            "（共 {} 条批注，此处列出 {} 条，未解决的在先；其余 {} 条见草稿的批注列表）",
            r.comments.len(),
            shown.len(),
            r.comments.len() - shown.len()
        ));
    }
    l.prose(&lines.join("\n"));
    if !r.verified.is_empty() {
        l.heading("已核实的提醒");
        let v: Vec<String> = r
            .verified
            .iter()
            .map(|v| {
                format!(
                    "{} {}：{}（{}，{}）",
                    v.rule,
                    v.rule.title(),
                    v.note,
                    v.by,
                    crate::core::wording::short_time(&v.at)
                )
            })
            .collect();
        l.prose(&v.join("\n"));
    }
    if !r.history.is_empty() {
        l.heading("修订记录");
        // The latest entries: the appendix is read before signing.
        let skipped = r.history.len().saturating_sub(APPENDIX_MAX);
        let mut h: Vec<String> = Vec::new();
        if skipped > 0 {
            h.push(format!(
                "（更早的 {skipped} 条修订记录未列出，见草稿的修订记录）"
            ));
        }
        h.extend(
            r.history
                .iter()
                .skip(skipped)
                .map(|e| describe_entry(report, e)),
        );
        l.prose(&h.join("\n"));
    }
}

/// At most this many comments, and this many history entries, are printed in the 审核稿's
/// appendix. Past it the appendix runs to thousands of pages nobody reads before signing (a
/// draft with 100 000 comments: 13 000 pages, 7 s and 1.2 GB to write); the rest stay in the
/// draft, and the appendix says how many it left out and where they are.
pub const APPENDIX_MAX: usize = 2_000;

/// The comments the appendix prints: all of them up to [`APPENDIX_MAX`]; past it the
/// unresolved first, then the resolved, each in the draft's order.
fn appendix_comments(
    all: &[crate::core::review_model::Comment],
) -> Vec<&crate::core::review_model::Comment> {
    if all.len() <= APPENDIX_MAX {
        return all.iter().collect();
    }
    let mut shown: Vec<&crate::core::review_model::Comment> = all
        .iter()
        .filter(|c| !c.resolved)
        .take(APPENDIX_MAX)
        .collect();
    let room = APPENDIX_MAX - shown.len();
    shown.extend(all.iter().filter(|c| c.resolved).take(room));
    shown
}

#[cfg(test)]
mod tests;
