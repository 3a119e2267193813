//! A command line clap could not read, told in Chinese (clap's own words are English).

use std::io::Write;
use std::process::ExitCode;

use super::exit::EXIT_USAGE;

/// Reports a command line clap could not read, in Chinese (clap's own words are English); help
/// and version are printed as asked.
pub fn arguments_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有 {} 这个命令", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        // clap says a value was given empty when none followed the option at all.
        ErrorKind::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            format!("参数 {arg} 后面缺少值")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "参数 {arg} 的值“{}”无效{}",
            ctx(ContextKind::InvalidValue),
            match ctx(ContextKind::ValidValue) {
                v if v.is_empty() => String::new(),
                v => format!("，可用的值：{v}"),
            }
        ),
        ErrorKind::ArgumentConflict if arg.is_empty() => format!(
            "{} 不能与 {} 同时使用（命令写错了吗？）",
            ctx(ContextKind::InvalidSubcommand),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", ctx(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对")
        }
        ErrorKind::NoEquals | ErrorKind::TooFewValues => format!("参数 {arg} 缺少值"),
        _ => "命令行参数有误".to_string(),
    };
    let usage = match e.get(ContextKind::Usage) {
        Some(u) => format!("\n{}", u.to_string().replace("Usage:", "用法：")),
        None => String::new(),
    };
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "错误：{what}{usage}\n（nianbao --help 列出全部命令和参数）"
    );
    ExitCode::from(EXIT_USAGE)
}
