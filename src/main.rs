//! The `nianbao` binary: the app without arguments, headless commands with them.

fn main() -> std::process::ExitCode {
    nianbao::cli::main_with_args()
}
