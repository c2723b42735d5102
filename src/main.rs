use clap::Parser;
use clap::error::ErrorKind;

fn main() {
    let cli = match relucert::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => e.exit(),
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        Err(e) => {
            // One line: clap's first line, then where to find the usage.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            eprintln!("{first} (see relucert --help)");
            std::process::exit(2);
        }
    };
    std::process::exit(relucert::cli::run(cli));
}
