//! Both apps' wasm is linked with `--emit-relocs`: `scripts/split-app` needs
//! the relocations to cut each at its lazy routes (wasm-bindgen and wasm-opt
//! drop them from what is sent).

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=phone=--emit-relocs");
        println!("cargo:rustc-link-arg-bin=desk=--emit-relocs");
    }
}
