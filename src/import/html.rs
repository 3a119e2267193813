//! Saved web pages: the text of a page as the text importer reads it, with each table row on
//! one line and its cells separated by tabs.

use scraper::{ElementRef, Html, Node};

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
    let doc = Html::parse_document(html);
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    out
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
