fn main() {
    std::process::exit(stabil::cli::main());
}
