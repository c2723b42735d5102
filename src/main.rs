use clap::Parser;
use clap::error::ErrorKind;

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
    std::process::exit(relucert::cli::run(cli));
}
