use clap::Parser;

fn main() {
    let cli = relucert::cli::Cli::parse();
    std::process::exit(relucert::cli::run(cli));
}
