// A constructor that fails: the failure is in `_initialize`, before init.
#include <stdlib.h>

static int ready;

__attribute__((noinline)) static void setup_defaults(void) {
    abort();
}

__attribute__((constructor)) static void start_up(void) {
    setup_defaults();
    ready = 1;
}

__attribute__((export_name("wizer.initialize"))) void init(void) {
    ready += 1;
}
