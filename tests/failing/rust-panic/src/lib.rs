//! An init that panics three calls deep: `wizer.initialize` -> `init` ->
//! `cfg::load` -> `cfg::parse_port`, which `expect`s a number and gets
//! " abc ".

mod cfg {
    #[inline(never)]
    pub fn parse_port(text: &str) -> u16 {
        text.parse().expect("invalid port")
    }

    #[inline(never)]
    pub fn load(text: &str) -> u16 {
        parse_port(text.trim())
    }
}

static mut PORT: u16 = 0;

#[inline(never)]
fn init() -> u16 {
    cfg::load(std::hint::black_box(" abc "))
}

#[export_name = "wizer.initialize"]
pub extern "C" fn wizer_initialize() {
    unsafe { PORT = init() };
}

#[export_name = "port"]
pub extern "C" fn port() -> u32 {
    unsafe { PORT as u32 }
}
