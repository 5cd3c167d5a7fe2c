// A C reactor whose initialization uses WASI the way real programs do:
// reads a file from a preopened directory, lists that directory, reads an
// environment variable, the clock and random bytes. The exports report what
// init saw, so a test can check the snapshot.
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char config[256];
static int config_len = -1;
static int entries = -1;
static char first_entry[64];
static char greeting[64];
static int greeting_len = -1;
static int64_t seconds = -1;
static unsigned char random_bytes[16];

__attribute__((export_name("wizer.initialize")))
void init(void) {
    FILE *f = fopen("data/config.txt", "r");
    if (f) {
        config_len = (int)fread(config, 1, sizeof config, f);
        fclose(f);
    }

    DIR *d = opendir("data");
    if (d) {
        entries = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            if (entries == 0) strncpy(first_entry, e->d_name, sizeof first_entry - 1);
            entries++;
        }
        closedir(d);
    }

    const char *g = getenv("GREETING");
    if (g) {
        strncpy(greeting, g, sizeof greeting - 1);
        greeting_len = (int)strlen(greeting);
    }

    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) == 0) seconds = ts.tv_sec;

    if (getentropy(random_bytes, sizeof random_bytes) != 0) random_bytes[0] = 0;
}

__attribute__((export_name("config_len"))) int get_config_len(void) { return config_len; }
__attribute__((export_name("config_byte"))) int get_config_byte(int i) {
    return i >= 0 && i < config_len ? config[i] : -1;
}
__attribute__((export_name("entries"))) int get_entries(void) { return entries; }
__attribute__((export_name("first_entry_byte"))) int get_first_entry_byte(int i) {
    return i >= 0 && i < (int)sizeof first_entry ? first_entry[i] : -1;
}
__attribute__((export_name("greeting_len"))) int get_greeting_len(void) { return greeting_len; }
__attribute__((export_name("greeting_byte"))) int get_greeting_byte(int i) {
    return i >= 0 && i < greeting_len ? greeting[i] : -1;
}
__attribute__((export_name("seconds"))) int64_t get_seconds(void) { return seconds; }
__attribute__((export_name("random_byte"))) int get_random_byte(int i) {
    return i >= 0 && i < 16 ? random_bytes[i] : -1;
}
