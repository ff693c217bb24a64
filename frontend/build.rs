//! The phone app's wasm is linked with `--emit-relocs`: `scripts/split-phone`
//! needs the relocations to cut it at its lazy routes (wasm-bindgen and
//! wasm-opt drop them from what is sent). The desk is not split.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=phone=--emit-relocs");
    }
}
