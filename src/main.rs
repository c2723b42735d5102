use clap::Parser;
use clap::error::ErrorKind;

/// mimalloc instead of the system allocator: certificates hold about a million small heap
/// values, built and dropped on every rayon thread, where glibc's per-thread arenas spend a
/// large share of the run growing and trimming their heaps (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Ctrl-C while a certificate is written removes its temporary file (the library leaves
    // signal handlers to its host program).
    relucert::output::enable_signal_cleanup();
    let cli = match relucert::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e.exit(),
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        Err(e) => {
            // One line: clap's message up to its usage block, then where to find the usage.
            let text = e.to_string();
            let message: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
                .collect();
            eprintln!("{} (see relucert --help)", message.join(" "));
            std::process::exit(2);
        }
    };
    // A reader that stops early (`relucert show … | head`) closes stdout: the next print panics
    // with a broken pipe. That is not an error of the run: say nothing, let the unwinding remove
    // any temporary output file, and exit as a process killed by SIGPIPE would (141).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_broken_pipe(info.payload()) {
            default_hook(info);
        }
    }));
    let code = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| relucert::cli::run(cli))) {
        Ok(code) => code,
        Err(payload) if is_broken_pipe(payload.as_ref()) => 141,
        Err(payload) => std::panic::resume_unwind(payload),
    };
    std::process::exit(code);
}

/// Whether a panic is `println!`'s on a closed stdout (EPIPE), or a certificate written to a
/// closed stdout (`-o -`, [`relucert::output::ClosedStdout`]).
fn is_broken_pipe(payload: &(dyn std::any::Any + Send)) -> bool {
    if payload.is::<relucert::output::ClosedStdout>() {
        return true;
    }
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.starts_with("failed printing to stdout") && text.contains("Broken pipe")
}
