//! Saved web pages: the text of a page as the text importer reads it, with each table row on
//! one line and its cells separated by tabs.

use std::borrow::Cow;

use scraper::{ElementRef, Html, Node};

/// How deeply elements may nest before the parser sees them. A real page nests a few dozen
/// levels; the HTML parser's scope checks walk the stack of open elements at every tag, so a
/// page of 100 000 unclosed `<div>` took minutes. Containers below this depth are left out
/// (their text kept; a block container leaves a line break where it was).
pub const MAX_HTML_DEPTH: usize = 512;

/// How deeply tables and lists may nest: their structure is what the import reads, so they are
/// counted apart from the containers around them, and only a page no report has goes past.
pub const MAX_TABLE_DEPTH: usize = 64;

/// Elements read from a page at the most. A report's page has a few hundred (a portal's page
/// with its navigation a few thousand); the parser's tree costs some hundred bytes an element,
/// so a page of four million table cells took 1.1 GB. The rest of such a page is left out, and
/// the import says so.
pub const MAX_HTML_ELEMENTS: usize = 200_000;

/// Elements that never contain anything.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out: the parser closes them itself, so they do not
/// pile up however many are left open.
const SELF_CLOSING: [&str; 17] = [
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp",
];

/// Tables and lists: nested apart from the other containers (see [`MAX_TABLE_DEPTH`]).
const STRUCTURE: [&str; 5] = ["table", "ul", "ol", "dl", "select"];

/// Elements whose content is never report text.
const SKIP: [&str; 7] = [
    "script", "style", "head", "noscript", "template", "svg", "button",
];

/// Elements that start a new line.
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "center",
    "form",
];

/// The page's text: paragraphs and headings one per line; tables as rows of tab-separated
/// cells. A merged cell (rowspan/colspan) is written once, where it starts — as Word writes
/// it when a table is copied — and the importer places rows by their labels.
pub fn to_text(html: &str) -> String {
    to_text_bounded(html).0
}

/// [`to_text`], and how many elements the page has when it had more than
/// [`MAX_HTML_ELEMENTS`] (only those were read).
pub fn to_text_bounded(html: &str) -> (String, Option<usize>) {
    let (html, elements) = bounded_depth(html);
    let doc = Html::parse_document(&html);
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    (out, (elements > MAX_HTML_ELEMENTS).then_some(elements))
}

/// The page with the tags below [`MAX_HTML_DEPTH`] (tables and lists: [`MAX_TABLE_DEPTH`])
/// left out, in one pass over it (comments, scripts and styles are passed over whole). A
/// block container left out becomes an empty paragraph, so its text stays a line of its own. A page
/// within the depths comes back as it is.
fn bounded_depth(html: &str) -> (Cow<'_, str>, usize) {
    let bytes = html.as_bytes();
    let mut elements = 0usize;
    // Where the page is cut when it has too many elements.
    let mut cut_at = None;
    // Open elements counted, and start tags left out and not yet closed: containers, tables.
    let mut depth = [0usize; 2];
    let mut dropped = [0usize; 2];
    let mut cuts: Vec<(usize, usize, &str)> = Vec::new();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + off;
        let rest = &html[at..];
        let skip_to = |end: &str| rest.find(end).map_or(html.len(), |e| at + e + end.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
            continue;
        }
        let close = rest.starts_with("</");
        let name_start = at + if close { 2 } else { 1 };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let end = bytes[name_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(html.len(), |e| name_start + e + 1);
        if name_len == 0 {
            i = at + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let name = name.as_str();
        if !close && matches!(name, "script" | "style") {
            i = skip_to(&format!("</{name}"));
            continue;
        }
        i = end.max(at + 1);
        if !close {
            elements += 1;
            if elements == MAX_HTML_ELEMENTS + 1 {
                cut_at = Some(at);
            }
        }
        // Past the cut only the elements are counted.
        if cut_at.is_some() {
            continue;
        }
        if VOID.contains(&name) || SELF_CLOSING.contains(&name) || html[..end].ends_with("/>") {
            continue;
        }
        let kind = usize::from(STRUCTURE.contains(&name));
        let max = [MAX_HTML_DEPTH, MAX_TABLE_DEPTH][kind];
        let instead = if BLOCKS.contains(&name) {
            "<p></p>"
        } else {
            ""
        };
        if !close {
            if depth[kind] >= max {
                dropped[kind] += 1;
                cuts.push((at, end, instead));
            } else {
                depth[kind] += 1;
            }
        } else if dropped[kind] > 0 {
            dropped[kind] -= 1;
            cuts.push((at, end, instead));
        } else {
            depth[kind] = depth[kind].saturating_sub(1);
        }
    }
    let html = &html[..cut_at.unwrap_or(html.len())];
    if cuts.is_empty() {
        return (Cow::Borrowed(html), elements);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    let mut broke = false;
    for (a, b, instead) in cuts {
        let between = &html[from..a];
        out.push_str(between);
        // One line break for a run of left-out blocks with nothing between them: a million of
        // them must not become a million paragraphs.
        if !(broke && between.trim().is_empty()) {
            out.push_str(instead);
            broke = !instead.is_empty();
        }
        from = b;
    }
    out.push_str(&html[from..]);
    (Cow::Owned(out), elements)
}

fn newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// One step of the walk over the page, kept on a stack rather than the call stack: a page
/// nested 25 000 elements deep is read like any other.
enum Step<'a> {
    Enter(ElementRef<'a>),
    Text(&'a str),
    /// The end of an element; `true` when it was a block.
    Leave(bool),
}

/// The element's children as steps, last first (for a stack).
fn children<'a>(el: ElementRef<'a>, skip: bool, stack: &mut Vec<Step<'a>>) {
    let kids: Vec<Step<'a>> = el
        .children()
        .filter_map(|child| match child.value() {
            Node::Text(t) => Some(Step::Text(t)),
            Node::Element(e) if !(skip && SKIP.contains(&e.name())) => {
                ElementRef::wrap(child).map(Step::Enter)
            }
            _ => None,
        })
        .collect();
    stack.extend(kids.into_iter().rev());
}

fn walk(root: ElementRef<'_>, out: &mut String) {
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Text(t) => push_text(t, out),
            Step::Leave(block) => {
                if block {
                    newline(out);
                }
            }
            Step::Enter(el) => {
                let name = el.value().name();
                if SKIP.contains(&name) {
                    continue;
                }
                if name == "table" {
                    newline(out);
                    table(el, out);
                    continue;
                }
                if name == "br" || name == "hr" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    newline(out);
                }
                stack.push(Step::Leave(block));
                children(el, false, &mut stack);
            }
        }
    }
}

/// Source line breaks and indentation are not text: runs of white space become one space,
/// and none at all between two Chinese characters.
fn push_text(t: &str, out: &mut String) {
    let mut pending_space = false;
    for c in t.chars() {
        if c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
            pending_space = true;
            continue;
        }
        if pending_space {
            let prev = out.chars().last();
            let joins_han = prev.is_some_and(super::clean::is_han) && super::clean::is_han(c);
            if prev.is_some_and(|p| p != '\n' && p != '\t' && p != ' ') && !joins_han {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(if c == '\u{a0}' { ' ' } else { c });
    }
    if pending_space && !out.ends_with([' ', '\n', '\t']) && !out.is_empty() {
        out.push(' ');
    }
}

fn table(el: ElementRef<'_>, out: &mut String) {
    for row in el.descendants().filter_map(ElementRef::wrap) {
        if row.value().name() != "tr" || !belongs_to(row, el) {
            continue;
        }
        let cells: Vec<String> = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .map(cell_text)
            .collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
}

/// Whether a row belongs to this table and not to a table nested in one of its cells.
fn belongs_to(row: ElementRef<'_>, table: ElementRef<'_>) -> bool {
    row.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
        .is_some_and(|a| a.id() == table.id())
}

/// A cell's text on one line: a label the page wraps with <br> or <p> is one label.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut s = String::new();
    walk_inline(cell, &mut s);
    s.split(['\n', '\t'])
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .collect::<Vec<_>>()
        .join("")
}

fn walk_inline(el: ElementRef<'_>, out: &mut String) {
    let mut stack = Vec::new();
    children(el, true, &mut stack);
    while let Some(step) = stack.pop() {
        match step {
            Step::Text(t) => push_text(t, out),
            Step::Enter(e) => children(e, true, &mut stack),
            Step::Leave(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_below_the_depth_cap_go_and_their_text_stays() {
        let deep = format!(
            "<body>{}深处的文字{}<p>之后</p></body>",
            "<div>".repeat(MAX_HTML_DEPTH + 50),
            "</div>".repeat(MAX_HTML_DEPTH + 50)
        );
        let (bounded, _) = bounded_depth(&deep);
        // <body> is one level of the depth.
        assert_eq!(bounded.matches("<div>").count(), MAX_HTML_DEPTH - 1);
        assert_eq!(bounded.matches("</div>").count(), MAX_HTML_DEPTH - 1);
        assert_eq!(to_text(&deep).trim_start(), "深处的文字\n之后\n");
        // A page of more elements than any report's is read up to the cap, and says how many.
        let huge = format!(
            "<body><p>开头</p>{}</body>",
            "<div>格</div>".repeat(MAX_HTML_ELEMENTS + 10)
        );
        let (text, elements) = to_text_bounded(&huge);
        assert_eq!(elements, Some(MAX_HTML_ELEMENTS + 12));
        assert!(text.starts_with("开头\n格\n"));
        assert!(text.matches('格').count() < MAX_HTML_ELEMENTS);
        // Tables below any container depth keep their rows.
        let table = format!(
            "<body>{}<div>标题</div><table><tr><td>一</td><td>1</td></tr></table></body>",
            "<div>".repeat(MAX_HTML_DEPTH * 3)
        );
        assert!(
            to_text(&table).contains("标题\n一\t1\n"),
            "{:?}",
            to_text(&table)
        );
        // Within the cap, nothing changes; unclosed paragraphs do not count.
        let page = format!(
            "<body>{}<!-- <div> --><script>'<div>'</script></body>",
            "<p>段".repeat(5000)
        );
        assert!(matches!(bounded_depth(&page).0, Cow::Borrowed(_)));
    }

    #[test]
    fn rows_become_tab_lines() {
        let t = to_text(
            "<html><head><title>x</title><script>var a=1;</script></head><body>\
             <h1>某局2024年政府信息公开<br>工作年度报告</h1><p>正文\n  第一段。</p>\
             <table><tr><td rowspan=2>行政<br>许可</td><td>3</td></tr><tr><td>&nbsp;4 </td></tr></table>\
             </body></html>",
        );
        assert_eq!(
            t,
            "某局2024年政府信息公开\n工作年度报告\n正文第一段。\n行政许可\t3\n4\n"
        );
    }
}
