/* Risk report renderers fuzzer: any JSON document, read as a report, renders
 * as tables and as an HTML page without crashing, and no string in it can
 * open or close a script element of the page (the escaping holds).
 *
 * Input: one byte choosing the report kind to impose (0: keep the input's
 * own), then the JSON text. Imposing a kind sends malformed reports down
 * every kind's renderer. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/risk_render.h"

static const char *const kinds[] = {"staker", "operator", "set", "avs", "whatif", "all"};

static size_t count(const char *hay, size_t n, const char *needle) {
    size_t c = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0) c++;
    return c;
}

/* A scratch file for the page, made once per process. */
static const char *page_path(void) {
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/fuzz_risk_render_%d.html", (int)getpid());
    }
    return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    json_error_t e;
    json_t *r = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, &e);
    if (!r) return 0;
    unsigned pick = data[0] % 7;
    bool known = false;
    if (pick > 0 && json_is_object(r)) {
        json_object_set_new(r, "kind", json_string(kinds[pick - 1]));
        known = true;
    }
    char err[256];
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    int rc = rs_risk_render_table_width(r, devnull, data[0] & 0x80 ? 60 : 0, err, sizeof err);
    fclose(devnull);
    if (known && rc != 0) abort();
    if (rs_risk_render_html(r, page_path(), err, sizeof err) != 0) abort();
    FILE *f = fopen(page_path(), "rb");
    if (!f) abort();
    static char page[1 << 24];
    size_t n = fread(page, 1, sizeof page, f);
    fclose(f);
    /* The page's own two scripts, and nothing a report string could add. */
    if (n < sizeof page && (count(page, n, "<script") != 2 || count(page, n, "</script") != 2)) abort();
    json_decref(r);
    return 0;
}
