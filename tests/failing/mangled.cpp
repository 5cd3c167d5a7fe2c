// C++ with mangled names (kept so in the name section: linked with
// -no-demangle), failing two calls deep.
namespace config {
struct Reader {
    int fields;
    __attribute__((noinline)) int field(int index) const;
};

__attribute__((noinline)) int Reader::field(int index) const {
    if (index >= fields) {
        __builtin_trap();
    }
    return index;
}

__attribute__((noinline)) int load(const Reader &reader, int index) {
    return reader.field(index) + 1;
}
}  // namespace config

static int loaded;

extern "C" __attribute__((export_name("wizer.initialize"))) void init() {
    config::Reader reader{2};
    loaded = config::load(reader, 5);
}
