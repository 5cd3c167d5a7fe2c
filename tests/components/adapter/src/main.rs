//! Writes the WASI preview1 reactor adapter (pinned in Cargo.toml) to the
//! path given.
fn main() {
    let path = std::env::args().nth(1).expect("usage: write-adapter PATH");
    std::fs::write(
        path,
        wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
    )
    .expect("failed to write the adapter");
}
