fn main() {
    // The CLI lands with the renderers.
    std::process::exit(2);
}
